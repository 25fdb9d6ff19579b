import base64
from ast import literal_eval
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import NOW, BiroumumCase


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestHandover(BiroumumCase):
    """Vehicle hand-over (issue 18 item 4): the Pengelola records the odometer, fuel
    and condition when the vehicle goes out and comes back; Fleet's odometer log
    follows; an overdue vehicle gets an activity; the use per vehicle and institution."""

    def _approved_car(self, **vals):
        booking = self._booking(
            self.car,
            start=datetime(2026, 11, 25, 0),
            stop=datetime(2026, 11, 25, 10),
            destination="Surakarta",
            attendees=4,
            **vals,
        )
        booking.action_submit()
        booking.with_user(self.manager2).action_approve()
        return booking

    def _record(self, booking, direction, odometer, fuel="100", condition=None, photos=None):
        """Through the wizard, as the Pengelola would."""
        action = getattr(booking.with_user(self.manager2), f"action_{direction}")()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager2).with_context(**action["context"])
        )
        wizard.odometer = odometer
        wizard.fuel = fuel
        if condition:
            wizard.condition = condition
        record = wizard.save()
        if photos:
            record.photo_ids = photos
        return record.action_confirm()

    def test_hand_over_and_return_write_the_fleet_odometer(self):
        self.env["fleet.vehicle.odometer"].create(
            {"vehicle_id": self.fleet_vehicle.id, "value": 12000, "date": "2026-11-01"}
        )
        booking = self._approved_car()
        action = booking.with_user(self.manager2).action_hand_over_vehicle()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager2).with_context(**action["context"])
        )
        # the vehicle's last reading, shown and proposed
        self.assertEqual((wizard.last_odometer, wizard.odometer), (12000, 12000))
        photo = (
            self.env["ir.attachment"]
            .with_user(self.manager2)
            .create({"name": "depan.png", "datas": base64.b64encode(b"\x89PNG\r\n\x1a\nfoto")})
        )
        self._record(booking, "hand_over_vehicle", 12050, "75", "Baret kecil pintu kiri", photo)
        self.assertEqual((booking.odometer_out, booking.fuel_out), (12050, "75"))
        self.assertEqual(booking.condition_out, "Baret kecil pintu kiri")
        self.assertTrue(booking.handover_out_at)
        self.fleet_vehicle.invalidate_recordset(["odometer"])
        self.assertEqual(self.fleet_vehicle.odometer, 12050)
        message = booking.message_ids[:1]
        self.assertIn("12.050 km", message.body)
        self.assertIn("Baret kecil pintu kiri", message.body)
        self.assertEqual(message.attachment_ids, photo)
        # back: the distance, the log, the booking done
        self._record(booking, "return_vehicle", 12398, "50")
        self.assertEqual(booking.distance_km, 348)
        self.assertEqual(booking.state, "done")
        logs = self.env["fleet.vehicle.odometer"].search(
            [("vehicle_id", "=", self.fleet_vehicle.id)], order="value"
        )
        self.assertEqual(logs.mapped("value"), [12000, 12050, 12398])
        self.fleet_vehicle.invalidate_recordset(["odometer"])
        self.assertEqual(self.fleet_vehicle.odometer, 12398)
        self.assertIn("348 km driven", booking.message_ids[:1].body)

    def test_a_reading_below_the_last_is_refused_and_nothing_is_written(self):
        self.env["fleet.vehicle.odometer"].create(
            {"vehicle_id": self.fleet_vehicle.id, "value": 12000, "date": "2026-11-01"}
        )
        booking = self._approved_car()
        with self.assertRaisesRegex(ValidationError, "below the last one, 12.000 km"):
            booking.with_user(self.manager2)._record_handover("out", 11999, "100", "")
        self.assertFalse(booking.handover_out_at)
        booking.with_user(self.manager2)._record_handover("out", 12000, "100", "")
        with self.assertRaisesRegex(ValidationError, "below the last one"):
            booking.with_user(self.manager2)._record_handover("in", 11000, "100", "")
        with self.assertRaisesRegex(ValidationError, "odometer reading"):
            booking.with_user(self.manager2)._record_handover("in", -5, "100", "")
        self.assertFalse(booking.handover_in_at)
        self.assertEqual(
            self.env["fleet.vehicle.odometer"].search_count(
                [("vehicle_id", "=", self.fleet_vehicle.id)]
            ),
            2,
        )

    def test_only_the_vehicles_manager_hands_over_an_approved_vehicle_once(self):
        booking = self._approved_car()
        with self.assertRaises(AccessError):
            booking.with_user(self.manager).action_hand_over_vehicle()
        with self.assertRaises(AccessError):
            booking.with_user(self.member)._record_handover("out", 10, "100", "")
        with self.assertRaisesRegex(UserError, "has not been handed over"):
            booking.with_user(self.manager2).action_return_vehicle()
        booking.with_user(self.manager2)._record_handover("out", 10, "100", "")
        with self.assertRaisesRegex(UserError, "handed over already"):
            booking.with_user(self.manager2).action_hand_over_vehicle()
        # the steps' fields: never written directly, not even by the manager
        with self.assertRaises(UserError):
            booking.with_user(self.manager2).write({"odometer_in": 99999})
        room = self._booking()
        room.action_submit()
        room.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "Only a vehicle"):
            room.with_user(self.manager).action_hand_over_vehicle()
        pending = self._booking(
            self.car, start=datetime(2026, 11, 27, 0), stop=datetime(2026, 11, 27, 5), attendees=4
        )
        pending.action_submit()
        with self.assertRaisesRegex(UserError, "approved"):
            pending.with_user(self.manager2).action_hand_over_vehicle()

    def test_an_overdue_vehicle_gets_one_activity_for_its_manager(self):
        booking = self._approved_car()
        booking.with_user(self.manager2)._record_handover("out", 100, "100", "")
        Booking = self.env["biroumum.booking"]
        self.assertEqual(Booking._cron_vehicle_overdue(), 0)  # not due yet
        with freeze_time("2026-11-25 11:00:00"):
            self.assertEqual(Booking._cron_vehicle_overdue(), 1)
            self.assertEqual(Booking._cron_vehicle_overdue(), 0)
        activity = booking.activity_ids.filtered(lambda a: "overdue" in (a.summary or ""))
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager2)
        self.assertIn("Mobil Uji", activity.summary)
        # back: the to-do is done with the return
        booking.with_user(self.manager2)._record_handover("in", 150, "100", "")
        self.assertFalse(booking.activity_ids.filtered(lambda a: "overdue" in (a.summary or "")))

    def test_use_per_vehicle_and_per_institution(self):
        self.member.partner_id.biroumum_institution = "Dinas Pendidikan"
        self.member2.partner_id.biroumum_institution = "Dinas Kesehatan"
        for day, partner, km in (
            (25, self.member, 120),
            (26, self.member2, 80),
            (27, self.member, 30),
        ):
            booking = self._booking(
                self.car,
                start=datetime(2026, 11, day, 0),
                stop=datetime(2026, 11, day, 5),
                partner=partner.partner_id,
                attendees=4,
            )
            booking.action_submit()
            booking.with_user(self.manager2).action_approve()
            odometer = booking._vehicle_last_odometer()
            booking.with_user(self.manager2)._record_handover("out", odometer, "100", "")
            booking.with_user(self.manager2)._record_handover("in", odometer + km, "100", "")
        action = self.env.ref("biroumum_booking.biroumum_booking_action_vehicle_use")
        domain = [*literal_eval(action.domain), ("facility_id", "=", self.car.id)]
        groups = (
            self.env["biroumum.booking"]
            .with_user(self.manager2)
            ._read_group(domain, ["institution"], ["distance_km:sum", "__count"])
        )
        self.assertEqual(sorted(groups), [("Dinas Kesehatan", 80, 1), ("Dinas Pendidikan", 150, 2)])


