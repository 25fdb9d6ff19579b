import uuid
from datetime import UTC

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    format_wib,
    format_wib_date,
    format_wib_period,
    parse_id,
    wib_today,
)
from odoo.addons.layanan_base.tools.recurrence import weekday_names
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.epesanruangan_booking import OPEN_STATES


class EpesanruanganPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "ruangan_count" in counters:
            Booking = request.env["epesanruangan.booking"]
            values["ruangan_count"] = Booking.search_count([]) if Booking.has_access("read") else 0
        return values

    # ------------------------------------------------------------- list and detail

    @http.route(
        ["/my/ruangan", "/my/ruangan/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_ruangan(self, page=1, filterby="all", **kw):
        Booking = request.env["epesanruangan.booking"]
        filters = Booking._portal_list_filters()
        if filterby not in filters:
            filterby = "all"
        domain = filters[filterby]["domain"]
        values = self._prepare_portal_layout_values()
        count = Booking.search_count(domain)
        pager = portal_pager(
            url="/my/ruangan",
            url_args={"filterby": filterby},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        bookings = Booking._portal_list(domain, limit=self._items_per_page, offset=pager["offset"])
        values.update(
            {
                "bookings": bookings,
                "pager": pager,
                "page_name": "epesanruangan",
                "default_url": "/my/ruangan",
                "searchbar_filters": filters,
                "filterby": filterby,
                "unit": request.env.user.epesanruangan_unit_id,
                "calendar_feed": request.env["layanan.calendar.feed"]._find(Booking._name),
                "calendar_feed_model": Booking._name,
                "calendar_feed_redirect": "/my/ruangan",
            }
        )
        return request.render("epesanruangan.portal_my_ruangan", values)

    def _portal_notices(self):
        """The notices the portal shows after its own redirects, by code: text from the
        URL is never shown (a crafted link could make the page say anything)."""
        _ = request.env._
        return {
            "submitted": _("Your request was submitted."),
            "continued": _("The request continues without the missing equipment."),
            "cancelled": _("The booking was cancelled."),
        }

    @http.route(["/my/ruangan/<int:booking_id>"], type="http", auth="user", website=True)
    def portal_my_ruangan_detail(self, booking_id, access_token=None, message=None, **kw):
        try:
            if not 0 < booking_id < 2**31:
                raise MissingError(request.env._("This room request does not exist."))
            booking_sudo = self._document_check_access(
                "epesanruangan.booking", booking_id, access_token
            )
        except (AccessError, MissingError):
            # another unit's request, or none: the same answer, nothing to learn from it
            raise request.not_found() from None
        notice = self._portal_notices().get(message) if isinstance(message, str) else None
        return self._render_detail(booking_sudo, access_token, message=notice)

    def _render_detail(self, booking_sudo, access_token=None, message=None, error=None):
        """The request page; ``booking_sudo`` was checked against the user's access."""
        values = self._get_page_view_values(
            booking_sudo,
            access_token,
            {"page_name": "epesanruangan_detail"},
            "my_ruangan_history",
            False,
        )
        values.update(
            {
                "booking": booking_sudo,
                "message": message,
                "error": error,
                "can_cancel": booking_sudo.state in OPEN_STATES
                and booking_sudo.start > fields.Datetime.now(),
            }
        )
        return request.render("epesanruangan.portal_my_ruangan_detail", values)

    # ------------------------------------------------------------- request form

    def _form_values(self, booking=None, error=None, post=None, **extra):
        limits = request.env["epesanruangan.booking"]._text_limits
        # what the operator typed, shown again: no longer than the request takes
        post = {
            key: value[: limits.get(key, LINE_LENGTH)] if isinstance(value, str) else value
            for key, value in (post or {}).items()
        }
        if booking and not post:
            post = booking._portal_form_post()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "epesanruangan_form",
                "rooms": request.env["epesanruangan.room"].search([]),
                "equipment": request.env["epesanruangan.equipment"].search([]),
                "unit": request.env.user.epesanruangan_unit_id,
                "booking": booking,
                "error": error,
                "post": post,
                "text_limits": limits,
                "idempotency_key": post.get("idempotency_key") or str(uuid.uuid4()),
                "form_started": post.get("form_started")
                or fields.Datetime.to_string(fields.Datetime.now()),
                "today": wib_today().isoformat(),
                # the form's "Ulangi" part, and what its first post shows
                "weekday_names": weekday_names(request.env.lang),
                "format_period": lambda start, stop: format_wib_period(
                    start, stop, request.env.lang
                ),
                "series_preview": None,
                "waitlist_possible": False,
            }
        )
        values.update(extra)
        return values

    @http.route(["/my/ruangan/baru"], type="http", auth="user", website=True)
    def portal_ruangan_new(self, booking_id=None, **kw):
        booking = None
        if booking_id:
            try:
                booking = self._check_booking(parse_id(booking_id))
            except (AccessError, MissingError):
                return request.redirect("/my/ruangan")
            if booking.state != "draft":
                return request.redirect(booking.access_url)
        return request.render("epesanruangan.portal_ruangan_form", self._form_values(booking))

    @http.route(["/my/ruangan/ajukan"], type="http", auth="user", methods=["POST"], website=True)
    def portal_ruangan_submit(self, **post):
        booking = None
        if post.get("booking_id"):
            try:
                booking = self._check_booking(parse_id(post["booking_id"]))
            except (AccessError, MissingError):
                return request.redirect("/my/ruangan")
        Booking = request.env["epesanruangan.booking"]
        try:
            booking_sudo, submitted = Booking._create_from_portal(post, booking)
        except (UserError, ValidationError) as exc:
            # a recurring request: its dates, free or not, for the operator to choose
            preview = getattr(exc, "preview", None)
            # a taken room: the operator may wait for it
            waitlist = preview is None and not booking and Booking._portal_period_taken(post)
            # the letter sent, kept for the confirmation (a file is not sent again)
            kept = Booking._portal_keep_letter(post) if preview is not None or waitlist else {}
            post.pop("letter", None)
            return request.render(
                "epesanruangan.portal_ruangan_form",
                self._form_values(
                    booking,
                    error=exc.message if preview is not None else exc.args[0],
                    post={**post, **kept},
                    series_preview=preview,
                    waitlist_possible=waitlist,
                ),
            )
        if not submitted:
            return request.redirect(booking_sudo.access_url)
        return request.redirect(f"{booking_sudo.access_url}?message=submitted")

    @http.route(
        ["/my/ruangan/daftar-tunggu"], type="http", auth="user", methods=["POST"], website=True
    )
    def portal_ruangan_waitlist_join(self, **post):
        """The operator waits for the room and period they asked for and found taken."""
        try:
            with request.env.cr.savepoint():
                request.env["epesanruangan.booking"]._waitlist_join_from_portal(post)
        except (UserError, ValidationError) as exc:
            post.pop("letter", None)
            return request.render(
                "epesanruangan.portal_ruangan_form",
                self._form_values(error=exc.args[0], post=post),
            )
        return request.redirect("/my/daftar-tunggu")

    # ------------------------------------------------------------- operator answers

    def _check_booking(self, booking_id):
        """The booking if the current user may read it, in the user's own environment
        (``_document_check_access`` returns it as the superuser: the SOP actions must
        see the real actor)."""
        if not 0 < booking_id < 2**31:
            raise MissingError(request.env._("This room request does not exist."))
        self._document_check_access("epesanruangan.booking", booking_id)
        return request.env["epesanruangan.booking"].browse(booking_id)

    def _check_booking_or_404(self, booking_id):
        try:
            return self._check_booking(booking_id)
        except (AccessError, MissingError):
            raise request.not_found() from None

    def _portal_action(self, booking_id, method, notice, **kwargs):
        booking = self._check_booking_or_404(booking_id)
        try:
            with request.env.cr.savepoint():
                getattr(booking, method)(**kwargs)
        except (UserError, AccessError) as exc:
            return self._render_error(booking, exc.args[0])
        return request.redirect(f"{booking.access_url}?message={notice}")

    def _render_error(self, booking, error):
        """The request page with why the answer was refused (shown at once, never
        passed through the URL). The user's access to ``booking`` was checked."""
        request.env.invalidate_all()  # what the refused step left in the cache
        return self._render_detail(booking.sudo(), error=error)

    @http.route(
        ["/my/ruangan/<int:booking_id>/lanjut"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ruangan_continue(self, booking_id, **post):
        return self._portal_action(booking_id, "action_applicant_continue", "continued")

    @http.route(
        ["/my/ruangan/<int:booking_id>/batal"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ruangan_cancel(self, booking_id, **post):
        return self._portal_action(booking_id, "_portal_cancel", "cancelled", post=post)

    @http.route(["/my/ruangan/ruang_tersedia"], type="jsonrpc", auth="user")
    def portal_ruangan_free_rooms(
        self, day=None, time_start=None, time_stop=None, participants=0, **kw
    ):
        """Rooms free for the period, with enough capacity, for the request form."""
        Room = request.env["epesanruangan.room"]
        return {"rooms": Room._portal_availability(day, time_start, time_stop, participants)}

    # ------------------------------------------------------------- lobby display

    @http.route(["/ruangan/layar"], type="http", auth="public", website=True, sitemap=False)
    def ruangan_layar(self, **kw):
        """The lobby's signage (a TV, full screen): today's events per room, the ones
        under way and the next ones marked, a live clock; no personal data."""
        if "id_ID" in dict(request.env["res.lang"].get_installed()):
            request.update_context(lang="id_ID")
        now = fields.Datetime.now()
        return request.render(
            "epesanruangan.ruangan_layar",
            {
                "rooms": request.env["epesanruangan.room"]._lobby_screen(now),
                "today": format_wib_date(now),
                "clock": format_wib(now, with_date=False)[: -len(" WIB")],
                "format_wib": format_wib,
                "server_time_ms": int(now.replace(tzinfo=UTC).timestamp() * 1000),
            },
        )
