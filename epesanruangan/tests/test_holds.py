"""Joined rooms (a hall whose partitions open) and the time kept free around bookings,
through the SOP's own steps and in the free-room lists."""

from datetime import timedelta

import psycopg2

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EpesanruanganCase, future


@tagged("post_install", "-at_install")
class TestJoinedRooms(EpesanruanganCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Room = cls.env["epesanruangan.room"]
        cls.hall = Room.create({"name": "Balai Uji Gabungan", "capacity": 300})
        cls.west = Room.create(
            {"name": "Balai Uji Barat", "capacity": 150, "parent_id": cls.hall.id}
        )
        cls.east = Room.create(
            {"name": "Balai Uji Timur", "capacity": 150, "parent_id": cls.hall.id}
        )

    def test_a_scheduled_joined_room_holds_its_parts(self):
        start = future(days=4)
        self.run_to(self.make_booking(start=start, room=self.hall), "scheduled")
        part = self.make_booking(start=start + timedelta(hours=1), room=self.west)
        part.with_user(self.operator).action_submit()
        with self.assertRaisesRegex(UserError, "already taken"):
            part.with_user(self.officer).action_verify()
        with self.assertRaisesRegex(
            UserError, "Balai Uji Barat is not available then: Balai Uji Gabungan is booked"
        ):
            part._write_held({"state": "validated"})
        # PostgreSQL has the last word
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE epesanruangan_booking SET state = 'scheduled' WHERE id = %s", [part.id]
            )

    def test_the_parts_are_booked_side_by_side_not_under_the_whole(self):
        start = future(days=5)
        self.run_to(self.make_booking(start=start, room=self.west), "scheduled")
        self.run_to(self.make_booking(start=start, room=self.east), "scheduled")
        Room = self.env["epesanruangan.room"]
        busy = Room._busy_room_ids(start, start + timedelta(hours=2))
        self.assertTrue({self.hall.id, self.west.id, self.east.id} <= busy)
        free = Room._free_rooms(start, start + timedelta(hours=2))
        self.assertNotIn(self.hall, free)
        self.assertIn(self.room, free)
        whole = self.make_booking(start=start, room=self.hall)
        whole.with_user(self.operator).action_submit()
        with self.assertRaisesRegex(UserError, "already taken"):
            whole.with_user(self.officer).action_verify()

    def test_the_request_form_marks_the_joined_room_busy(self):
        start = future(days=6)
        self.run_to(self.make_booking(start=start, room=self.east), "scheduled")
        local = start + timedelta(hours=7)
        rooms = {
            row["id"]: row
            for row in self.env["epesanruangan.room"]._portal_availability(
                local.strftime("%Y-%m-%d"),
                local.strftime("%H:%M"),
                (local + timedelta(hours=1)).strftime("%H:%M"),
            )
        }
        self.assertTrue(rooms[self.hall.id]["busy"])
        self.assertTrue(rooms[self.east.id]["busy"])
        self.assertFalse(rooms[self.west.id]["busy"])

    def test_a_buffer_keeps_the_next_event_away(self):
        self.room.buffer_after = 60
        first = self.run_to(self.make_booking(), "scheduled")
        close = self.make_booking(start=first.stop + timedelta(minutes=30))
        close.with_user(self.operator).action_submit()
        with self.assertRaisesRegex(UserError, "already taken"):
            close.with_user(self.officer).action_verify()
        later = self.run_to(self.make_booking(start=first.stop + timedelta(hours=1)), "scheduled")
        self.assertEqual(later.state, "scheduled")
        # the room's calendar: no event may start in the hour after one, nor end in
        # the hour before one (its own hour after would overlap it)
        self.assertEqual(
            self.env["epesanruangan.booking"]._busy_periods(self.room, first.start, later.stop),
            [(first.start - timedelta(hours=1), later.stop + timedelta(hours=1))],
        )
