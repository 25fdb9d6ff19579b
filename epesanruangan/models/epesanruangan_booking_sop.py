from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.layanan_base.tools import send_queued_mail_soon, wib_today

from .epesanruangan_booking import HEAD


class EpesanruanganBooking(models.Model):
    """The steps of the SOP of a room request (its buttons): each checks who acts and
    from which state (``_transitions``), logs the step against its Mutu Baku and gives
    the next actor their to-do."""

    _name = "epesanruangan.booking"
    _inherit = "epesanruangan.booking"

    def _notify_operator(self, body, attachments=None):
        """A message to the operator, in the request's conversation: a comment (the portal
        shows comments, not notifications) that the operator, a follower, also receives
        once by e-mail and answers on the request's page."""
        self._subscribe_operator()
        # the mails leave with the mail queue, not inside the staff member's request
        for booking in self.sudo().with_context(mail_notify_force_send=False):
            booking.message_post(
                body=body,
                message_type="comment",
                partner_ids=booking.operator_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                attachments=attachments or [],
            )
        send_queued_mail_soon(self.env)

    def _send_reminders(self):
        """The day before a scheduled event: a reminder on the request's page (and by
        e-mail) to its operator, in the operator's language."""
        for booking in self:
            booking = booking.with_context(lang=booking.operator_id.lang)
            booking._notify_operator(
                booking.env._(
                    "A reminder: your event %(event)s in %(room)s is tomorrow, %(when)s.",
                    event=booking.event_name,
                    room=booking.room_id.name,
                    when=booking.schedule_display,
                )
            )

    # ------------------------------------------------------------------ SOP steps

    def action_submit(self, form_started=None):
        """Step 2: the operator submits the request."""
        self._check_transition("action_submit")
        self._check_operator()
        for booking in self:
            if not booking.letter:
                raise UserError(self.env._("Attach the request letter (PDF) before submitting."))
            if booking.start <= fields.Datetime.now():
                raise UserError(self.env._("The booking must start in the future."))
            if booking.participants > booking.room_id.capacity:
                raise UserError(
                    self.env._(
                        "%(room)s holds %(cap)s people; %(n)s participants were requested.",
                        room=booking.room_id.name,
                        cap=booking.room_id.capacity,
                        n=booking.participants,
                    )
                )
        self.sudo().write({"state": "submitted", "decision_note": False})
        self._log_step("2", start=form_started)
        self._schedule_next("3")
        return True

    def action_verify(self):
        """Step 3: the officer verifies purpose, schedule, room and documents."""
        self._check_transition("action_verify")
        for booking in self:
            other = booking._conflicts()
            if other:
                raise UserError(
                    self.env._(
                        "%(room)s is already taken by %(ref)s at that time: send the request "
                        "back or reject it.",
                        room=booking.room_id.name,
                        ref=other[0].name,
                    )
                )
            booking._log_step("3")
            if booking.line_ids:
                # step 4: the system computes the availability per item for the period
                avail = booking.line_ids.equipment_id._available_qty(
                    booking.start, booking.stop, booking.ids
                )
                # the system's proposal, written for the officer (role checked above)
                for line_sudo in booking.line_ids.sudo():
                    line_sudo.qty_approved = max(
                        min(line_sudo.qty_requested, avail.get(line_sudo.equipment_id.id, 0)), 0
                    )
                booking.sudo().write({"state": "equipment_check"})
                booking._log_step("4")
                booking._schedule_next("5")
            else:
                booking.sudo().write({"state": "verified"})
                booking._schedule_next("7")
        return True

    def action_send_back(self, reason=False):
        """Step 3 (alternative): back to the operator with a note."""
        self._check_transition("action_send_back")
        if not reason:
            raise UserError(self.env._("Write a note for the applicant."))
        self.sudo().write({"state": "draft", "decision_note": reason})
        self._log_step("3", note=reason)
        self._schedule_next("2")
        self._notify_operator(
            self.env._("Your request was sent back for correction: %(note)s", note=reason)
        )
        return True

    def action_reject(self, reason=False):
        """Step 3 (alternative): reject with a reason."""
        self._check_transition("action_reject")
        if not reason:
            raise UserError(self.env._("Write the reason of the rejection."))
        self.sudo().write({"state": "rejected", "decision_note": reason})
        self._log_step("3", note=reason)
        self._schedule_next(False)
        self._notify_operator(self.env._("Your request was rejected: %(note)s", note=reason))
        # a period it held goes to whoever waits for it
        self.sudo()._waitlist_offer_freed()
        return True

    def action_pss_approve(self):
        """Step 5: PSS approves, reduces or refuses each equipment line."""
        self._check_transition("action_pss_approve")
        for booking in self:
            booking._lock_and_check_equipment()
            # the line's status follows PSS's quantities (role checked above)
            for line_sudo in booking.line_ids.sudo():
                if line_sudo.qty_approved >= line_sudo.qty_requested:
                    line_sudo.state = "approved"
                elif line_sudo.qty_approved > 0:
                    line_sudo.state = "reduced"
                else:
                    line_sudo.state = "unavailable"
            booking._log_step("5")
            short = booking.line_ids.filtered(lambda line: line.state != "approved")
            if short:
                booking.sudo().write({"state": "waiting_applicant"})
                booking._schedule_next("6")
                items = ", ".join(
                    f"{line.equipment_id.name} ({line.qty_approved}/{line.qty_requested})"
                    for line in short
                )
                booking._notify_operator(
                    self.env._(
                        "Not all the equipment is available: %(items)s. Please tell us on the "
                        "portal whether you continue without it or cancel the booking.",
                        items=items,
                    )
                )
            else:
                booking.sudo().write({"state": "verified"})
                booking._schedule_next("7")
        return True

    def action_applicant_continue(self):
        """Step 6: the operator continues without the missing equipment."""
        self._check_transition("action_applicant_continue")
        self._check_operator()
        self.sudo().write({"state": "verified"})
        self._log_step("6", note=self.env._("Continue without the missing equipment"))
        self._schedule_next("7")
        return True

    def action_validate(self):
        """Step 7: the head validates room and equipment (the room is held from now on)."""
        self._check_transition("action_validate")
        for booking in self:
            booking._lock_and_check_equipment()
            booking._write_held({"state": "validated"})
            booking._log_step("7")
            booking._schedule_next("8")
        return True

    def action_schedule(self):
        """Step 8: the head sets the schedule; the operator receives it with an .ics."""
        self._check_transition("action_schedule")
        for booking in self:
            if booking.state == "to_reschedule":
                booking._lock_and_check_equipment()
            booking._write_held({"state": "scheduled"})
            booking._sync_calendar_event()
            booking._log_step("8")
            booking._schedule_next(False)
            booking._notify_operator(
                self.env._(
                    "Your request %(ref)s is approved: %(event)s in %(room)s, %(when)s.",
                    ref=booking.name,
                    event=booking.event_name,
                    room=booking.room_id.name,
                    when=booking.schedule_display,
                ),
                attachments=booking._ics_attachment(),
            )
        return True

    def action_reschedule(self, room, start, stop):
        """Step 8 (change): another room or time, chosen from the free slots."""
        self._check_transition("action_reschedule")
        self.ensure_one()
        if stop <= start:
            raise UserError(self.env._("The end of the booking must be after its start."))
        error = self._period_error(start, stop)
        if error:
            raise UserError(error)
        if room.capacity < self.participants:
            raise UserError(self.env._("This room is too small for the participants."))
        was = self.state
        vals = {"room_id": room.id, "start": start, "stop": stop}
        # the equipment must be free where the booking goes, not where it was
        self._lock_and_check_equipment(start, stop)
        if was == "to_reschedule":
            self.sudo().write(vals)
            return self.action_schedule()
        held = {self.id: (self.room_id, self.hold_start, self.hold_stop)}
        self._write_held(vals)
        # the period it leaves goes to whoever waits for it
        self._waitlist_offer_moved(held)
        if was == "scheduled":
            self._sync_calendar_event()
            self._log_step("8", note=self.env._("Schedule changed"))
            self._notify_operator(
                self.env._(
                    "The schedule of %(ref)s changed: %(room)s, %(when)s.",
                    ref=self.name,
                    room=room.name,
                    when=self.schedule_display,
                ),
                attachments=self._ics_attachment(),
            )
        return True

    def action_cancel(self, reason=False):
        """Step 9: cancel; the room and the equipment are free at once."""
        self._check_transition("action_cancel")
        staff = self.env.user.has_group("epesanruangan.group_officer")
        if not staff:
            self._check_operator()
            if any(b.start <= fields.Datetime.now() for b in self):
                raise UserError(self.env._("The event has started: it can no longer be cancelled."))
        elif not reason:
            raise UserError(self.env._("Write the reason of the cancellation."))
        self.sudo().write({"state": "cancelled", "decision_note": reason or False})
        self.flush_recordset(["state"])
        self._sync_calendar_event()
        self._log_step("9", note=reason)
        self._schedule_next(False)
        if staff:
            self._notify_operator(self.env._("Your booking was cancelled: %(note)s", note=reason))
        # the room goes to whoever waits for the period (one not begun yet)
        self.sudo()._waitlist_offer_freed()
        return True

    def action_done(self):
        """The event took place."""
        self._check_transition("action_done")
        if any(b.stop > fields.Datetime.now() for b in self):
            raise UserError(self.env._("The event has not ended yet."))
        self.sudo().write({"state": "done"})
        for booking in self:
            booking._schedule_next("10")
        return True

    def action_send_report(self):
        """Step 10: photos and note to the leadership as a PDF report."""
        self._check_transition("action_send_report")
        for booking in self:
            if booking.report_sent:
                raise UserError(
                    self.env._(
                        "The event report of %(ref)s was already sent to the leadership.",
                        ref=booking.name,
                    )
                )
            if not booking.photo_ids:
                raise UserError(self.env._("Upload at least one photo of the event."))
            # the flag first, written at once: a second request sending the same report
            # waits for this row, then fails and is retried, and sees the report sent
            booking.sudo().write({"report_sent": True, "report_date": wib_today()})
            booking.flush_recordset(["report_sent", "report_date"])
            pdf, _fmt = (
                self.env["ir.actions.report"]
                .sudo()
                ._render_qweb_pdf("epesanruangan.action_report_event", booking.ids)
            )
            leaders = (
                self.env.ref("epesanruangan.group_leader")
                .sudo()
                .all_user_ids.filtered(lambda u: u.active and not u.share)
            )
            booking.sudo().message_post(
                body=self.env._(
                    "Event report of %(event)s (%(ref)s) for the leadership.",
                    event=booking.event_name,
                    ref=booking.name,
                ),
                partner_ids=leaders.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                attachments=[(f"Laporan Acara {booking.name}.pdf", pdf)],
            )
            booking._log_step("10")
            booking._schedule_next(False)
        return True

    def action_schedule_priority(self):
        """Jadwal Pimpinan Mendadak: the leadership event takes the room at once.

        Colliding bookings move to "to reschedule" in the same transaction, their
        operators are told and the head gets an activity to offer them alternatives.
        """
        self._check_transition("action_schedule_priority")
        self.ensure_one()
        if not self.is_priority:
            raise UserError(self.env._("Only a leadership event can take a booked room."))
        bumped = self._conflicts()
        if bumped:
            bumped.sudo().write({"state": "to_reschedule"})
            bumped.flush_recordset(["state"])
            bumped._sync_calendar_event()
        self._reserve_priority_equipment()
        self._lock_and_check_equipment()
        self._write_held({"state": "scheduled"})
        self._sync_calendar_event()
        self._log_step("8", note=self.env._("Leadership event"))
        self._schedule_next(False)
        # one step log and one round of activities for all of them, then each operator
        bumped._log_step("8", note=self.env._("Moved by a leadership event"))
        bumped._schedule_next("8")
        for booking in bumped:
            booking._notify_operator(
                self.env._(
                    "A sudden leadership event needs %(room)s on %(when)s. Your booking "
                    "%(ref)s will be moved; the service will offer you another room or time.",
                    room=self.room_id.name,
                    when=self.schedule_display,
                    ref=booking.name,
                )
            )
        return bumped

    def action_open_reason(self):
        """Ask the note of a send-back, a rejection or a cancellation (the context's
        ``reason_action``), then run that step."""
        action = self.env.context.get("reason_action")
        if action not in self._reason_actions:
            raise UserError(self.env._("This step takes no reason."))
        return self.env["layanan.reason.wizard"]._open(
            self, action, self.env._("Note to the applicant")
        )

    def action_open_alternatives(self):
        self.ensure_one()
        self._check_group(HEAD)
        wizard = self.env["epesanruangan.reschedule.wizard"].create(
            {
                "booking_id": self.id,
                "room_id": self.room_id.id,
                "start": self.start,
                "stop": self.stop,
                "alternative_ids": [(0, 0, alt) for alt in self._alternatives()],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Free alternatives"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_print_report(self):
        return self.env.ref("epesanruangan.action_report_event").report_action(self)
