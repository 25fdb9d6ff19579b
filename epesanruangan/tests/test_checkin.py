"""Check-in and no-shows in the Balaikota (layanan_base, issue 18 item 5)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import EpesanruanganCase, future


@tagged("post_install", "-at_install")
class TestCheckin(EpesanruanganCase):
    def setUp(self):
        super().setUp()
        self.room.checkin_grace_minutes = 20

    def test_an_officer_checks_a_scheduled_event_in_at_the_door(self):
        start = future(days=4)
        booking = self.run_to(self.make_booking(start=start), "scheduled")
        with self.assertRaises(AccessError):
            booking.with_user(self.operator).action_check_in()
        with freeze_time(start - timedelta(minutes=40)):
            with self.assertRaisesRegex(UserError, "opens at"):
                booking.with_user(self.officer).action_check_in()
        with freeze_time(start + timedelta(minutes=5)):
            booking.with_user(self.officer).action_check_in()
            self.assertEqual(self.env["epesanruangan.booking"]._cron_release_no_shows(), 0)
        self.assertEqual(booking.checked_in_at, start + timedelta(minutes=5))
        with freeze_time(start + timedelta(minutes=30)):
            self.assertEqual(self.env["epesanruangan.booking"]._cron_release_no_shows(), 0)
        self.assertEqual(booking.state, "scheduled")

    def test_an_event_nobody_checked_in_frees_its_room(self):
        start = future(days=4)
        booking = self.run_to(self.make_booking(start=start), "scheduled")
        # another room asks for no check-in: its event stands
        other = self.run_to(self.make_booking(start=start, room=self.room_big), "scheduled")
        Booking = self.env["epesanruangan.booking"]
        with freeze_time(start + timedelta(minutes=20)):
            self.assertEqual(Booking._cron_release_no_shows(), 0)
        with freeze_time(start + timedelta(minutes=21)):
            self.assertEqual(Booking._cron_release_no_shows(), 1)
        self.assertEqual((booking.state, booking.no_show), ("cancelled", True))
        self.assertIn("20 minutes", booking.decision_note)
        self.assertEqual(booking.step_log_ids.sorted("id")[-1:].step_id.code, "9")
        # the room is free at once for the rest of the period
        self.assertIn(
            self.room, self.env["epesanruangan.room"]._free_rooms(start, start + timedelta(hours=2))
        )
        self.assertEqual(booking.with_user(self.officer).booker_no_show_count, 1)
        self.assertEqual(other.state, "scheduled")
