import unicodedata

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.layanan_base.models.layanan_rate_limit import RateLimited

from ..models.portal_form import FormErrors


def echo_values(post, limits):
    """The posted text as the page may show it back: without control characters and
    not longer than its field takes."""
    echo = {}
    for name, value in post.items():
        if isinstance(value, str):
            value = "".join(c for c in value if unicodedata.category(c) != "Cc" or c in "\n\r\t")
            value = value[: limits.get(name, 10000)]
        echo[name] = value
    return echo


def form_error(values, post, error):
    """Show `error` on the form page `values`: field by field, or for the whole form,
    with what was typed (as the page may show it back)."""
    if isinstance(error, FormErrors):
        values["errors"].update(error.errors)
    else:
        values["errors"]["form"] = error.args[0]
    values["post"] = echo_values(post, values["limits"])
    return 429 if isinstance(error, RateLimited) else 200


class LibraryPublic(http.Controller):
    """Public pages of the library: information, online registration, complaints."""

    # ------------------------------------------------------------------ helpers
    def _categories(self):
        return request.env["library.member.category"].sudo().search([])

    # ------------------------------------------------------------------ pages
    @http.route("/perpustakaan", type="http", auth="public", website=True, sitemap=False)
    def library_home(self, **kw):
        steps = request.env["library.member"]._sop_steps()
        return request.render(
            "library_membership.public_home",
            {"steps": steps, "categories": self._categories()},
        )

    @http.route(
        "/perpustakaan/daftar",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def library_register(self, **post):
        values = {
            "categories": self._categories(),
            "post": {"id_type": "ktp"},
            "errors": {},
            "limits": request.env["library.member"]._text_limits,
        }
        if request.httprequest.method != "POST":
            return request.render("library_membership.public_register", values)
        try:
            with request.env.cr.savepoint():
                request.env["library.member"]._create_from_portal(post)
        except UserError as error:
            # what the form holds wrong, too many applications, or a rule of the member
            status = form_error(values, post, error)
            return request.render("library_membership.public_register", values, status=status)
        # the same answer whoever applies, the same application sent twice too: the
        # application's reference and private link go to the e-mail address typed
        return request.redirect("/perpustakaan/daftar/terkirim")

    @http.route(
        "/perpustakaan/daftar/terkirim",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def library_register_received(self, **kw):
        return request.render("library_membership.public_register_received", {})

    def _record_by_token(self, model, record_id, access_token):
        """The application or complaint, reached only by its own private token (or own
        rights).

        Whatever token the URL holds (non-ASCII characters too), a wrong link is "not
        found", never a server error.
        """
        record = request.env[model].browse(record_id)
        record_sudo = record.sudo().exists()
        if not record_sudo:
            raise MissingError(request.env._("This document does not exist."))
        try:
            record.check_access("read")
        except AccessError:
            if (
                not access_token
                or not record_sudo.access_token
                or not isinstance(access_token, str)
                # consteq (hmac.compare_digest) takes non-ASCII text only as bytes
                or not consteq(record_sudo.access_token.encode(), access_token.encode())
            ):
                raise
        return record_sudo

    @http.route(
        "/perpustakaan/pendaftaran/<int:member_id>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def library_application(self, member_id, access_token=None, **post):
        try:
            member_sudo = self._record_by_token("library.member", member_id, access_token)
        except (AccessError, MissingError) as error:
            raise request.not_found() from error
        values = {
            "member": member_sudo,
            "access_token": access_token,
            "categories": self._categories(),
            "errors": {},
            "post": {},
            "limits": member_sudo._text_limits,
            "corrected": post.get("corrected"),
        }
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    member_sudo._portal_resubmit(post)
            except ValidationError as error:
                form_error(values, post, error)
                return request.render("library_membership.public_application", values)
            except UserError as error:
                values["errors"]["form"] = error.args[0]  # it cannot be changed any more
                return request.render("library_membership.public_application", values)
            return request.redirect(
                f"/perpustakaan/pendaftaran/{member_sudo.id}"
                f"?access_token={member_sudo.access_token}&corrected=1"
            )
        return request.render("library_membership.public_application", values)

    @http.route(
        "/perpustakaan/pengaduan",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def library_complaint(self, **post):
        Complaint = request.env["library.complaint"]
        values = {"post": {}, "errors": {}, "done": False, "limits": Complaint._portal_limits()}
        if request.httprequest.method != "POST":
            return request.render("library_membership.public_complaint", values)
        try:
            with request.env.cr.savepoint():
                complaint_sudo = Complaint._create_from_portal(post)
        except UserError as error:
            # what the form holds wrong, too many complaints, or a rule of the complaint
            status = form_error(values, post, error)
            return request.render("library_membership.public_complaint", values, status=status)
        values.update(done=True, complaint=complaint_sudo)
        return request.render("library_membership.public_complaint", values)

    @http.route(
        "/perpustakaan/pengaduan/<int:complaint_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def library_complaint_status(self, complaint_id, access_token=None, **kw):
        """What the complainant's private link opens: the complaint's number, status and,
        once resolved, the answer."""
        try:
            complaint_sudo = self._record_by_token("library.complaint", complaint_id, access_token)
        except (AccessError, MissingError) as error:
            raise request.not_found() from error
        return request.render(
            "library_membership.public_complaint_status", {"complaint_sudo": complaint_sudo}
        )

    @http.route(
        "/perpustakaan/kartu/<string:token>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def library_card_verify(self, token, **kw):
        """What the QR code of a member card opens, for anyone who holds the card: whose
        card it is and whether it is valid. The card's own token, never the member's
        private links; no NIK, birth date, address or photo."""
        member_sudo = request.env["library.member"]._search_verification_token(
            token, [("state", "in", ("active", "expired"))]
        )
        if not member_sudo:
            raise request.not_found()
        return request.render("library_membership.public_card_verify", {"member_sudo": member_sudo})
