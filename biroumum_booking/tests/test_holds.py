"""Buffers around bookings and linked facilities (a building and its meeting rooms):
the Python check's message, the availability views, and PostgreSQL's own refusal."""

from datetime import datetime, timedelta

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import NOW, BiroumumCase


def wib(hour, minute=0, day=25):
    """A time on Wednesday `day` November 2026 in WIB, as naive UTC."""
    return datetime(2026, 11, day, hour, minute) - timedelta(hours=7)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestHolds(BiroumumCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Facility = cls.env["biroumum.facility"]
        common = {"manager_user_id": cls.manager.id, "price": 0}
        cls.hall = Facility.create(
            {"name": "Gedung Uji", "category": "building", "buffer_after": 30, **common}
        )
        cls.room1 = Facility.create(
            {"name": "Ruang Satu", "category": "meeting_room", "parent_id": cls.hall.id, **common}
        )
        cls.room2 = Facility.create(
            {"name": "Ruang Dua", "category": "meeting_room", "parent_id": cls.hall.id, **common}
        )
        cls.other_hall = Facility.create({"name": "Gedung Lain", "category": "building", **common})

    def _submitted(self, facility, start, stop, partner=None):
        booking = self._booking(facility=facility, start=start, stop=stop, partner=partner)
        booking.action_submit()
        self.assertEqual(booking.state, "submitted")
        return booking

    def _refused(self, facility, start, stop, message):
        booking = self._booking(
            facility=facility, start=start, stop=stop, partner=self.member2.partner_id
        )
        with self.assertRaisesRegex(ValidationError, message):
            booking.action_submit()
        self.assertEqual(booking.state, "draft")

    # ------------------------------------------------------------------ buffers
    def test_the_buffer_after_keeps_the_next_booking_away(self):
        self._submitted(self.hall, wib(9), wib(11))
        # 11.00 would start in the 30 minutes kept to tidy up the hall
        self._refused(
            self.hall,
            wib(11),
            wib(12),
            r"Gedung Uji is not available.*11\.00 - 12\.00 WIB.*Gedung Uji is booked"
            r".*09\.00 - 11\.00 WIB.*prepare and tidy up",
        )
        self._refused(self.hall, wib(8), wib(9), "Gedung Uji is not available")
        self._submitted(self.hall, wib(11, 30), wib(12, 30))
        # and before: a booking ending at 08.30 leaves the 30 minutes after it free
        self._submitted(self.hall, wib(7, 30), wib(8, 30))

    def test_the_buffer_before_keeps_the_previous_booking_away(self):
        self.other_hall.buffer_before = 60
        self._submitted(self.other_hall, wib(13), wib(15))
        self._refused(self.other_hall, wib(11), wib(12, 30), "Gedung Lain is not available")
        self._submitted(self.other_hall, wib(11), wib(12))
        # 15.00 right after: its own hour to prepare overlaps the 13.00-15.00 booking
        self._refused(self.other_hall, wib(15), wib(16), "Gedung Lain is not available")
        self._submitted(self.other_hall, wib(16), wib(17))

    def test_a_buffer_changed_later_applies_to_new_bookings(self):
        first = self._submitted(self.other_hall, wib(9), wib(10))
        self.other_hall.buffer_after = 45
        # the booking made before keeps what it held
        self.assertEqual((first.hold_start, first.hold_stop), (wib(9), wib(10)))
        self._submitted(self.other_hall, wib(10), wib(11))  # back to back still
        self._refused(self.other_hall, wib(11, 30), wib(12), "Gedung Lain is not available")

    def test_postgresql_refuses_a_booking_within_the_buffer(self):
        """Two submissions that race past the Python check: the exclusion constraint
        itself compares the periods with their buffers."""
        self._submitted(self.hall, wib(9), wib(11))
        late = self._booking(facility=self.hall, start=wib(11, 10), stop=wib(12))
        with (
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE biroumum_booking SET state = 'submitted' WHERE id = %s", [late.id]
            )

    # ------------------------------------------------------------------ linked facilities
    def test_a_booked_building_holds_its_rooms(self):
        self._submitted(self.hall, wib(9), wib(11))
        self._refused(
            self.room1,
            wib(10),
            wib(12),
            r"Ruang Satu is not available.*Gedung Uji is booked.*09\.00 - 11\.00 WIB",
        )
        # the other building is not linked
        self._submitted(self.other_hall, wib(9), wib(11))

    def test_a_booked_room_makes_its_building_unavailable_not_its_sibling(self):
        self._submitted(self.room1, wib(9), wib(11))
        self._submitted(self.room2, wib(9), wib(11), partner=self.member2.partner_id)
        self._refused(
            self.hall, wib(8), wib(10), r"Gedung Uji is not available.*Ruang Satu is booked"
        )
        self._refused(self.room1, wib(10), wib(12), "Ruang Satu is already booked")

    def test_postgresql_refuses_a_building_over_a_booked_room(self):
        self._submitted(self.room2, wib(14), wib(15))
        whole = self._booking(facility=self.hall, start=wib(13), stop=wib(16))
        with (
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE biroumum_booking SET state = 'submitted' WHERE id = %s", [whole.id]
            )

    def all_ids(self):
        return (self.hall | self.room1 | self.room2 | self.other_hall).ids

    def test_availability_shows_the_linked_bookings_and_buffers(self):
        Booking = self.env["biroumum.booking"]
        self._submitted(self.hall, wib(9), wib(11))
        day = (wib(0), wib(23, 59))
        # the room: the building's booking, with the building's 30 minutes after
        self.assertEqual(Booking._busy_periods(self.room1, *day), [(wib(9), wib(11, 30))])
        # the building: a booking of its own must also end 30 minutes before 09.00
        self.assertEqual(Booking._busy_periods(self.hall, *day), [(wib(8, 30), wib(11, 30))])
        self.assertEqual(Booking._busy_periods(self.other_hall, *day), [])
        self.assertEqual(
            Booking._busy_resource_ids(wib(11), wib(11, 15)) & set(self.all_ids()),
            {self.hall.id, self.room1.id, self.room2.id},
        )
        self.assertEqual(
            Booking._busy_resource_ids(wib(11, 30), wib(12)) & set(self.all_ids()), set()
        )
        # a room booked: only the building and that room are busy
        self._submitted(self.room1, wib(13), wib(14))
        self.assertEqual(
            Booking._busy_resource_ids(wib(13), wib(14)) & set(self.all_ids()),
            {self.hall.id, self.room1.id},
        )
        self.assertEqual(
            Booking._busy_periods(self.hall, *day),
            [(wib(8, 30), wib(11, 30)), (wib(12, 30), wib(14))],
        )
        free = self.env["biroumum.facility"]._free_facilities("meeting_room", wib(10), wib(11))
        self.assertNotIn(self.room1, free)
        self.assertNotIn(self.room2, free)

    def test_linking_a_room_later_holds_its_bookings_too(self):
        Facility = self.env["biroumum.facility"]
        common = {"category": "meeting_room", "manager_user_id": self.manager.id}
        loose = Facility.create({"name": "Ruang Lepas", **common})
        self._submitted(loose, wib(9), wib(10))
        loose.parent_id = self.other_hall
        self._refused(self.other_hall, wib(9), wib(10), "Gedung Lain is not available")
        # a room booked when its building is too cannot join it
        self._submitted(self.hall, wib(15), wib(16))
        clashing = Facility.create({"name": "Ruang Bentrok", **common})
        self._submitted(clashing, wib(15), wib(16))
        with (
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            clashing.parent_id = self.hall
            clashing.booking_ids.flush_recordset()

    def test_bookings_created_together_hold_each_their_own(self):
        """The INSERT carries what a booking holds (precomputed): two bookings of other
        facilities created in one batch, as the demo data and imports do, never meet in
        the constraint as two unbounded rows."""
        vals = {"partner_id": self.member.partner_id.id, "purpose": "Uji", "state": "submitted"}
        both = self.env["biroumum.booking"].create(
            [
                {"facility_id": self.hall.id, "start": wib(9), "stop": wib(10), **vals},
                {"facility_id": self.other_hall.id, "start": wib(9), "stop": wib(10), **vals},
            ]
        )
        self.assertEqual(both.mapped("hold_resource_id"), [self.hall.id, self.other_hall.id])
        self.assertEqual(both[0].hold_stop, wib(10, 30))

    def test_two_levels_only(self):
        for facility, parent, message in (
            (self.other_hall, self.room1, "Ruang Satu is itself part of Gedung Uji"),
            (self.hall, self.other_hall, "Gedung Uji has parts of its own"),
            (self.other_hall, self.other_hall, "cannot be part of itself"),
        ):
            with self.subTest(facility=facility.name), self.env.cr.savepoint() as savepoint:
                with self.assertRaisesRegex(ValidationError, message):
                    facility.parent_id = parent
                    facility.flush_recordset()
                savepoint.rollback()
                self.env.invalidate_all()
