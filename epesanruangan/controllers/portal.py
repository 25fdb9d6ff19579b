import base64
import re
import uuid
from datetime import timedelta

import psycopg2

from odoo import fields, http
from odoo.exceptions import (
    AccessError,
    ConcurrencyError,
    MissingError,
    UserError,
    ValidationError,
)
from odoo.http import request

from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    format_wib,
    parse_id,
    parse_int,
    parse_wib_day_time,
    to_wib,
    wib_day_bounds,
    wib_today,
)
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.epesanruangan_booking import MAX_DAYS_AHEAD, OPEN_STATES

# control characters (NUL...) that PostgreSQL or the letter would choke on
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(value):
    """Posted text, stripped; UserError when it carries control characters."""
    value = (value or "").strip() if isinstance(value, str) else ""
    if CONTROL_RE.search(value):
        raise UserError(request.env._("The form contains characters that are not allowed."))
    return value


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
    def portal_my_ruangan(self, page=1, **kw):
        Booking = request.env["epesanruangan.booking"]
        values = self._prepare_portal_layout_values()
        count = Booking.search_count([])
        pager = portal_pager(url="/my/ruangan", total=count, page=page, step=self._items_per_page)
        bookings = Booking.search([], limit=self._items_per_page, offset=pager["offset"])
        values.update(
            {
                "bookings": bookings,
                "pager": pager,
                "page_name": "epesanruangan",
                "default_url": "/my/ruangan",
                "unit": request.env.user.epesanruangan_unit_id,
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

    def _form_values(self, booking=None, error=None, post=None):
        user = request.env.user
        rooms = request.env["epesanruangan.room"].search([])
        equipment = request.env["epesanruangan.equipment"].search([])
        limits = request.env["epesanruangan.booking"]._text_limits
        # what the operator typed, shown again: no longer than the request takes
        post = {
            key: value[: limits.get(key, LINE_LENGTH)] if isinstance(value, str) else value
            for key, value in (post or {}).items()
        }
        if booking and not post:
            start, stop = to_wib(booking.start), to_wib(booking.stop)
            post = {
                "event_name": booking.event_name,
                "purpose": booking.purpose or "",
                "participants": booking.participants,
                "room_id": str(booking.room_id.id),
                "day": start.strftime("%Y-%m-%d"),
                "time_start": start.strftime("%H:%M"),
                "time_stop": stop.strftime("%H:%M"),
            }
            for line in booking.line_ids:
                post[f"qty_{line.equipment_id.id}"] = line.qty_requested
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "epesanruangan_form",
                "rooms": rooms,
                "equipment": equipment,
                "unit": user.epesanruangan_unit_id,
                "booking": booking,
                "error": error,
                "post": post,
                "text_limits": limits,
                "idempotency_key": post.get("idempotency_key") or str(uuid.uuid4()),
                "form_started": post.get("form_started")
                or fields.Datetime.to_string(fields.Datetime.now()),
                "today": wib_today().isoformat(),
            }
        )
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

    def _read_form(self, post, booking=None):
        """Check the posted form; return the values to write, or raise UserError."""
        _ = request.env._
        user = request.env.user
        event_name = _clean_text(post.get("event_name"))
        purpose = _clean_text(post.get("purpose"))
        if not event_name:
            raise UserError(_("Fill in the event name."))
        try:
            participants = parse_int(post.get("participants"))
        except ValueError:
            participants = 0
        if participants <= 0:
            raise UserError(_("Fill in the number of participants."))
        try:
            start = parse_wib_day_time(post.get("day"), post.get("time_start"))
            stop = parse_wib_day_time(post.get("day"), post.get("time_stop"))
        except (TypeError, ValueError):
            raise UserError(_("Choose the date and the start and end times.")) from None
        if stop <= start:
            raise UserError(_("The end time must be after the start time."))
        now = fields.Datetime.now()
        if start <= now:
            raise UserError(_("The booking must start in the future."))
        if start > now + timedelta(days=MAX_DAYS_AHEAD):
            raise UserError(
                _(
                    "A booking can start at the latest %(days)s days from today.",
                    days=MAX_DAYS_AHEAD,
                )
            )
        room = request.env["epesanruangan.room"].browse(parse_id(post.get("room_id"))).exists()
        if not room:
            raise UserError(_("Choose a room."))
        if room.capacity < participants:
            raise UserError(_("%(room)s holds %(cap)s people.", room=room.name, cap=room.capacity))
        vals = {
            "event_name": event_name,
            "purpose": purpose,
            "participants": participants,
            "room_id": room.id,
            "start": start,
            "stop": stop,
            "operator_id": user.id,
            "unit_id": user.epesanruangan_unit_id.id,
        }
        letter = post.get("letter")
        if letter and getattr(letter, "filename", None):
            # the file's name comes from the operator's device: kept to what the request
            # stores rather than refused
            limit = request.env["epesanruangan.booking"]._text_limits["letter_filename"]
            filename = _clean_text(letter.filename)[-limit:]
            data = letter.read()
            if not data.startswith(b"%PDF-"):
                raise UserError(_("The request letter must be a PDF file."))
            if len(data) > 5 * 1024 * 1024:
                raise UserError(_("The request letter must be at most 5 MB."))
            vals["letter"] = base64.b64encode(data)
            vals["letter_filename"] = filename
        elif not (booking and booking.letter):
            raise UserError(_("Attach the request letter (PDF)."))
        lines = []
        for item in request.env["epesanruangan.equipment"].search([]):
            try:
                qty = parse_int(post.get(f"qty_{item.id}"))
            except ValueError:
                raise UserError(_("Fill in the equipment quantities as whole numbers.")) from None
            if qty < 0:
                raise UserError(_("Quantities cannot be negative."))
            if qty:
                if qty > item.stock:
                    raise UserError(
                        _(
                            "We own only %(stock)s × %(item)s.",
                            stock=item.stock,
                            item=item.name,
                        )
                    )
                lines.append(
                    (0, 0, {"equipment_id": item.id, "qty_requested": qty, "qty_approved": 0})
                )
        vals["line_ids"] = [(5, 0, 0)] + lines
        return vals

    @http.route(["/my/ruangan/ajukan"], type="http", auth="user", methods=["POST"], website=True)
    def portal_ruangan_submit(self, **post):
        user = request.env.user
        Booking = request.env["epesanruangan.booking"]
        if not user.epesanruangan_unit_id:
            return request.render(
                "epesanruangan.portal_ruangan_form",
                self._form_values(
                    error=request.env._("Your account is not linked to a work unit (SKPD/UKPD)."),
                    post=post,
                ),
            )
        key = (post.get("idempotency_key") or "").strip()[:64]
        if CONTROL_RE.search(key):
            key = ""  # a fresh key: this submission is not the retry of another
        # One submission per operator at a time. Touching the operator's row makes a
        # concurrent twin wait, then fail with a serialization error if it started before
        # this one committed: Odoo retries it, and the retry finds this request.
        request.env.cr.execute(
            "UPDATE res_users SET write_date = write_date WHERE id = %s",
            (user.id,),
            log_exceptions=False,
        )
        # a retried submission (network error, double click) returns the first request
        existing = key and Booking.sudo().search(
            [("operator_id", "=", user.id), ("idempotency_key", "=", key)], limit=1
        )
        if existing and existing.state != "draft":
            return request.redirect(existing.access_url)
        booking = None
        if post.get("booking_id"):
            try:
                booking = self._check_booking(parse_id(post["booking_id"]))
            except (AccessError, MissingError):
                return request.redirect("/my/ruangan")
            if booking.state != "draft":
                return request.redirect(booking.access_url)
        elif existing:
            booking = existing
        try:
            form_started = fields.Datetime.to_datetime(post.get("form_started"))
        except (TypeError, ValueError):
            form_started = None
        # the form's start times the step (Mutu Baku): a day at most, never the future
        if form_started and not (
            fields.Datetime.now() - timedelta(days=1) <= form_started <= fields.Datetime.now()
        ):
            form_started = None
        try:
            with request.env.cr.savepoint():
                vals = self._read_form(post, booking)
                if booking:
                    booking_sudo = booking.sudo()  # the operator has no write access
                    booking_sudo.write(vals)
                else:
                    vals["idempotency_key"] = key or str(uuid.uuid4())
                    booking_sudo = Booking.sudo().create(vals)
                booking_sudo.action_submit(form_started=form_started)
                booking_sudo.flush_recordset()
        except psycopg2.errors.UniqueViolation:
            # the same submission arrived twice at once: show the one that won
            existing = Booking.sudo().search(
                [("operator_id", "=", user.id), ("idempotency_key", "=", key)], limit=1
            )
            if existing:
                return request.redirect(existing.access_url)
            # not visible yet in this transaction's snapshot: let Odoo retry the request
            raise ConcurrencyError("The same request is being submitted.") from None
        except (UserError, ValidationError) as exc:
            post.pop("letter", None)
            return request.render(
                "epesanruangan.portal_ruangan_form",
                self._form_values(booking, error=exc.args[0], post=post),
            )
        return request.redirect(f"{booking_sudo.access_url}?message=submitted")

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
        booking = self._check_booking_or_404(booking_id)
        try:
            reason = _clean_text(post.get("reason")) or False
        except UserError as exc:
            return self._render_error(booking, exc.args[0])
        return self._portal_action(booking_id, "action_cancel", "cancelled", reason=reason)

    @http.route(["/my/ruangan/ruang_tersedia"], type="jsonrpc", auth="user")
    def portal_ruangan_free_rooms(
        self, day=None, time_start=None, time_stop=None, participants=0, **kw
    ):
        """Rooms free for the period, with enough capacity, for the request form."""
        try:
            start, stop = parse_wib_day_time(day, time_start), parse_wib_day_time(day, time_stop)
            participants = parse_int(participants)
        except (TypeError, ValueError):
            return {"rooms": []}
        if stop <= start:
            return {"rooms": []}
        Room = request.env["epesanruangan.room"]
        busy = Room.sudo()._busy_room_ids(start, stop)
        return {
            "rooms": [
                {
                    "id": room.id,
                    "name": room.name,
                    "capacity": room.capacity,
                    "free": room.id not in busy and room.capacity >= participants,
                    "busy": room.id in busy,
                }
                for room in Room.search([])
            ]
        }

    # ------------------------------------------------------------- lobby display

    @http.route(["/ruangan/layar"], type="http", auth="public", website=True, sitemap=False)
    def ruangan_layar(self, **kw):
        """Read-only lobby screen: today's events per room (no personal data)."""
        if "id_ID" in dict(request.env["res.lang"].get_installed()):
            request.update_context(lang="id_ID")
        day_start, day_stop = wib_day_bounds(wib_today())
        bookings_sudo = (
            request.env["epesanruangan.booking"]
            .sudo()
            .search(
                [
                    ("state", "in", ("scheduled", "done")),
                    ("start", "<", day_stop),
                    ("stop", ">", day_start),
                ],
                order="start",
            )
        )
        rooms_sudo = request.env["epesanruangan.room"].sudo().search([])
        per_room = [
            (room, bookings_sudo.filtered(lambda b, r=room: b.room_id == r)) for room in rooms_sudo
        ]
        return request.render(
            "epesanruangan.ruangan_layar",
            {
                "per_room": per_room,
                "today": format_wib(fields.Datetime.now())[:-4],
                "format_wib": format_wib,
                "now_utc": fields.Datetime.now(),
            },
        )
