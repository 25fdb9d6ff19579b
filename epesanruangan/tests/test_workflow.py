import base64
import io
from datetime import datetime, timedelta

from lxml import etree
from PIL import Image

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.layanan_base.tools import wib_day_bounds, wib_today

from .common import PDF, EpesanruanganCase, future


@tagged("post_install", "-at_install")
class TestWorkflow(EpesanruanganCase):
    def test_the_schedule_notice_leaves_with_the_mail_queue_at_once(self):
        """The operator's notice is queued (not sent inside the head's request); Odoo's
        mail queue runs every hour unless asked: the schedule asks it to run now."""
        mail_cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"]
        booking = self.make_booking()
        booking.with_user(self.operator).action_submit()
        booking.with_user(self.officer).action_verify()
        booking.with_user(self.head).action_validate()
        Trigger.search([("cron_id", "=", mail_cron.id)]).unlink()
        booking.with_user(self.head).action_schedule()
        mails = self.env["mail.mail"].search(
            [("model", "=", booking._name), ("res_id", "=", booking.id)]
        )
        self.assertIn(self.operator.partner_id, mails.recipient_ids)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertTrue(Trigger.search([("cron_id", "=", mail_cron.id)]))

    def test_full_sop_with_step_log_and_activities(self):
        booking = self.make_booking(lines=[(self.projector, 2)])
        self.assertTrue(booking.name.startswith("PR/"))
        booking.with_user(self.operator).action_submit()
        self.assertEqual(booking.state, "submitted")
        # the officers get an activity for step 3
        self.assertIn(self.officer, booking.activity_ids.user_id)
        self.assertEqual(booking.next_step_id, self.env.ref("epesanruangan.sop_step_3"))
        self.assertEqual(
            booking.next_step_id.responsible_group_id, self.env.ref("epesanruangan.group_officer")
        )
        self.assertTrue(booking.next_step_deadline)
        booking.with_user(self.officer).action_verify()
        self.assertEqual(booking.state, "equipment_check")
        self.assertIn(self.pss, booking.activity_ids.user_id)
        self.assertNotIn(self.officer, booking.activity_ids.user_id)
        self.assertEqual(booking.line_ids.qty_approved, 2)
        self.assertEqual(booking.line_ids.qty_available, 3)
        booking.with_user(self.pss).action_pss_approve()
        self.assertEqual(booking.state, "verified")
        self.assertEqual(booking.line_ids.state, "approved")
        booking.with_user(self.head).action_validate()
        self.assertEqual(booking.state, "validated")
        booking.with_user(self.head).action_schedule()
        self.assertEqual(booking.state, "scheduled")
        # the event is in the calendars; no "Meeting" activity lingers on the booking
        self.assertFalse(
            booking.activity_ids.filtered(lambda a: a.activity_type_id.category == "meeting")
        )
        steps = booking.step_log_ids.sorted("id").mapped("step")
        self.assertEqual(steps, ["2", "3", "4", "5", "7", "8"])
        log = booking.step_log_ids.filtered(lambda s: s.step == "3")
        self.assertEqual(log.user_id, self.officer)
        self.assertEqual(log.target_seconds, 15 * 60)
        # calendar event with operator and officers, the room as location
        event = booking.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.location, self.room.name)
        self.assertIn(self.operator.partner_id, event.partner_ids)
        self.assertIn(self.officer.partner_id, event.partner_ids)
        self.assertEqual(event.start, booking.start)
        # the operator was told, with an .ics file
        message = booking.message_ids.filtered(
            lambda m: self.operator.partner_id in m.partner_ids and m.attachment_ids
        )[:1]
        self.assertTrue(message)
        self.assertEqual(message.attachment_ids.name, "jadwal-acara.ics")
        self.assertIn(b"BEGIN:VCALENDAR", base64.b64decode(message.attachment_ids.datas))

    def test_wrong_role_or_state_is_refused(self):
        booking = self.make_booking()
        with self.assertRaises(AccessError):
            booking.with_user(self.operator2).action_submit()
        with self.assertRaises(UserError):
            booking.with_user(self.officer).action_verify()  # still draft
        booking.with_user(self.operator).action_submit()
        for user in (self.operator, self.pss, self.leader):
            with self.assertRaises(AccessError):
                booking.with_user(user).action_verify()
        booking.with_user(self.officer).action_verify()
        self.assertEqual(booking.state, "verified")
        for user in (self.officer, self.pss, self.operator):
            with self.assertRaises(AccessError):
                booking.with_user(user).action_validate()
        with self.assertRaises(UserError):
            booking.with_user(self.head).action_schedule()  # not validated yet
        with self.assertRaises(UserError):
            booking.with_user(self.officer).action_verify()  # already verified
        booking.with_user(self.head).action_validate()
        with self.assertRaises(AccessError):
            booking.with_user(self.officer).action_schedule()
        with self.assertRaises(AccessError):
            booking.with_user(self.head).action_pss_approve()

    def test_submit_needs_letter_and_capacity(self):
        booking = self.make_booking(letter=False)
        with self.assertRaisesRegex(UserError, "request letter"):
            booking.with_user(self.operator).action_submit()
        booking = self.make_booking(room=self.room_small, participants=20)
        with self.assertRaisesRegex(UserError, "holds 5 people"):
            booking.with_user(self.operator).action_submit()
        with self.assertRaisesRegex(ValidationError, "must be a PDF"):
            self.make_booking(letter=base64.b64encode(b"GIF89a not a pdf"))

    def test_send_back_and_reject(self):
        booking = self.make_booking()
        booking.with_user(self.operator).action_submit()
        with self.assertRaises(UserError):
            booking.with_user(self.officer).action_send_back()
        action = (
            booking.with_user(self.officer)
            .with_context(reason_action="action_send_back")
            .action_open_reason()
        )
        self.assertEqual(action["res_model"], "layanan.reason.wizard")
        wizard = (
            self.env["layanan.reason.wizard"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({"reason": "Surat belum ditandatangani"})
        )
        wizard.action_confirm()
        self.assertEqual(booking.state, "draft")
        self.assertEqual(booking.decision_note, "Surat belum ditandatangani")
        booking.with_user(self.operator).action_submit()
        booking.with_user(self.officer).action_reject(reason="Bukan kegiatan dinas")
        self.assertEqual(booking.state, "rejected")
        self.assertIn("Bukan kegiatan dinas", booking.message_ids[0].body)

    def test_exclusion_constraint(self):
        first = self.run_to(self.make_booking(), "scheduled")
        # back-to-back is allowed
        after = self.run_to(self.make_booking(start=first.stop), "scheduled")
        self.assertEqual(after.state, "scheduled")
        overlapping = self.make_booking(start=first.start + timedelta(hours=1))
        overlapping.with_user(self.operator).action_submit()
        with self.assertRaisesRegex(UserError, "already taken"):
            overlapping.with_user(self.officer).action_verify()
        # the database refuses it even when Python is bypassed
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception) as ctx:
            with self.env.cr.savepoint():
                overlapping.write({"state": "scheduled"})
                overlapping.flush_recordset()
        self.assertIn("room_not_double_booked", str(ctx.exception))
        # _write_held turns the violation into a kind message
        with self.assertRaisesRegex(UserError, "already booked"):
            overlapping._write_held({"state": "validated"})

    def test_equipment_arithmetic_with_overlapping_periods(self):
        start = future(days=4)
        a = self.run_to(self.make_booking(start=start, lines=[(self.projector, 2)]), "scheduled")
        self.assertEqual(a.line_ids.qty_approved, 2)
        # overlaps a by one hour, another room
        b = self.make_booking(
            start=start + timedelta(hours=1), room=self.room_big, lines=[(self.projector, 2)]
        )
        avail = self.projector._available_qty(b.start, b.stop)
        self.assertEqual(avail[self.projector.id], 1)
        # does not overlap (back-to-back): the full stock
        c_start = a.stop
        self.assertEqual(
            self.projector._available_qty(c_start, c_start + timedelta(hours=1))[self.projector.id],
            3,
        )
        b.with_user(self.operator).action_submit()
        b.with_user(self.officer).action_verify()
        self.assertEqual(b.line_ids.qty_approved, 1, "proposed from what is free")
        # PSS cannot approve more than is free
        b.line_ids.with_user(self.pss).write({"qty_approved": 2})
        with self.assertRaisesRegex(UserError, "Only 1"):
            b.with_user(self.pss).action_pss_approve()
        b.line_ids.with_user(self.pss).write({"qty_approved": 1})
        b.with_user(self.pss).action_pss_approve()
        self.assertEqual(b.state, "waiting_applicant")
        self.assertEqual(b.line_ids.state, "reduced")
        b.with_user(self.operator).action_applicant_continue()
        self.assertEqual(b.state, "verified")
        b.with_user(self.head).action_validate()
        self.assertEqual(self.projector._available_qty(b.start, b.stop)[self.projector.id], 0)
        # cancelling a frees its projectors at once
        a.with_user(self.officer).action_cancel(reason="Acara batal")
        self.assertFalse(a.calendar_event_id)
        self.assertEqual(self.projector._available_qty(b.start, b.stop)[self.projector.id], 2)

    def test_unavailable_item_and_applicant_cancels(self):
        self.run_to(
            self.make_booking(start=future(days=5), room=self.room_big, lines=[(self.sound, 1)]),
            "scheduled",
        )
        b = self.make_booking(start=future(days=5), lines=[(self.sound, 1)])
        b.with_user(self.operator).action_submit()
        b.with_user(self.officer).action_verify()
        self.assertEqual(b.line_ids.qty_approved, 0)
        b.line_ids.with_user(self.pss).action_mark_unavailable()
        b.with_user(self.pss).action_pss_approve()
        self.assertEqual(b.line_ids.state, "unavailable")
        self.assertEqual(b.state, "waiting_applicant")
        self.assertIn(self.operator.partner_id, b.message_ids[0].partner_ids)
        b.with_user(self.operator).action_cancel()
        self.assertEqual(b.state, "cancelled")

    def test_concurrent_validation_cannot_over_allocate(self):
        """Two verified requests for the last sound system: the second validation fails."""
        start = future(days=6)
        a = self.run_to(self.make_booking(start=start, lines=[(self.sound, 1)]), "verified")
        b = self.run_to(
            self.make_booking(start=start, room=self.room_big, lines=[(self.sound, 1)]), "verified"
        )
        a.with_user(self.head).action_validate()
        with self.assertRaisesRegex(UserError, "Only 0"):
            b.with_user(self.head).action_validate()
        self.assertEqual(b.state, "verified")

    def test_operator_cancel_only_before_event(self):
        booking = self.run_to(self.make_booking(), "scheduled")
        with self.assertRaises(AccessError):
            booking.with_user(self.operator2).action_cancel()
        with self.assertRaisesRegex(UserError, "reason"):
            booking.with_user(self.officer).action_cancel()
        booking.with_user(self.operator).action_cancel()
        self.assertEqual(booking.state, "cancelled")
        # the room is free again at once: another booking takes it
        again = self.run_to(self.make_booking(start=booking.start), "scheduled")
        self.assertEqual(again.state, "scheduled")
        past = self.make_booking(start=future(days=-1))
        with self.assertRaisesRegex(UserError, "started"):
            past.with_user(self.operator).action_cancel()

    def test_leadership_bump_and_alternatives(self):
        start = future(days=3)
        bumped = self.run_to(self.make_booking(start=start), "scheduled")
        old_event = bumped.calendar_event_id
        # another booking holds the big room at the same time
        other = self.run_to(self.make_booking(start=start, room=self.room_big), "scheduled")
        priority = (
            self.env["epesanruangan.booking"]
            .with_user(self.head)
            .create(
                {
                    "event_name": "Rapat Mendadak Pimpinan",
                    "participants": 10,
                    "room_id": self.room.id,
                    "start": start + timedelta(minutes=30),
                    "stop": start + timedelta(hours=1),
                    "is_priority": True,
                }
            )
        )
        with self.assertRaises(AccessError):
            priority.with_user(self.officer).action_schedule_priority()
        moved = priority.with_user(self.head).action_schedule_priority()
        self.assertEqual(moved, bumped)
        self.assertEqual(priority.state, "scheduled")
        self.assertEqual(bumped.state, "to_reschedule")
        self.assertEqual(other.state, "scheduled")
        self.assertFalse(old_event.exists())
        self.assertTrue(priority.calendar_event_id)
        notice = bumped.message_ids.filtered(lambda m: self.operator.partner_id in m.partner_ids)[
            :1
        ]
        self.assertIn("leadership", notice.body)
        # the leadership event's period, not the operator's own slot
        self.assertIn(f"on {priority.schedule_display}", notice.body)
        self.assertNotIn(bumped.schedule_display, notice.body)
        self.assertEqual(notice.message_type, "comment")
        self.assertIn(self.head, bumped.activity_ids.user_id)
        # alternatives: rooms large enough free at the same time, same room at other times
        alternatives = bumped._alternatives()
        rooms = [a["room_id"] for a in alternatives if a["kind"] == "room"]
        self.assertNotIn(self.room_big.id, rooms, "busy")
        self.assertNotIn(self.room_small.id, rooms, "too small")
        times = [a for a in alternatives if a["kind"] == "time"]
        self.assertTrue(times)
        for alt in times:
            self.assertEqual(alt["room_id"], self.room.id)
            self.assertTrue(alt["start"] >= priority.stop or alt["stop"] <= priority.start)
            self.assertEqual(alt["stop"] - alt["start"], bumped.stop - bumped.start)
        # one click applies the nearest free time
        action = bumped.with_user(self.head).action_open_alternatives()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        choice = wizard.alternative_ids.filtered(lambda a: a.kind == "time")[:1]
        choice.with_user(self.head).action_apply()
        self.assertEqual(bumped.state, "scheduled")
        self.assertEqual(bumped.start, choice.start)
        self.assertEqual(bumped.calendar_event_id.start, choice.start)

    def test_leadership_event_reserves_its_equipment(self):
        """The leadership event holds the equipment it asks for, as far as it is free."""
        start = future(days=7)
        # two of the three projectors are held in another room at that time
        self.run_to(
            self.make_booking(start=start, room=self.room_big, lines=[(self.projector, 2)]),
            "scheduled",
        )
        priority = (
            self.env["epesanruangan.booking"]
            .with_user(self.head)
            .create(
                {
                    "event_name": "Rapat Mendadak Pimpinan",
                    "participants": 10,
                    "room_id": self.room.id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "is_priority": True,
                    "line_ids": [
                        (0, 0, {"equipment_id": self.sound.id, "qty_requested": 1}),
                        (0, 0, {"equipment_id": self.projector.id, "qty_requested": 2}),
                    ],
                }
            )
        )
        priority.with_user(self.head).action_schedule_priority()
        self.assertEqual(priority.state, "scheduled")
        sound = priority.line_ids.filtered(lambda line: line.equipment_id == self.sound)
        projector = priority.line_ids - sound
        self.assertEqual((sound.qty_approved, sound.state), (1, "approved"))
        self.assertEqual((projector.qty_approved, projector.state), (1, "reduced"))
        avail = (self.sound | self.projector)._available_qty(priority.start, priority.stop)
        self.assertEqual(avail, {self.sound.id: 0, self.projector.id: 0})
        note = priority.message_ids.filtered(lambda m: "leadership event" in (m.body or ""))
        self.assertIn("Proyektor Uji (1/2)", note.body)
        # another request at that time is offered no sound system
        other = self.make_booking(
            start=start, room=self.room_small, participants=5, lines=[(self.sound, 1)]
        )
        other.with_user(self.operator).action_submit()
        other.with_user(self.officer).action_verify()
        self.assertEqual(other.line_ids.qty_approved, 0)
        self.assertEqual(other.line_ids.qty_available, 0)

    def test_absurd_periods_are_refused_on_every_path(self):
        """The portal's date limits hold in the model: staff over RPC, sudo callers and
        "Change Room / Time" cannot store a booking in year 9999 (or year 1, or lasting
        for years), which would make the free alternatives crash."""
        Booking = self.env["epesanruangan.booking"]
        vals = {"event_name": "Rapat Jauh", "participants": 5, "room_id": self.room.id}
        end_of_time = datetime(9999, 12, 31, 20)
        soon = future(days=5)
        cases = (
            (datetime(9999, 12, 30, 2), datetime(9999, 12, 30, 4), "latest 730 days"),
            (end_of_time, end_of_time + timedelta(hours=2), "latest 730 days"),
            (future(days=731), future(days=731, hour=4), "latest 730 days"),
            (datetime(1, 1, 1, 0), datetime(1, 1, 1, 2), "earliest 730 days before"),
            (future(days=-731), future(days=-731, hour=4), "earliest 730 days before"),
            (soon, datetime(9999, 12, 31, 22), "last at most 31 days"),
            (soon, soon + timedelta(days=31, minutes=30), "last at most 31 days"),
        )
        for start, stop, _message in cases:
            self.assertLess(start, stop, "refused for its dates, not by stop > start")
        for env_booking in (Booking.with_user(self.officer), Booking.sudo()):
            for start, stop, message in cases:
                with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                    env_booking.create(dict(vals, start=start, stop=stop))
        self.assertFalse(Booking.search([("event_name", "=", "Rapat Jauh")]))
        # the limits themselves are bookable
        last = Booking.with_user(self.officer).create(
            dict(vals, start=future(days=729), stop=future(days=729, hour=4))
        )
        long_event = Booking.with_user(self.officer).create(
            dict(vals, start=soon, stop=soon + timedelta(days=31))
        )
        past = Booking.with_user(self.head).create(
            dict(vals, start=future(days=-729), stop=future(days=-729, hour=4))
        )
        self.assertEqual((last | long_event | past).mapped("state"), ["draft"] * 3)
        # nor by an update of a draft
        with self.assertRaisesRegex(ValidationError, "latest 730 days"), self.env.cr.savepoint():
            last.with_user(self.officer).write(
                {"start": end_of_time, "stop": end_of_time + timedelta(hours=2)}
            )
        self.assertEqual(last.start, future(days=729))
        # nor by "Change Room / Time"
        booking = self.run_to(self.make_booking(), "scheduled")
        start = booking.start
        for new_start, new_stop, message in cases:
            with self.assertRaisesRegex(UserError, message):
                booking.with_user(self.head).action_reschedule(self.room_big, new_start, new_stop)
        self.assertEqual((booking.start, booking.room_id), (start, self.room))
        self.assertEqual(booking.calendar_event_id.start, start)

    def test_alternatives_survive_absurd_stored_periods(self):
        """Periods stored before the model refused them do not crash the free alternatives
        (the leadership bump's, "Change Room / Time"): none is offered for such a period,
        and the head moves the booking to a real one."""
        bumped = self.run_to(self.make_booking(), "scheduled")
        # another booking nearby still gets its alternatives
        normal = self.run_to(self.make_booking(start=future(days=4)), "scheduled")
        for start, stop in (
            (datetime(9999, 12, 30, 2), datetime(9999, 12, 30, 4)),
            (datetime(9999, 12, 31, 20), datetime(9999, 12, 31, 22)),
            (future(days=3), datetime(9999, 12, 31, 22)),
            (datetime(1, 1, 1, 0), datetime(1, 1, 1, 2)),
        ):
            # as an older database holds them: written without the ORM
            self.env.cr.execute(
                "UPDATE epesanruangan_booking SET start = %s, stop = %s, state = 'to_reschedule'"
                " WHERE id = %s",
                (start, stop, bumped.id),
            )
            bumped.invalidate_recordset()
            self.assertEqual(bumped._alternatives(), [])
            action = bumped.with_user(self.head).action_open_alternatives()
            wizard = self.env[action["res_model"]].browse(action["res_id"])
            self.assertFalse(wizard.alternative_ids)
            self.assertIn(str(stop.year), bumped.schedule_display)
        self.assertTrue(normal._alternatives())
        # the head types a real period in "Change Room / Time"
        new_start = future(days=6)
        wizard.with_user(self.head).write(
            {"start": new_start, "stop": new_start + timedelta(hours=2)}
        )
        wizard.with_user(self.head).action_apply()
        self.assertEqual(bumped.state, "scheduled")
        self.assertEqual((bumped.start, bumped.calendar_event_id.start), (new_start, new_start))

    def test_lookup_by_event_uses_an_index(self):
        """Deleting a calendar event makes PostgreSQL look up the bookings pointing at it:
        an index scan, not a read of every booking."""
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM epesanruangan_booking WHERE calendar_event_id IN (1, 2)"
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        self.assertIn("epesanruangan_booking__calendar_event_id_index", plan)

    def test_reschedule_moves_calendar_event(self):
        booking = self.run_to(self.make_booking(), "scheduled")
        event = booking.calendar_event_id
        new_start = booking.start + timedelta(days=1)
        booking.with_user(self.head).action_reschedule(
            self.room_big, new_start, new_start + timedelta(hours=2)
        )
        self.assertEqual(booking.calendar_event_id, event)
        self.assertEqual(event.start, new_start)
        self.assertEqual(event.location, self.room_big.name)

    def test_reschedule_checks_equipment_at_the_new_period(self):
        """The only sound system is taken on the new date: the move is refused there."""
        holder = self.run_to(
            self.make_booking(start=future(days=5), room=self.room_big, lines=[(self.sound, 1)]),
            "scheduled",
        )
        booking = self.run_to(
            self.make_booking(start=future(days=4), lines=[(self.sound, 1)]), "scheduled"
        )
        old_start, event = booking.start, booking.calendar_event_id
        with self.assertRaisesRegex(UserError, "Only 0 × Sound Uji are free"):
            booking.with_user(self.head).action_reschedule(self.room, holder.start, holder.stop)
        self.assertEqual(booking.start, old_start)
        self.assertEqual(event.start, old_start)
        self.assertEqual(self.sound._available_qty(holder.start, holder.stop)[self.sound.id], 0)
        # a period where the sound system is free: the booking moves with it
        free = future(days=6)
        booking.with_user(self.head).action_reschedule(self.room, free, free + timedelta(hours=2))
        self.assertEqual(booking.start, free)
        self.assertEqual(event.start, free)
        self.assertEqual(self.sound._available_qty(booking.start, booking.stop)[self.sound.id], 0)
        self.assertEqual(
            self.sound._available_qty(old_start, old_start + timedelta(hours=2))[self.sound.id], 1
        )

    def test_an_absurd_number_of_participants_gets_a_message(self):
        """In the backend form as over RPC: words, not PostgreSQL's "integer out of range"."""
        booking = self.make_booking()
        before = booking.participants
        with self.assertRaisesRegex(ValidationError, "more than any room holds"):
            booking.with_user(self.officer).write({"participants": 3_000_000_000})
        with self.assertRaisesRegex(ValidationError, "more than any room holds"):
            booking.copy({"participants": 3_000_000_000})
        self.assertEqual(booking.participants, before)

    def test_direct_writes_cannot_skip_steps(self):
        """Staff with write access cannot push a request over its steps by RPC."""
        Booking = self.env["epesanruangan.booking"]
        booking = self.make_booking(lines=[(self.projector, 2)])
        booking.with_user(self.operator).action_submit()
        for user, vals in (
            (self.officer, {"state": "scheduled"}),
            (self.head, {"state": "validated"}),
            (self.officer, {"report_sent": True}),
            (self.officer, {"next_step_id": False, "next_step_deadline": False}),
            (self.officer, {"decision_note": "Disetujui"}),
            (self.pss, {"name": "PR/PALSU"}),
        ):
            with self.assertRaisesRegex(AccessError, "only through its steps"):
                booking.with_user(user).write(vals)
        self.assertEqual(booking.state, "submitted")
        self.assertEqual(booking.next_step_id.code, "3")
        with self.assertRaisesRegex(AccessError, "Head of Service Subdivision"):
            booking.with_user(self.officer).write({"is_priority": True})
        self.assertFalse(booking.is_priority)
        # nor by creating a request that is already scheduled
        with self.assertRaisesRegex(AccessError, "only through its steps"):
            Booking.with_user(self.officer).create(
                {
                    "event_name": "Rapat Pintas",
                    "participants": 5,
                    "room_id": self.room_big.id,
                    "start": future(days=9),
                    "stop": future(days=9, hour=4),
                    "state": "scheduled",
                }
            )
        self.assertFalse(Booking.search([("event_name", "=", "Rapat Pintas")]))
        # the approved quantity is PSS's, during the equipment check only
        line = booking.line_ids
        with self.assertRaisesRegex(UserError, "not possible now"):
            line.with_user(self.pss).write({"qty_approved": 1})
        with self.assertRaisesRegex(AccessError, "only through the steps"):
            line.with_user(self.officer).write({"state": "approved"})
        booking.with_user(self.officer).action_verify()
        self.assertEqual(line.qty_approved, 2)
        with self.assertRaisesRegex(AccessError, "Equipment Subdivision"):
            line.with_user(self.officer).write({"qty_approved": 1})
        line.with_user(self.pss).write({"qty_approved": 1})
        booking.with_user(self.pss).action_pss_approve()
        self.assertEqual(line.state, "reduced")
        booking.with_user(self.operator).action_applicant_continue()
        booking.with_user(self.head).action_validate()
        # once validated, the equipment stays as approved
        with self.assertRaisesRegex(UserError, "not possible now"):
            line.with_user(self.pss).write({"qty_approved": 2})
        with self.assertRaisesRegex(UserError, "send it back"):
            booking.with_user(self.officer).write(
                {"line_ids": [(0, 0, {"equipment_id": self.sound.id, "qty_requested": 1})]}
            )
        with self.assertRaisesRegex(UserError, "send it back"):
            line.with_user(self.officer).unlink()
        self.assertEqual(line.qty_approved, 1)
        self.assertEqual(booking.line_ids, line)
        avail = self.projector._available_qty(booking.start, booking.stop)
        self.assertEqual(avail[self.projector.id], 2)
        # a request that left draft is cancelled, not deleted
        admin = new_test_user(self.env, login="t_admin_ruangan", groups="epesanruangan.group_admin")
        with self.assertRaisesRegex(UserError, "cancelled, not deleted"):
            booking.with_user(admin).unlink()
        self.assertTrue(booking.exists())
        # what the steps leave open still works: a draft's equipment, and deleting a draft
        draft = self.make_booking(start=future(days=10))
        draft.with_user(self.officer).write(
            {"line_ids": [(0, 0, {"equipment_id": self.sound.id, "qty_requested": 1})]}
        )
        self.assertEqual(draft.line_ids.equipment_id, self.sound)
        draft.with_user(admin).unlink()
        self.assertFalse(draft.exists())

    def test_calendar_cannot_move_a_scheduled_booking(self):
        """A drag in the staff calendar would move a booking without the room and equipment
        checks, the calendar event or a notice: the calendar does not move bookings, and
        the server refuses such a move."""
        Booking = self.env["epesanruangan.booking"].with_user(self.head)
        view = self.env.ref("epesanruangan.epesanruangan_booking_view_calendar")
        arch = etree.fromstring(Booking.get_view(view.id, "calendar")["arch"])
        self.assertEqual(arch.get("edit"), "0")
        self.assertEqual(arch.get("delete"), "0")
        booking = self.run_to(self.make_booking(lines=[(self.sound, 1)]), "scheduled")
        start, event = booking.start, booking.calendar_event_id
        moved = start + timedelta(days=1)
        # what the web client sends after a drag
        with self.assertRaisesRegex(UserError, "Change Room / Time"):
            booking.with_user(self.head).write({"start": moved, "stop": moved + timedelta(hours=2)})
        with self.assertRaisesRegex(UserError, "Change Room / Time"):
            booking.with_user(self.officer).write({"room_id": self.room_big.id})
        self.assertEqual((booking.start, booking.room_id), (start, self.room))
        self.assertEqual(event.start, start)
        # until the verification the officer still corrects the time on the form
        other = self.make_booking(start=future(days=9))
        other.with_user(self.operator).action_submit()
        other.with_user(self.officer).write(
            {"start": future(days=9, hour=3), "stop": future(days=9, hour=5)}
        )
        self.assertEqual(other.start, future(days=9, hour=3))

    def test_request_data_is_frozen_after_its_step(self):
        """What the operator submitted is what the officer verifies, and what was verified
        is what is scheduled: the operator's data change while the request is a draft
        (also when sent back), the event name until the verification, then never by a
        direct write."""
        Booking = self.env["epesanruangan.booking"]
        operator_data = {
            "letter": base64.b64encode(PDF + b"% surat lain\n"),
            "letter_filename": "surat-lain.pdf",
            "operator_id": self.operator2.id,
            "unit_id": self.unit2.id,
            "participants": 30,
            "purpose": "Tujuan lain",
        }
        booking = self.make_booking()
        # a draft: the officer entering a request for an operator fills in everything
        booking.with_user(self.officer).write(
            {"event_name": "Rapat Koreksi", "participants": 25, "purpose": "Koordinasi"}
        )
        self.assertEqual(
            (booking.event_name, booking.participants, booking.purpose),
            ("Rapat Koreksi", 25, "Koordinasi"),
        )
        booking.with_user(self.operator).action_submit()
        # submitted: the officer still corrects a typo in the event name ...
        booking.with_user(self.officer).write({"event_name": "Rapat Uji Koordinasi"})
        self.assertEqual(booking.event_name, "Rapat Uji Koordinasi")

        def assert_unchanged():
            self.assertEqual(base64.b64decode(booking.letter), PDF)
            self.assertEqual(booking.letter_filename, "surat.pdf")
            self.assertEqual((booking.operator_id, booking.unit_id), (self.operator, self.unit))
            self.assertEqual((booking.participants, booking.purpose), (25, "Koordinasi"))

        # ... but the operator's own data go back to the operator
        for name, value in operator_data.items():
            with self.assertRaisesRegex(UserError, "send the request back to the operator"):
                booking.with_user(self.officer).write({name: value})
        with self.assertRaisesRegex(UserError, r"Work Unit \(SKPD/UKPD\)"):
            booking.with_user(self.head).write({"unit_id": self.unit2.id})
        assert_unchanged()
        # another unit's operator never sees it
        self.assertFalse(Booking.with_user(self.operator2).search([("id", "=", booking.id)]))
        # sent back for revision: the operator's data are open again
        booking.with_user(self.officer).action_send_back(reason="Surat belum ditandatangani")
        booking.with_user(self.officer).write(
            {"letter": operator_data["letter"], "letter_filename": "surat-ttd.pdf"}
        )
        self.assertEqual(booking.letter_filename, "surat-ttd.pdf")
        booking.with_user(self.operator).action_submit()
        booking.with_user(self.officer).action_verify()
        self.assertEqual(booking.state, "verified")
        # verified: the event name is frozen too, for every role with write access
        for user in (self.officer, self.pss, self.head):
            with self.assertRaisesRegex(UserError, "send the request back to the operator"):
                booking.with_user(user).write({"event_name": "Acara Lain"})
        self.assertEqual(booking.event_name, "Rapat Uji Koordinasi")
        booking.with_user(self.head).action_validate()
        booking.with_user(self.head).action_schedule()
        # scheduled: it can no longer be sent back; a different request is a new one
        for name, value in dict(operator_data, event_name="Acara Lain").items():
            with self.assertRaisesRegex(UserError, "cancel the booking"):
                booking.with_user(self.head).write({name: value})
        self.assertEqual(booking.event_name, "Rapat Uji Koordinasi")
        self.assertEqual(booking.letter_filename, "surat-ttd.pdf")
        self.assertEqual(booking.calendar_event_id.name, f"Rapat Uji Koordinasi ({booking.name})")
        # closed: nothing to point to
        booking.with_user(self.officer).action_cancel(reason="Acara batal")
        with self.assertRaisesRegex(UserError, "“Cancelled”: Participants can no longer change"):
            booking.with_user(self.officer).write({"participants": 5})
        self.assertEqual(booking.participants, 25)

    def test_nrk_is_login_and_unique(self):
        user = self.env["res.users"].create(
            {
                "name": "Operator Baru",
                "nrk": "123456",
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.assertEqual(user.login, "123456")
        user.nrk = "654321"
        self.assertEqual(user.login, "654321")
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception) as ctx:
            with self.env.cr.savepoint():
                self.env["res.users"].create({"name": "Dobel", "login": "dobel", "nrk": "654321"})
                self.env.flush_all()
        self.assertIn("nrk", str(ctx.exception))
        with self.assertRaisesRegex(ValidationError, "6 digits"):
            self.env["res.users"].create({"name": "Salah", "nrk": "12ab"})

    def test_nrk_is_the_operators_login_whatever_the_path(self):
        """An operator (portal user) with an NRK logs in with it, however the user was made."""
        Users = self.env["res.users"].with_user(self.env.ref("base.user_admin"))
        portal = self.env.ref("base.group_portal")
        # created with an email as login (the portal invitation does that)
        made = Users.create(
            {
                "name": "Operator Email",
                "login": "operator.email@example.com",
                "nrk": " 123457 ",
                "group_ids": [(6, 0, portal.ids)],
            }
        )
        self.assertEqual((made.nrk, made.login), ("123457", "123457"))
        # the NRK set later, with another login in the same save
        later = Users.create(
            {
                "name": "Operator Nanti",
                "login": "operator.nanti@example.com",
                "group_ids": [(6, 0, portal.ids)],
            }
        )
        self.assertEqual(later.login, "operator.nanti@example.com")
        later.write({"nrk": "123458", "login": "lain@example.com"})
        self.assertEqual(later.login, "123458")
        later.write({"login": "lagi@example.com"})
        self.assertEqual(later.login, "123458")
        later.write({"nrk": 123460})  # an integer over RPC
        self.assertEqual((later.nrk, later.login), ("123460", "123460"))
        # an employee who becomes an operator
        staff = new_test_user(self.env, login="staf.nrk@example.com", groups="base.group_user")
        staff.nrk = "123459"
        self.assertEqual(staff.login, "staf.nrk@example.com", "staff keep their email login")
        staff.write({"group_ids": [(6, 0, portal.ids)]})
        self.assertEqual(staff.login, "123459")
        # still unique and 6 digits (ASCII digits only)
        for wrong in ("²²²²²²", "١٢٣٤٥٦", "12345", "1234567", "12a456"):
            with self.assertRaisesRegex(ValidationError, "6 digits"), self.env.cr.savepoint():
                later.write({"nrk": wrong})
        self.assertEqual(later.nrk, "123460")

    def test_event_report_is_sent_once(self):
        """A second press (double click, stale tab) does not send the report again."""
        booking = self.run_to(self.make_booking(), "scheduled")
        booking.write({"start": future(days=-2), "stop": future(days=-2, hour=4)})
        booking.with_user(self.officer).action_done()
        booking.with_user(self.officer).write(
            {"photo_ids": [(0, 0, {"image": base64.b64encode(self._png())})]}
        )
        booking.with_user(self.officer).action_send_report()
        self.assertTrue(booking.report_sent)
        with self.assertRaisesRegex(UserError, "already sent to the leadership"):
            booking.with_user(self.officer).action_send_report()
        sent = booking.message_ids.filtered(lambda m: self.leader.partner_id in m.partner_ids)
        self.assertEqual(len(sent), 1)
        self.assertEqual(len(booking.step_log_ids.filtered(lambda s: s.step == "10")), 1)

    def _png(self):
        buf = io.BytesIO()
        Image.new("RGB", (32, 20), "red").save(buf, "PNG")
        return buf.getvalue()


@tagged("post_install", "-at_install")
class TestReminder(EpesanruanganCase):
    def test_the_operator_is_reminded_the_day_before(self):
        """As the Biro Umum's bookers are: the day before a scheduled event, its operator
        reads a reminder on the request's page (and by e-mail), once, in their language;
        a request cancelled or not yet scheduled is not reminded."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["layanan_base", "epesanruangan"], ["id_ID"]
        )
        self.operator.lang = "id_ID"
        # 09.00 WIB tomorrow and the day after (a WIB day, whatever the server's)
        nine = wib_day_bounds(wib_today() + timedelta(days=1))[0] + timedelta(hours=9)
        tomorrow = self.run_to(self.make_booking(start=nine), "scheduled")
        later = self.run_to(
            self.make_booking(start=nine + timedelta(days=1), room=self.room_big), "scheduled"
        )
        pending = self.run_to(
            self.make_booking(start=nine + timedelta(hours=4), room=self.room_big), "submitted"
        )
        Booking = self.env["epesanruangan.booking"]
        reminded = Booking._cron_send_reminders()  # (and the demo's events of tomorrow)
        self.assertIn(tomorrow, reminded)
        self.assertFalse((later | pending) & reminded)
        self.assertTrue(tomorrow.reminder_sent)
        self.assertFalse(later.reminder_sent or pending.reminder_sent)
        reminder = tomorrow.message_ids.filtered(
            lambda m: m.message_type == "comment" and "besok" in (m.body or "")
        )
        self.assertEqual(len(reminder), 1, tomorrow.message_ids.mapped("body"))
        self.assertIn(tomorrow.schedule_display, reminder.body)
        self.assertIn(self.operator.partner_id, reminder.notified_partner_ids)
        # once only
        self.assertFalse(Booking._cron_send_reminders())
        # nor may an operator mark a request as reminded
        with self.assertRaises(UserError):  # (AccessError is one too)
            later.with_user(self.operator).write({"reminder_sent": True})