@tagged("post_install", "-at_install")
class TestHandoverTour(HttpCase):
    def test_the_pengelola_hands_a_vehicle_over_and_takes_it_back(self):
        env = self.env
        manager = new_test_user(
            env, login="bu_tour_fleet", groups="biroumum_booking.group_manager", tz="Asia/Jakarta"
        )
        member = new_test_user(env, login="bu_tour_borrower", groups="base.group_portal")
        brand = env["fleet.vehicle.model.brand"].create({"name": "Merek Tur"})
        model = env["fleet.vehicle.model"].create({"name": "Mobil Tur", "brand_id": brand.id})
        car = env["biroumum.facility"].create(
            {
                "name": "Mobil Tur",
                "category": "vehicle",
                "capacity": 6,
                "price": 0,
                "fleet_vehicle_id": env["fleet.vehicle"]
                .create({"model_id": model.id, "license_plate": "H 9 TUR"})
                .id,
                "manager_user_id": manager.id,
            }
        )
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=2)
        booking = (
            env["biroumum.booking"]
            .sudo()
            .create(
                {
                    "facility_id": car.id,
                    "partner_id": member.partner_id.id,
                    "start": start,
                    "stop": start + timedelta(hours=5),
                    "purpose": "Kunjungan kerja",
                    "destination": "Surakarta",
                    "attendees": 3,
                    "override_holiday": True,
                }
            )
        )
        booking._accept_terms(env["biroumum.terms"]._get_current("vehicle"))
        booking.action_submit()
        booking.with_user(manager).action_approve()
        self.start_tour(
            f"/odoo/action-biroumum_booking.biroumum_booking_action/{booking.id}",
            "biroumum_booking_handover_tour",
            login="bu_tour_fleet",
        )
        self.assertEqual((booking.state, booking.distance_km), ("done", 188))
        self.assertEqual(booking.fuel_out, "75")
        self.assertEqual(booking.condition_out, "Baret kecil pintu kiri")
