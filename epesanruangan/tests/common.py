import base64
import uuid
from datetime import datetime, timedelta

import pytz

from odoo import http
from odoo.tests import TransactionCase, new_test_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def future(days=3, hour=2, minutes=0):
    """A naive UTC datetime ``days`` from now at ``hour`` UTC (09.00 WIB for 2)."""
    base = datetime.now().replace(hour=hour, minute=minutes, second=0, microsecond=0)
    return base + timedelta(days=days)


class PortalFormMixin:
    """The operator's request form as the browser posts it, for an HttpCase with the
    case's `room` and `projector`: a request of 10 people eight days ahead, 09.00-11.00
    WIB, with two projectors; each key can be overridden."""

    def _form(self, **overrides):
        start = pytz.utc.localize(future(days=8)).astimezone(pytz.timezone("Asia/Jakarta"))
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "idempotency_key": str(uuid.uuid4()),
            "event_name": "Rapat Portal",
            "purpose": "Koordinasi",
            "participants": "10",
            "day": start.strftime("%Y-%m-%d"),
            "time_start": "09:00",
            "time_stop": "11:00",
            "room_id": str(self.room.id),
            f"qty_{self.projector.id}": "2",
        }
        data.update(overrides)
        return data

    def _post(self, data, letter=PDF, **kwargs):
        files = {"letter": ("surat.pdf", letter, "application/pdf")} if letter else None
        return self.url_open("/my/ruangan/ajukan", data=data, files=files, **kwargs)


class EpesanruanganCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.unit = env["epesanruangan.unit"].create({"name": "Dinas Uji", "code": "UJI"})
        cls.unit2 = env["epesanruangan.unit"].create({"name": "Badan Lain", "code": "LAIN"})
        cls.operator = new_test_user(
            env,
            login="910001",
            password="910001",
            groups="base.group_portal",
            email="op1@example.com",
        )
        cls.operator.write({"nrk": "910001", "epesanruangan_unit_id": cls.unit.id})
        cls.operator2 = new_test_user(
            env,
            login="910002",
            password="910002",
            groups="base.group_portal",
            email="op2@example.com",
        )
        cls.operator2.write({"nrk": "910002", "epesanruangan_unit_id": cls.unit2.id})
        cls.officer = new_test_user(
            env, login="t_petugas", groups="epesanruangan.group_officer", email="pt@example.com"
        )
        cls.pss = new_test_user(
            env, login="t_pss", groups="epesanruangan.group_pss", email="pss@example.com"
        )
        cls.head = new_test_user(
            env, login="t_kasubbag", groups="epesanruangan.group_head", email="ks@example.com"
        )
        cls.leader = new_test_user(
            env, login="t_pimpinan", groups="epesanruangan.group_leader", email="pim@example.com"
        )
        Room = env["epesanruangan.room"]
        cls.room = Room.create({"name": "Ruang Uji A", "capacity": 40})
        cls.room_big = Room.create({"name": "Ruang Uji Besar", "capacity": 200})
        cls.room_small = Room.create({"name": "Ruang Uji Kecil", "capacity": 5})
        Equipment = env["epesanruangan.equipment"]
        cls.projector = Equipment.create({"name": "Proyektor Uji", "stock": 3})
        cls.sound = Equipment.create({"name": "Sound Uji", "stock": 1})

    def make_booking(self, start=None, hours=2, room=None, lines=(), operator=None, **vals):
        start = start or future()
        operator = operator or self.operator
        values = {
            "event_name": "Rapat Uji",
            "purpose": "Uji",
            "participants": 20,
            "room_id": (room or self.room).id,
            "start": start,
            "stop": start + timedelta(hours=hours),
            "operator_id": operator.id,
            "unit_id": operator.epesanruangan_unit_id.id,
            "letter": base64.b64encode(PDF),
            "letter_filename": "surat.pdf",
            "line_ids": [
                (0, 0, {"equipment_id": eq.id, "qty_requested": qty}) for eq, qty in lines
            ],
        }
        values.update(vals)
        return self.env["epesanruangan.booking"].create(values)

    def run_to(self, booking, state):
        """Drive a booking along the SOP with the right roles."""
        steps = [
            ("submitted", self.operator, "action_submit"),
            ("equipment_check" if booking.line_ids else "verified", self.officer, "action_verify"),
        ]
        if booking.line_ids:
            steps.append(("verified", self.pss, "action_pss_approve"))
        steps += [
            ("validated", self.head, "action_validate"),
            ("scheduled", self.head, "action_schedule"),
        ]
        for reached, user, method in steps:
            getattr(booking.with_user(user), method)()
            self.assertEqual(booking.state, reached)
            if reached == state:
                return booking
        return booking
