import subprocess
from datetime import datetime

from odoo.tests import TransactionCase, new_test_user

# Monday 23 November 2026, 08.00 WIB
NOW = "2026-11-23 01:00:00"


class BiroumumCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.manager = new_test_user(
            env,
            login="bu_pengelola",
            groups="biroumum_booking.group_manager",
            tz="Asia/Jakarta",
            email="pengelola@example.com",
        )
        cls.manager2 = new_test_user(
            env, login="bu_pengelola2", groups="biroumum_booking.group_manager"
        )
        cls.admin = new_test_user(env, login="bu_admin", groups="biroumum_booking.group_admin")
        cls.member = new_test_user(
            env, login="bu_member", groups="base.group_portal", name="Siti O'Brien"
        )
        cls.member2 = new_test_user(
            env, login="bu_member2", groups="base.group_portal", name="Other Member"
        )
        cls.calendar = env.ref("biroumum_booking.resource_calendar_service")
        cls.room = env["biroumum.facility"].create(
            {
                "name": "Ruang Rapat Uji",
                "category": "meeting_room",
                "capacity": 20,
                "location": "Gedung A, Semarang",
                "price": 100000,
                "tariff_unit": "hour",
                "manager_user_id": cls.manager.id,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.free_room = env["biroumum.facility"].create(
            {
                "name": "Ruang Gratis",
                "category": "meeting_room",
                "price": 0,
                "manager_user_id": cls.manager.id,
            }
        )
        brand = env["fleet.vehicle.model.brand"].create({"name": "Brand Uji"})
        model = env["fleet.vehicle.model"].create({"name": "Model Uji", "brand_id": brand.id})
        cls.fleet_vehicle = env["fleet.vehicle"].create(
            {"model_id": model.id, "license_plate": "H 1 UJI"}
        )
        cls.car = env["biroumum.facility"].create(
            {
                "name": "Mobil Uji",
                "category": "vehicle",
                "capacity": 6,
                "price": 500000,
                "tariff_unit": "day",
                "fleet_vehicle_id": cls.fleet_vehicle.id,
                "manager_user_id": cls.manager2.id,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.terms_room = env["biroumum.terms"]._get_current("meeting_room")
        cls.terms_car = env["biroumum.terms"]._get_current("vehicle")

    def _pdf_text(self, booking):
        """The words of the booking's printed invoice / Bukti Peminjaman (pdftotext),
        on one line."""
        pdf, _fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("biroumum_booking.action_report_booking", booking.ids)
        )
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        return " ".join(text.split())

    def _run_notice_job(self):
        """What the cron does right after a decision commits: the calendar event of an
        approval, and the e-mails."""
        while self.env["biroumum.booking"]._send_notices(limit=1000):
            pass

    def _booking(self, facility=None, start=None, stop=None, partner=None, **vals):
        """A draft booking (as the server creates it), terms accepted."""
        facility = facility or self.room
        booking = (
            self.env["biroumum.booking"]
            .sudo()
            .create(
                {
                    "facility_id": facility.id,
                    "partner_id": (partner or self.member.partner_id).id,
                    # Wednesday 25 November 2026, 09.00-12.00 WIB
                    "start": start or datetime(2026, 11, 25, 2, 0),
                    "stop": stop or datetime(2026, 11, 25, 5, 0),
                    "purpose": "Rapat koordinasi",
                    "attendees": 10,
                    **vals,
                }
            )
        )
        terms = self.env["biroumum.terms"]._get_current(facility.category)
        booking._accept_terms(terms)
        return booking.with_user(self.env.user)
