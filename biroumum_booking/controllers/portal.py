from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.account_payment.controllers.portal import PortalAccount
from odoo.addons.layanan_base.tools import form_text
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class BiroumumPortal(CustomerPortal):
    # ------------------------------------------------------------------ portal home
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "booking_count" in counters:
            Booking = request.env["biroumum.booking"]
            values["booking_count"] = (
                Booking.search_count([("partner_id", "=", request.env.user.partner_id.id)])
                if Booking.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------ my bookings
    @http.route(
        ["/my/bookings", "/my/bookings/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_bookings(self, page=1, **kw):
        Booking = request.env["biroumum.booking"]
        domain = [("partner_id", "=", request.env.user.partner_id.id)]
        count = Booking.search_count(domain)
        pager = portal_pager(url="/my/bookings", total=count, page=page, step=self._items_per_page)
        bookings = Booking.search(
            domain, limit=self._items_per_page, offset=pager["offset"], order="start desc, id desc"
        )
        # the member's own bookings, found above under their rules; shown through sudo, for
        # they may be of a facility since archived, which the portal rule no longer shows
        bookings_sudo = bookings.sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "bookings_sudo": bookings_sudo,
                "pager": pager,
                "page_name": "bookings",
                "state_labels": dict(Booking._fields["state"]._description_selection(request.env)),
                "calendar_feed": request.env["layanan.calendar.feed"]._find(Booking._name),
                "calendar_feed_model": Booking._name,
                "calendar_feed_redirect": "/my/bookings",
            }
        )
        return request.render("biroumum_booking.portal_my_bookings", values)

    def _booking_page(self, booking_sudo, **extra):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "booking_sudo": booking_sudo,
                "page_name": "booking",
                "can_cancel": booking_sudo.state in ("draft", "submitted", "approved")
                and fields.Datetime.now() <= booking_sudo._member_cancel_deadline(),
                "can_print": booking_sudo.state in ("approved", "done"),
                "error": False,
                "submitted": False,
            }
        )
        values.update(extra)
        return request.render("biroumum_booking.portal_my_booking", values)

    @http.route("/my/bookings/<int:booking_id>", type="http", auth="public", website=True)
    def portal_my_booking(self, booking_id, access_token=None, submitted=None, **kw):
        try:
            booking_sudo = self._document_check_access("biroumum.booking", booking_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._booking_page(booking_sudo, submitted=bool(submitted))

    @http.route(
        "/my/bookings/<int:booking_id>/checkin",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def portal_my_booking_checkin(self, booking_id, access_token=None, **kw):
        """The member's own check-in link (the QR code at the door): its page with the
        button (a GET changes nothing); the button posts here and checks it in. Whoever
        holds the member's link, the member or the staff who scanned it, checks in."""
        try:
            booking_sudo = self._document_check_access("biroumum.booking", booking_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if request.httprequest.method != "POST":
            return self._booking_page(booking_sudo)
        try:
            with request.env.cr.savepoint():
                booking_sudo.action_check_in()
        except UserError as e:
            return self._booking_page(booking_sudo, error=e.args[0])
        return request.redirect(booking_sudo.get_portal_url())

    @http.route(
        "/my/bookings/<int:booking_id>/batal",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_booking_cancel(self, booking_id, **kw):
        try:
            booking_sudo = self._document_check_access("biroumum.booking", booking_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                # as the member: action_cancel checks the owner and the cut-off
                reason = form_text(kw, "reason") or None
                booking_sudo.with_env(request.env).action_cancel(reason=reason)
        except UserError as e:
            return self._booking_page(booking_sudo, error=e.args[0])
        return request.redirect(f"/my/bookings/{booking_id}")

    @http.route("/my/bookings/<int:booking_id>/cetak", type="http", auth="user", website=True)
    def portal_my_booking_print(self, booking_id, access_token=None, **kw):
        try:
            booking_sudo = self._document_check_access("biroumum.booking", booking_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if booking_sudo.state not in ("approved", "done"):
            raise NotFound()
        return self._show_report(
            model=booking_sudo,
            report_type="pdf",
            report_ref="biroumum_booking.action_report_booking",
            download=True,
        )


class BiroumumPortalAccount(PortalAccount):
    def _get_account_searchbar_filters(self):
        """The filters say "Invoice", as the pages and the printed document do."""
        filters = super()._get_account_searchbar_filters()
        filters["overdue_invoices"]["label"] = request.env._("Overdue invoices")
        filters["invoices"]["label"] = request.env._("Invoices")
        return filters

    @http.route()
    def portal_my_invoice_detail(
        self, invoice_id, access_token=None, report_type=None, download=False, **kw
    ):
        """An approved booking's invoice shows and downloads as the document that Cetak
        prints (the Invoice / Bukti Peminjaman with the kop surat, the terbilang and how
        to pay), not as Odoo's "Proforma Invoice": one name for one invoice."""
        if report_type in ("html", "pdf"):
            try:
                invoice_sudo = self._document_check_access("account.move", invoice_id, access_token)
            except (AccessError, MissingError):
                return request.redirect("/my")
            booking_sudo = invoice_sudo._layanan_booking()
            if booking_sudo.state in ("approved", "done") and invoice_sudo.state == "posted":
                # the invoice's QRIS code is made online only (l10n_id's rule: a dynamic
                # code lives 30 minutes), on its portal page: as l10n_id does for Odoo's
                request.update_context(is_online_qr=True)
                return self._show_report(
                    model=booking_sudo,
                    report_type=report_type,
                    report_ref="biroumum_booking.action_report_booking",
                    download=download,
                )
        return super().portal_my_invoice_detail(
            invoice_id, access_token=access_token, report_type=report_type, download=download, **kw
        )
