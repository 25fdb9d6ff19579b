from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class LibraryPortal(CustomerPortal):
    def _library_member(self):
        """The portal user's own card, under the user's own rights (record rules)."""
        return request.env["library.member"].search(
            [("partner_id", "=", request.env.user.partner_id.id)],
            order="expiry_date desc",
            limit=1,
        )

    @http.route("/my/library-card", type="http", auth="user", website=True)
    def portal_library_card(self, **kw):
        member = self._library_member()
        values = self._prepare_portal_layout_values()
        values.update(member=member, page_name="library_card")
        if member:
            member_sudo = self._document_check_access("library.member", member.id)
            # the card's public verification page, as on the printed card
            values.update(member_sudo=member_sudo, qr=member_sudo._verification_qr(border=0))
        return request.render("library_membership.portal_library_card", values)

    @http.route("/my/library-card/link", type="http", auth="user", website=True, sitemap=False)
    def portal_library_card_link(self, token=None, **kw):
        """The link e-mailed to a member whose address already has an account: opened
        in that account, it puts the card there."""
        try:
            request.env["library.member"]._link_portal_account(token)
        except UserError as error:
            values = self._prepare_portal_layout_values()
            values.update(page_name="library_card", error=error.args[0])
            return request.render("library_membership.portal_library_card_link_error", values)
        return request.redirect("/my/library-card")

    @http.route("/my/library-card/pdf", type="http", auth="user", website=True)
    def portal_library_card_pdf(self, **kw):
        member = self._library_member()
        if not member:
            raise request.not_found()
        member_sudo = self._document_check_access("library.member", member.id)
        if member_sudo.state != "active":
            # an expired card is not printed: the card page says how to renew it
            return request.redirect("/my/library-card")
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("library_membership.action_report_member_card", member_sudo.ids)
        )
        filename = f"kartu-anggota-{member_sudo.member_number}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", f'attachment; filename="{filename}"'),
            ],
        )
