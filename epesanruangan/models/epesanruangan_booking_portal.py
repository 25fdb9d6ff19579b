import base64
import re
import uuid
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tools import SQL

from odoo.addons.layanan_base.tools import (
    form_text,
    parse_id,
    parse_int,
    parse_wib_day_time,
    read_upload,
    to_wib,
)

from .epesanruangan_booking import LETTER_MAX_BYTES, MAX_DAYS_AHEAD, OPEN_STATES

# control characters (NUL...) that PostgreSQL or the letter would choke on
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class EpesanruanganBooking(models.Model):
    """The operator's request form on the portal: what it posts is read, checked and
    submitted here, in words (UserError); the controller only finds the request and
    renders."""

    _name = "epesanruangan.booking"
    _inherit = "epesanruangan.booking"

    # ------------------------------------------------------------------ public schedule

    @api.model
    def _availability_window_days(self):
        """The rooms' month calendars reach as far as a request may."""
        return MAX_DAYS_AHEAD

    # ------------------------------------------------------------------ the list

    @api.model
    def _portal_list_filters(self):
        """The operator's list filters (the portal's searchbar), by status: a scheduled
        event whose end is past is "Finished", as the list shows it."""
        now = fields.Datetime.now()
        _ = self.env._
        return {
            "all": {"label": _("All"), "domain": []},
            "in_process": {
                "label": _("In process"),
                "domain": [("state", "in", [s for s in OPEN_STATES if s != "scheduled"])],
            },
            "scheduled": {
                "label": _("Scheduled"),
                "domain": [("state", "=", "scheduled"), ("stop", ">", now)],
            },
            "finished": {
                "label": _("Finished"),
                "domain": [
                    "|",
                    ("state", "=", "done"),
                    "&",
                    ("state", "=", "scheduled"),
                    ("stop", "<=", now),
                ],
            },
            "closed": {
                "label": _("Cancelled or rejected"),
                "domain": [("state", "in", ("cancelled", "rejected"))],
            },
        }

    @api.model
    def _portal_list(self, domain, limit=None, offset=0):
        """The operator's requests in the order they matter to them: the events still to
        come first, the soonest on top; then those over, the latest first; cancelled and
        rejected requests last. Under the user's own access rules."""
        query = self._search(domain, offset=offset, limit=limit)
        start = self._field_to_sql(self._table, "start", query)
        stop = self._field_to_sql(self._table, "stop", query)
        state = self._field_to_sql(self._table, "state", query)
        now = fields.Datetime.now()
        rank = SQL(
            "CASE WHEN %(state)s IN ('cancelled', 'rejected') THEN 2"
            " WHEN %(state)s = 'done' OR %(stop)s <= %(now)s THEN 1 ELSE 0 END",
            state=state,
            stop=stop,
            now=now,
        )
        query.order = SQL(
            "%(rank)s, CASE WHEN %(rank)s = 0 THEN %(start)s END ASC, %(start)s DESC, %(id)s DESC",
            rank=rank,
            start=start,
            id=SQL.identifier(self._table, "id"),
        )
        return self.browse(id_ for (id_,) in self.env.execute_query(query.select()))

    def _portal_status(self):
        """The status the operator reads: a scheduled event that has ended is finished,
        even before the officer records it as done (their step, which opens the event
        report)."""
        self.ensure_one()
        if self.state == "scheduled" and self.stop <= fields.Datetime.now():
            return "done", self.env._("Finished")
        return self.state, self._state_label()

    @api.model
    def _portal_text(self, value):
        """Posted text, stripped; UserError when it carries control characters."""
        value = value.strip() if isinstance(value, str) else ""
        if CONTROL_RE.search(value):
            raise UserError(self.env._("The form contains characters that are not allowed."))
        return value

    def _portal_form_post(self):
        """The request as its form shows it again (a draft sent back for correction)."""
        self.ensure_one()
        start, stop = to_wib(self.start), to_wib(self.stop)
        post = {
            "event_name": self.event_name,
            "purpose": self.purpose or "",
            "participants": self.participants,
            "room_id": str(self.room_id.id),
            "day": start.strftime("%Y-%m-%d"),
            "time_start": start.strftime("%H:%M"),
            "time_stop": stop.strftime("%H:%M"),
        }
        for line in self.line_ids:
            post[f"qty_{line.equipment_id.id}"] = line.qty_requested
        return post

    @api.model
    def _portal_period(self, post):
        """(start, stop) of the posted form, in the future and within the limits."""
        _ = self.env._
        try:
            start = parse_wib_day_time(post.get("day"), post.get("time_start"))
            stop = parse_wib_day_time(post.get("day"), post.get("time_stop"))
        except ValueError:
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
        return start, stop

    @api.model
    def _portal_letter(self, post, booking=None):
        """The values of the posted request letter (none sent: the draft's own)."""
        _ = self.env._
        data, filename = read_upload(post.get("letter"), LETTER_MAX_BYTES)
        if data is None:
            if booking and booking.letter:
                return {}
            # the letter sent with the form the page shows again (a series' dates)
            data, filename = self._portal_pending_letter(post)
        if data is None:
            raise UserError(_("Attach the request letter (PDF)."))
        if not data.startswith(b"%PDF-"):
            raise UserError(_("The request letter must be a PDF file."))
        if len(data) > LETTER_MAX_BYTES:
            raise UserError(_("The request letter must be at most 5 MB."))
        # the file's name comes from the operator's device: kept to what the request
        # stores rather than refused
        limit = self._text_limits["letter_filename"]
        return {
            "letter": base64.b64encode(data),
            "letter_filename": self._portal_text(filename)[-limit:],
        }

    @api.model
    def _portal_lines(self, post):
        """The equipment lines of the posted quantities (all replaced)."""
        _ = self.env._
        lines = [fields.Command.clear()]
        for item in self.env["epesanruangan.equipment"].search([]):
            try:
                qty = parse_int(post.get(f"qty_{item.id}"))
            except ValueError:
                raise UserError(_("Fill in the equipment quantities as whole numbers.")) from None
            if qty < 0:
                raise UserError(_("Quantities cannot be negative."))
            if qty > item.stock:
                raise UserError(
                    _("We own only %(stock)s × %(item)s.", stock=item.stock, item=item.name)
                )
            if qty:
                lines.append(
                    fields.Command.create(
                        {"equipment_id": item.id, "qty_requested": qty, "qty_approved": 0}
                    )
                )
        return lines

    @api.model
    def _portal_form_vals(self, post, booking=None):
        """The values of the posted request form, or UserError in words."""
        _ = self.env._
        user = self.env.user
        event_name = self._portal_text(post.get("event_name"))
        purpose = self._portal_text(post.get("purpose"))
        if not event_name:
            raise UserError(_("Fill in the event name."))
        try:
            participants = parse_int(post.get("participants"))
        except ValueError:
            participants = 0
        if participants <= 0:
            raise UserError(_("Fill in the number of participants."))
        start, stop = self._portal_period(post)
        room = self.env["epesanruangan.room"].browse(parse_id(post.get("room_id"))).exists()
        if not room:
            raise UserError(_("Choose a room."))
        if room.capacity < participants:
            raise UserError(_("%(room)s holds %(cap)s people.", room=room.name, cap=room.capacity))
        return {
            "event_name": event_name,
            "purpose": purpose,
            "participants": participants,
            "room_id": room.id,
            "start": start,
            "stop": stop,
            "operator_id": user.id,
            "unit_id": user.epesanruangan_unit_id.id,
            **self._portal_letter(post, booking),
            "line_ids": self._portal_lines(post),
        }

    @api.model
    def _portal_form_started(self, value):
        """When the operator opened the form (it times step 2): a day at most, never the
        future; None otherwise."""
        try:
            started = fields.Datetime.to_datetime(value)
        except (TypeError, ValueError):
            return None
        now = fields.Datetime.now()
        return started if started and now - timedelta(days=1) <= started <= now else None

    @api.model
    def _create_from_portal(self, post, booking=None):
        """Submit the operator's posted request form: a new request, or `booking` (a
        draft of theirs, its access checked by the caller) corrected. Returns (the
        request as the superuser, whether this call submitted it): a submission sent
        twice (network error, double click) returns the request the first one made.
        UserError or ValidationError in words when the form is refused."""
        user = self.env.user
        if not user.epesanruangan_unit_id:
            raise UserError(self.env._("Your account is not linked to a work unit (SKPD/UKPD)."))
        key = form_text(post, "idempotency_key")[:64]
        if CONTROL_RE.search(key):
            key = ""  # a fresh key: this submission is not the retry of another
        # One submission per operator at a time. Touching the operator's row makes a
        # concurrent twin wait, then fail with a serialization error if it started before
        # this one committed: Odoo retries it, and the retry finds this request.
        self.env.cr.execute(
            "UPDATE res_users SET write_date = write_date WHERE id = %s",
            (user.id,),
            log_exceptions=False,
        )
        # a retried submission (network error, double click) returns the first request
        domain = [("operator_id", "=", user.id), ("idempotency_key", "=", key)]
        existing = key and self.sudo().search(domain, limit=1)
        if existing and existing.state != "draft":
            return existing, False
        booking = booking or existing or None
        if booking and booking.state != "draft":
            return booking.sudo(), False
        form_started = self._portal_form_started(post.get("form_started"))
        vals = self._portal_form_vals(post, booking)
        # a recurring request (the form's "Ulangi" part): a new request only
        periods = [] if booking else self._portal_series_periods(post, vals["start"], vals["stop"])
        try:
            with self.env.cr.savepoint():
                if periods:
                    bookings_sudo = self._create_series_from_portal(
                        vals, periods, post, key or str(uuid.uuid4()), form_started
                    )
                    return bookings_sudo[:1], True
                # a room taken then: told now, not by the officer who would send it back
                room = self.env["epesanruangan.room"].browse(vals["room_id"])
                self._check_bookable(room, vals["start"], vals["stop"], vals["participants"])
                if booking:
                    booking_sudo = booking.sudo()  # the operator has no write access
                    booking_sudo.write(vals)
                else:
                    vals["idempotency_key"] = key or str(uuid.uuid4())
                    booking_sudo = self.sudo().create(vals)
                booking_sudo.action_submit(form_started=form_started)
                booking_sudo.flush_recordset()
        except psycopg2.errors.UniqueViolation:
            # the same submission arrived twice at once: show the one that won
            existing = self.sudo().search(domain, limit=1)
            if existing:
                return existing, False
            # not visible yet in this transaction's snapshot: let Odoo retry the request
            raise ConcurrencyError("The same request is being submitted.") from None
        return booking_sudo, True

    def _portal_cancel(self, post):
        """The operator cancels the request on the portal, with the reason posted."""
        reason = self._portal_text(post.get("reason")) or False
        return self.action_cancel(reason=reason)
