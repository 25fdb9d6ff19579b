from datetime import timedelta

import psycopg2

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.layanan_base.tools import to_wib

from .epesanruangan_booking import MAX_DAYS_AHEAD, MAX_DURATION_DAYS


class EpesanruanganBooking(models.Model):
    """Where and when a room request is held: the room and the equipment it takes, its
    calendar event, and the free alternatives when it must move."""

    _name = "epesanruangan.booking"
    _inherit = "epesanruangan.booking"

    def _conflicts(self, room=None, start=None, stop=None):
        """Other bookings holding the room at an overlapping time (the base's
        ``_clashing``, asked in the exclusion constraint's own terms)."""
        return self._clashing(room, start, stop)

    def _write_held(self, vals):
        """Write a state that holds the room; the exclusion constraint has the last word."""
        for booking in self:
            room = self.env["epesanruangan.room"].browse(vals.get("room_id", booking.room_id.id))
            other = booking._conflicts(room, vals.get("start"), vals.get("stop"))
            if other and other[0].room_id != room:
                # the joined room of a part, a part of the joined room
                raise UserError(
                    self.env._(
                        "%(room)s is not available then: %(other_room)s is booked by "
                        "%(ref)s (%(event)s) on %(when)s.",
                        room=room.name,
                        other_room=other[0].room_id.name,
                        ref=other[0].name,
                        event=other[0].event_name,
                        when=other[0].schedule_display,
                    )
                )
            if other:
                raise UserError(
                    self.env._(
                        "%(room)s is already booked by %(ref)s (%(event)s) on %(when)s.",
                        room=room.name,
                        ref=other[0].name,
                        event=other[0].event_name,
                        when=other[0].schedule_display,
                    )
                )
        try:
            with self.env.cr.savepoint():
                self.sudo().write(vals)
                self.flush_recordset()
        except psycopg2.errors.ExclusionViolation as exc:
            raise UserError(
                self.env._("The room is already booked for this time. Choose another room or time.")
            ) from exc

    def _lock_and_check_equipment(self, start=None, stop=None):
        """Lock the stock rows counted, then check what the lines take for the period
        (the booking's own, or ``start``-``stop`` where it is about to move)."""
        for booking in self:
            lines = booking.line_ids.filtered("qty_approved")
            self.env["epesanruangan.equipment"]._lock(lines.equipment_id.ids)
            avail = lines.equipment_id._available_qty(
                start or booking.start, stop or booking.stop, booking.ids
            )
            for line in lines:
                if line.qty_approved > avail.get(line.equipment_id.id, 0):
                    raise UserError(
                        self.env._(
                            "Only %(avail)s × %(item)s are free for this period; "
                            "%(qty)s were approved.",
                            avail=max(avail.get(line.equipment_id.id, 0), 0),
                            item=line.equipment_id.name,
                            qty=line.qty_approved,
                        )
                    )

    def _reserve_priority_equipment(self):
        """The leadership event takes the equipment it asks for, as far as it is free
        (the bumped bookings have just freed theirs). Lines PSS already decided keep
        their quantities; what cannot be given is noted on the request."""
        self.ensure_one()
        # the head's step (role checked by the caller): the approval is the system's
        unchecked_sudo = self.line_ids.sudo().filtered(lambda line: line.state == "requested")
        if not unchecked_sudo:
            return
        self.env["epesanruangan.equipment"]._lock(unchecked_sudo.equipment_id.ids)
        avail = unchecked_sudo.equipment_id._available_qty(self.start, self.stop, self.ids)
        for line_sudo in unchecked_sudo:
            free = max(avail.get(line_sudo.equipment_id.id, 0), 0)
            qty = min(line_sudo.qty_requested, free)
            avail[line_sudo.equipment_id.id] = free - qty  # two lines of one item share it
            line_sudo.write(
                {
                    "qty_approved": qty,
                    "state": "approved"
                    if qty >= line_sudo.qty_requested
                    else ("reduced" if qty else "unavailable"),
                }
            )
        short = unchecked_sudo.filtered(lambda line: line.state != "approved")
        if short:
            self.sudo().message_post(
                body=self.env._(
                    "Not all the equipment is free for this leadership event: %(items)s. "
                    "The equipment subdivision (PSS) must find the rest.",
                    items=", ".join(
                        f"{line.equipment_id.name} ({line.qty_approved}/{line.qty_requested})"
                        for line in short
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _ics_attachment(self):
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        ics = event._get_ics_file().get(event.id) if event else None
        return [("jadwal-acara.ics", ics)] if ics else []

    def _sync_calendar_event(self):
        """Scheduled bookings live in the Calendar app; others do not."""
        for booking in self.sudo():
            event = booking.calendar_event_id
            if booking.state != "scheduled":
                booking.calendar_event_id = False
                event.with_context(no_mail_to_attendees=True).unlink()
                continue
            officers = self.env.ref("epesanruangan.group_officer").all_user_ids.filtered(
                lambda u: u.active and not u.share
            )
            vals = {
                "name": f"{booking.event_name} ({booking.name})",
                "start": booking.start,
                "stop": booking.stop,
                "location": booking.room_id.name,
                "description": booking.purpose or "",
                "partner_ids": [(6, 0, (booking.operator_id.partner_id | officers.partner_id).ids)],
                "user_id": self.env.user.id if not self.env.user.share else False,
                "res_model_id": self.env["ir.model"]._get_id(booking._name),
                "res_id": booking.id,
            }
            ctx = {"no_mail_to_attendees": True, "dont_notify": True, "mail_create_nolog": True}
            if event:
                event.with_context(**ctx).write(vals)
            else:
                booking.calendar_event_id = (
                    self.env["calendar.event"].with_context(**ctx).create(vals)
                )

    def _free_slots_same_room(self, count=3, step_minutes=30, days=7):
        """The nearest free times for the same room and duration (07.00–21.00 WIB), in
        the future and within the periods a booking may have."""
        self.ensure_one()
        duration = self.stop - self.start
        horizon = timedelta(days=days)
        now = fields.Datetime.now()
        latest = now + timedelta(days=MAX_DAYS_AHEAD)
        # what is stored may predate the limits (year 9999, years long): such a period has
        # no free time near it, and the arithmetic below stays within Python's dates
        if duration > timedelta(days=MAX_DURATION_DAYS) or not (
            now - horizon <= self.start <= latest + horizon
        ):
            return []
        # the room's own bookings, its joined room's and its parts', with the buffers
        intervals = self._busy_periods(
            self.room_id, self.start - horizon, self.stop + horizon, exclude_ids=self.ids
        )
        found = []
        for i in range(1, int(horizon / timedelta(minutes=step_minutes))):
            for sign in (1, -1):
                start = self.start + sign * i * timedelta(minutes=step_minutes)
                stop = start + duration
                if not now <= start <= latest:
                    continue
                local_start, local_stop = to_wib(start), to_wib(stop)
                if local_start.hour < 7 or local_start.date() != local_stop.date():
                    continue
                if (local_stop.hour, local_stop.minute) > (21, 0):
                    continue
                if any(s < stop and e > start for s, e in intervals):
                    continue
                found.append((start, stop))
            if len(found) >= count:
                break
        return sorted(found[:count])

    def _alternatives(self):
        """Free alternatives: other rooms at the same time, the same room at other times.
        None for a period a booking may not have (stored before the limits): the head
        types a real one in "Change Room / Time"."""
        self.ensure_one()
        result = []
        if self._period_error(self.start, self.stop):
            return result
        rooms = (
            self.env["epesanruangan.room"]._free_rooms(
                self.start, self.stop, self.participants, self.ids
            )
            - self.room_id
        )
        for room in rooms:
            result.append(
                {"room_id": room.id, "start": self.start, "stop": self.stop, "kind": "room"}
            )
        for start, stop in self._free_slots_same_room():
            result.append(
                {"room_id": self.room_id.id, "start": start, "stop": stop, "kind": "time"}
            )
        return result
