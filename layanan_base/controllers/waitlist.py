from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class LayananWaitlistPortal(CustomerPortal):
    """The member's waiting list: the offer of a freed period (the link of its e-mail)
    and the list of the periods they wait for."""

    def _waitlist_entry(self, token):
        """The current member's entry of this token (sudo), or None: the token alone
        opens nothing for someone else."""
        entry_sudo = (
            request.env["layanan.booking.waitlist"].sudo().search([("token", "=", token)], limit=1)
        )
        if not entry_sudo or entry_sudo.partner_id != request.env.user.partner_id:
            return None
        return entry_sudo

    @http.route(
        "/daftar-tunggu/<string:token>",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def waitlist_offer(self, token, **post):
        entry_sudo = self._waitlist_entry(token)
        if entry_sudo is None:
            return request.redirect("/my/daftar-tunggu")
        error = False
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    booking = entry_sudo.with_env(request.env).action_take()
            except UserError as e:
                error = e.args[0]
            else:
                return request.redirect(booking.sudo().get_portal_url())
        values = self._prepare_portal_layout_values()
        values.update({"entry_sudo": entry_sudo, "error": error, "page_name": "waitlist"})
        return request.render("layanan_base.portal_waitlist_offer", values)

    @http.route(
        "/daftar-tunggu/<string:token>/keluar",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def waitlist_leave(self, token, **post):
        entry_sudo = self._waitlist_entry(token)
        if entry_sudo is not None:
            entry_sudo.with_env(request.env).action_leave()
        return request.redirect("/my/daftar-tunggu")

    @http.route("/my/daftar-tunggu", type="http", auth="user", website=True, sitemap=False)
    def portal_my_waitlist(self, **kw):
        entries_sudo = (
            request.env["layanan.booking.waitlist"]
            .sudo()
            .search(
                [("partner_id", "=", request.env.user.partner_id.id)],
                order="start DESC",
                limit=100,
            )
        )
        # the offers to take first
        entries_sudo = entries_sudo.sorted(lambda e: e.state != "offered")
        values = self._prepare_portal_layout_values()
        values.update({"entries_sudo": entries_sudo, "page_name": "waitlist"})
        return request.render("layanan_base.portal_my_waitlist", values)
