"""System tests of epesanruangan against the live 4-worker server: a request sent twice
makes one request (Sistem Error / Jaringan Internet), and concurrent validations of the
last units of one equipment item never allocate more than the stock."""

import base64
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import requests
from odoo_server import call_kw, login

ADMIN = ("admin", "admin")
OPERATOR = ("180001", "180001")  # demo operator of Diskominfotik, NRK = login = password
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def rpc(session, base_url, model, method, *args, **kwargs):
    return call_kw(session, base_url, model, method, args, kwargs)


def result(payload):
    assert "error" not in payload, payload.get("error")
    return payload["result"]


def form_values(session, base_url, day, room_id):
    page = session.get(f"{base_url}/my/ruangan/baru", timeout=30)
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    started = re.search(r'name="form_started" value="([^"]+)"', page.text).group(1)
    return {
        "csrf_token": token,
        "idempotency_key": str(uuid.uuid4()),
        "form_started": started,
        "event_name": f"Rapat Uji Sistem {uuid.uuid4().hex[:6]}",
        "purpose": "Uji kirim ulang",
        "participants": "10",
        "day": day,
        "time_start": "09:00",
        "time_stop": "10:00",
        "room_id": str(room_id),
    }


def submit(session, base_url, data):
    return session.post(
        f"{base_url}/my/ruangan/ajukan",
        data=data,
        files={"letter": ("surat.pdf", PDF, "application/pdf")},
        timeout=120,
    )


def test_the_same_request_sent_twice_makes_one_request(odoo):
    admin = login(odoo.url, *ADMIN)
    room_id = result(
        rpc(
            admin,
            odoo.url,
            "epesanruangan.room",
            "create",
            {"name": "Ruang Uji Kirim Ulang", "capacity": 50},
        )
    )
    day = (datetime.now() + timedelta(days=45)).strftime("%Y-%m-%d")
    operator = login(odoo.url, *OPERATOR)

    # the browser resends after a network error: one after the other ...
    data = form_values(operator, odoo.url, day, room_id)
    first = submit(operator, odoo.url, data)
    second = submit(operator, odoo.url, data)
    # ... and a double click: both at the same moment, from two connections
    data2 = form_values(operator, odoo.url, day, room_id)
    twin = requests.Session()
    twin.cookies.update(operator.cookies)
    with ThreadPoolExecutor(2) as pool:
        racing = list(pool.map(lambda s: submit(s, odoo.url, data2), (operator, twin)))

    for response in [first, second, *racing]:
        assert response.status_code == 200, response.status_code
        assert "/my/ruangan/" in response.url, response.url
    for key, event in (
        (data["idempotency_key"], data["event_name"]),
        (data2["idempotency_key"], data2["event_name"]),
    ):
        bookings = result(
            rpc(
                admin,
                odoo.url,
                "epesanruangan.booking",
                "search_read",
                [("idempotency_key", "=", key)],
                fields=["event_name", "state", "letter_filename"],
            )
        )
        assert len(bookings) == 1, bookings
        assert bookings[0]["event_name"] == event
        assert bookings[0]["state"] == "submitted"
        letters = result(
            rpc(
                admin,
                odoo.url,
                "ir.attachment",
                "search_read",
                [
                    ("res_model", "=", "epesanruangan.booking"),
                    ("res_id", "=", bookings[0]["id"]),
                    ("res_field", "=", "letter"),
                ],
                fields=["datas"],
            )
        )
        assert len(letters) == 1
        assert base64.b64decode(letters[0]["datas"]) == PDF


def test_concurrent_validations_never_exceed_stock(odoo):
    admin = login(odoo.url, *ADMIN)
    stock = 3
    equipment_id = result(
        rpc(
            admin,
            odoo.url,
            "epesanruangan.equipment",
            "create",
            {"name": "Proyektor Uji Konkuren", "stock": stock},
        )
    )
    start = (datetime.now() + timedelta(days=50)).replace(hour=2, minute=0, second=0, microsecond=0)
    stop = start + timedelta(hours=2)
    booking_ids = []
    for i in range(20):
        room_id = result(
            rpc(
                admin,
                odoo.url,
                "epesanruangan.room",
                "create",
                {"name": f"Ruang Konkuren {i}", "capacity": 50},
            )
        )
        booking_id = result(
            rpc(
                admin,
                odoo.url,
                "epesanruangan.booking",
                "create",
                {
                    "event_name": f"Acara Konkuren {i}",
                    "participants": 10,
                    "room_id": room_id,
                    "start": start.strftime("%Y-%m-%d %H:%M:%S"),
                    "stop": stop.strftime("%Y-%m-%d %H:%M:%S"),
                    "letter": base64.b64encode(PDF).decode(),
                    "letter_filename": "surat.pdf",
                    "line_ids": [(0, 0, {"equipment_id": equipment_id, "qty_requested": 1})],
                },
            )
        )
        for method in ("action_submit", "action_verify", "action_pss_approve"):
            result(rpc(admin, odoo.url, "epesanruangan.booking", method, [booking_id]))
        booking_ids.append(booking_id)

    # 20 heads press "Validate" at the same moment, each in their own session
    sessions = [login(odoo.url, *ADMIN) for _ in booking_ids]
    barrier = threading.Barrier(len(booking_ids))

    def validate(args):
        session, booking_id = args
        barrier.wait()
        return rpc(session, odoo.url, "epesanruangan.booking", "action_validate", [booking_id])

    with ThreadPoolExecutor(len(booking_ids)) as pool:
        answers = list(pool.map(validate, zip(sessions, booking_ids, strict=True)))

    ok = [a for a in answers if "error" not in a]
    refused = [a for a in answers if "error" in a]
    assert len(ok) == stock, answers
    for answer in refused:
        assert "Only 0" in answer["error"]["data"]["message"], answer["error"]
    validated = result(
        rpc(
            admin,
            odoo.url,
            "epesanruangan.booking",
            "search_count",
            [("id", "in", booking_ids), ("state", "=", "validated")],
        )
    )
    assert validated == stock
    line_sum = result(
        rpc(
            admin,
            odoo.url,
            "epesanruangan.booking.line",
            "search_read",
            [
                ("equipment_id", "=", equipment_id),
                ("booking_id.state", "in", ["validated", "scheduled"]),
            ],
            fields=["qty_approved"],
        )
    )
    assert sum(line["qty_approved"] for line in line_sum) <= stock
