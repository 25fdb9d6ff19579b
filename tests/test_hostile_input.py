"""Hostile input at the public forms and the portal routes, over plain HTTP: each gets a
clear (Indonesian) message or a 403/404, never a 500, and leaves no partial record.

The library's registration and complaint forms and its application token are attacked
in test_library_system.py; here: Biro Umum (signup, booking form, price, my bookings),
ePesanRuangan (request form, the operator's answers) and staff actions over RPC."""

import html
import re

import pytest
from sys_helpers import (
    ACCEPT_ID,
    Rpc,
    admin,  # noqa: F401 (fixture)
    csrf_of,
    in_indonesian,  # noqa: F401 (fixture)
    indonesian,
    indonesian_re,
    jpeg_bytes,
    pdf_text,
    public_session,
    squash,
    tiny_pdf,
    unique,
    wib_day,
)

PAYLOAD = "Rapat <script>alert('x')</script> \"RT 05\" ' OR 1=1; DROP TABLE res_users; --"
BU = "biroumum_booking"
EP = "epesanruangan"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00 this program cannot be run in DOS mode"
BIG = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 10)


def _error(page, css):
    match = re.search(rf'class="[^"]*{css}[^"]*"[^>]*>(.*?)</div>', page, re.S)
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))) if match else ""


@pytest.fixture(scope="module")
def siti(odoo, in_indonesian):  # noqa: F811
    return Rpc(odoo.url, "siti.rahayu@example.com", "siti")


@pytest.fixture(scope="module")
def dinas(odoo, in_indonesian):  # noqa: F811
    return Rpc(odoo.url, "dinas.pendidikan@example.com", "dinas")


@pytest.fixture(scope="module")
def operator(odoo, in_indonesian):  # noqa: F811
    return Rpc(odoo.url, "180001", "180001")


@pytest.fixture(scope="module")
def other_operator(odoo, in_indonesian):  # noqa: F811
    return Rpc(odoo.url, "180002", "180002")


@pytest.fixture(scope="module")
def room_a(admin):  # noqa: F811
    return admin.ref("biroumum_booking.facility_room_a_demo")


def _csrf(rpc, path="/my"):
    return csrf_of(rpc.session.get(f"{rpc.url}{path}", timeout=60).text)


# ------------------------------------------------------------------ Biro Umum booking form
def _period(offset, hours=(9, 10)):
    day = wib_day(offset)
    return {"start": f"{day}T{hours[0]:02d}:00", "stop": f"{day}T{hours[1]:02d}:00"}


BAD_DATES = "Please fill in a valid start and end date and time."
NO_TERMS = "You must accept the Terms and Conditions before booking."
TOO_MANY = "%(facility)s holds at most %(capacity)s people."
NO_PEOPLE = "Fill in the number of participants."
BOOKING_CASES = {
    "missing dates": (
        {"start": "", "stop": ""},
        "Please fill in a valid start and end date and time.",
    ),
    "malformed date": (
        {"start": "2026-13-45T25:99", "stop": "x' OR '1'='1"},
        "Please fill in a valid start and end date and time.",
    ),
    "reversed dates": (_period(41, (11, 9)), "The end must be after the start."),
    "in the past": (
        {"start": "2001-01-02T09:00", "stop": "2001-01-02T10:00"},
        "A booking cannot start in the past.",
    ),
    "absurd future": (
        {"start": "9999-12-30T09:00", "stop": "9999-12-30T10:00"},
        "Bookings are accepted at most %s days ahead.",
    ),
    "attendees not a number": (
        {"attendees": "12; DROP TABLE biroumum_booking"},
        "The number of people must be a whole number.",
    ),
    "too many attendees": (
        {"attendees": "100000"},
        "%(facility)s holds at most %(capacity)s people.",
    ),
    "no purpose": ({"purpose": "   "}, "Please fill in the purpose (event) of the booking."),
    "terms not accepted": (
        {"terms_accepted": ""},
        "You must accept the Terms and Conditions before booking.",
    ),
    "other terms": (
        {"terms_id": "999999"},
        "You must accept the Terms and Conditions before booking.",
    ),
    "letter too big": ({"_file": ("surat.pdf", BIG)}, "The request letter is larger than 5 MB."),
    "letter an executable": (
        {"_file": ("surat.pdf", EXE)},
        "The request letter must be a PDF or an image (JPEG, PNG).",
    ),
}


@pytest.mark.parametrize("case", sorted(BOOKING_CASES))
def test_booking_form_refuses_bad_input(odoo, admin, siti, room_a, case):  # noqa: F811
    values, message = BOOKING_CASES[case]
    terms = admin("biroumum.terms", "search", [("category", "=", "meeting_room")], limit=1)[0]
    data = {
        "csrf_token": _csrf(siti),
        "terms_id": str(terms),
        "terms_accepted": "on",
        "purpose": "Rapat warga",
        "attendees": "10",
        **_period(42),
    }
    values = dict(values)
    upload = values.pop("_file", None)
    data.update(values)
    before = admin.count("biroumum.booking")
    response = siti.session.post(
        f"{odoo.url}/layanan/fasilitas/{room_a}/pesan",
        data=data,
        files={"request_letter": upload} if upload else None,
        allow_redirects=False,
        timeout=120,
    )
    assert response.status_code == 200, (response.status_code, response.text[:300])
    shown = _error(response.text, "o_biroumum_error")
    assert shown if message is None else indonesian_re(BU, message).search(shown), shown
    assert admin.count("biroumum.booking") == before


TOO_LONG = "%(field)s is too long: at most %(limit)s characters (this one has %(length)s)."
HUGE = "x" * 100_000


@pytest.mark.parametrize("field", ["purpose", "notes", "destination"])
def test_booking_form_refuses_100000_characters(odoo, admin, siti, field):  # noqa: F811
    """The form's maxlength is the booking's own limit, and the booking refuses longer
    text whatever sends it; the page does not echo it all."""
    xmlid = "facility_innova_demo" if field == "destination" else "facility_room_a_demo"
    facility = admin.ref(f"biroumum_booking.{xmlid}")
    category = admin.read1("biroumum.facility", facility, ["category"])["category"]
    terms = admin("biroumum.terms", "search", [("category", "=", category)], limit=1)[0]
    form = siti.session.get(f"{odoo.url}/layanan/fasilitas/{facility}", timeout=60).text
    limit = re.search(rf'name="{field}"[^>]*maxlength="(\d+)"', form).group(1)
    before = admin.count("biroumum.booking")
    response = siti.session.post(
        f"{odoo.url}/layanan/fasilitas/{facility}/pesan",
        data={
            "csrf_token": csrf_of(form),
            "terms_id": str(terms),
            "terms_accepted": "on",
            "purpose": "Rapat warga",
            "attendees": "1",
            **_period(45),
            field: HUGE,
        },
        allow_redirects=False,
        timeout=120,
    )
    assert response.status_code == 200, (response.status_code, response.text[:300])
    shown = _error(response.text, "o_biroumum_error")
    assert indonesian_re("layanan_base", TOO_LONG).search(shown), shown
    assert f" {limit} " in shown and "100000" in shown, shown
    assert len(response.text) < 60_000, "the page does not echo it all"
    assert admin.count("biroumum.booking") == before


def test_booking_for_a_missing_facility_is_404(odoo, siti):
    response = siti.session.post(
        f"{odoo.url}/layanan/fasilitas/99999999/pesan",
        data={"csrf_token": _csrf(siti)},
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 404
    assert siti.session.get(f"{odoo.url}/layanan/fasilitas/99999999", timeout=60).status_code == 404
    assert public_session().get(f"{odoo.url}/layanan/%27%20OR%201=1", timeout=60).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"facility_id": "1 OR 1=1", "start": "2026-12-01T09:00", "stop": "2026-12-01T10:00"},
        {"facility_id": None, "start": None, "stop": None},
        {"facility_id": 1, "start": "<script>", "stop": "'; --"},
        {"facility_id": 1, "start": "2026-12-01T10:00", "stop": "2026-12-01T09:00"},
        {"facility_id": [1, 2], "start": {"a": 1}, "stop": 5},
    ],
)
def test_price_endpoint_answers_bad_input_with_a_message(odoo, params):
    response = public_session().post(
        f"{odoo.url}/layanan/harga",
        json={"jsonrpc": "2.0", "method": "call", "params": params},
        timeout=60,
    )
    assert response.status_code == 200
    body = response.json()
    assert "error" not in body, body
    assert body["result"]["error"]


def test_payloads_are_stored_verbatim_and_shown_escaped(odoo, admin, siti, room_a):  # noqa: F811
    terms = admin("biroumum.terms", "search", [("category", "=", "meeting_room")], limit=1)[0]
    response = siti.session.post(
        f"{odoo.url}/layanan/fasilitas/{room_a}/pesan",
        data={
            "csrf_token": _csrf(siti),
            "terms_id": str(terms),
            "terms_accepted": "on",
            "purpose": PAYLOAD,
            "notes": PAYLOAD,
            "attendees": "10",
            **_period(43, (13, 14)),
        },
        allow_redirects=False,
        timeout=120,
    )
    assert response.status_code == 303, _error(response.text, "o_biroumum_error")
    booking_id = int(re.search(r"/my/bookings/(\d+)", response.headers["Location"]).group(1))
    stored = admin.read1("biroumum.booking", booking_id, ["purpose", "notes"])
    assert stored == {"id": booking_id, "purpose": PAYLOAD, "notes": PAYLOAD}
    page = siti.session.get(f"{odoo.url}/my/bookings/{booking_id}", timeout=60).text
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
    manager = Rpc(odoo.url, "pengelola@biroumum.example.com", "pengelola")
    manager("biroumum.booking", "action_approve", [booking_id])
    pdf = siti.session.get(f"{odoo.url}/my/bookings/{booking_id}/cetak", timeout=120)
    assert pdf.status_code == 200, pdf.text[:300]
    assert "<script>alert('x')</script>" in squash(pdf_text(pdf.content))


# ------------------------------------------------------------------ signup
@pytest.mark.parametrize(
    ("values", "message"),
    [
        # (the NIK: layanan_base's one validator and its words)
        ({"biroumum_nik": "' OR 1=1 --"}, ("layanan_base", "The NIK may contain digits only.")),
        (
            {"biroumum_nik": "3374019999999999"},
            (
                "layanan_base",
                "Digits 7 to 12 of the NIK (%(part)s) are not a real birth date "
                "(DDMMYY, day + 40 for women).",
                {"part": "999999"},
            ),
        ),
        ({"phone": "<script>alert(1)</script>"}, "Please fill in a valid mobile phone number."),
        ({"street": ""}, "Please fill in your address."),
    ],
)
def test_signup_refuses_bad_member_data(odoo, admin, values, message):  # noqa: F811
    session = public_session()
    url = f"{odoo.url}/web/signup"
    login_name = f"{unique('jahat')}@example.com"
    data = {
        "csrf_token": csrf_of(session.get(url, timeout=60).text),
        "login": login_name,
        "name": PAYLOAD,
        "phone": "081234567890",
        "biroumum_nik": "3374014107900001",
        "street": "Jl. Pemuda No. 1",
        "password": "Rahasia-12345",
        "confirm_password": "Rahasia-12345",
        **values,
    }
    response = session.post(url, data=data, timeout=60)
    assert response.status_code == 200
    if isinstance(message, tuple):
        addon, msgid, *params = message
    else:
        addon, msgid, params = BU, message, []
    expected = indonesian(addon, msgid)
    if params:
        expected %= params[0]
    assert expected in squash(response.text)
    assert "<script>alert(" not in response.text
    assert admin.count("res.users", [("login", "=", login_name)]) == 0


# ------------------------------------------------------------------ ePesanRuangan form
ROOM_CASES = {
    "no event name": ({"event_name": " "}, "Fill in the event name."),
    "participants not a number": (
        {"participants": "1 OR 1=1"},
        "Fill in the number of participants.",
    ),
    "negative participants": ({"participants": "-3"}, "Fill in the number of participants."),
    "malformed day": ({"day": "2026-02-31"}, "Choose the date and the start and end times."),
    "absurd day": ({"day": "99999-01-01"}, "Choose the date and the start and end times."),
    "reversed times": (
        {"time_start": "15:00", "time_stop": "09:00"},
        "The end time must be after the start time.",
    ),
    "in the past": ({"day": "2001-01-02"}, "The booking must start in the future."),
    "room injection": ({"room_id": "1; DROP TABLE epesanruangan_room"}, "Choose a room."),
    "room too small": ({"participants": "5000"}, "%(room)s holds %(cap)s people."),
    "negative equipment": ({"_qty": "-2"}, "Quantities cannot be negative."),
    "more equipment than owned": ({"_qty": "999"}, "We own only %(stock)s × %(item)s."),
    "letter not a PDF": ({"_file": ("surat.pdf", EXE)}, "The request letter must be a PDF file."),
    "letter an image": (
        {"_file": ("surat.jpg", jpeg_bytes())},
        "The request letter must be a PDF file.",
    ),
    "letter too big": ({"_file": ("surat.pdf", BIG)}, "The request letter must be at most 5 MB."),
    "no letter": ({"_file": None}, "Attach the request letter (PDF)."),
}


@pytest.mark.parametrize("case", sorted(ROOM_CASES))
def test_room_request_refuses_bad_input(odoo, admin, operator, case):  # noqa: F811
    values, message = dict(ROOM_CASES[case][0]), ROOM_CASES[case][1]
    form = operator.session.get(f"{odoo.url}/my/ruangan/baru", timeout=60).text
    projector = admin.ref("epesanruangan.equipment_projector")
    data = {
        "csrf_token": csrf_of(form),
        "idempotency_key": re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1),
        "event_name": PAYLOAD,
        "participants": "10",
        "day": wib_day(44, weekday_ok=False).isoformat(),
        "time_start": "09:00",
        "time_stop": "10:00",
        "room_id": str(admin.ref("epesanruangan.room_rapat_blok_g3")),
        f"qty_{projector}": values.pop("_qty", "1"),
    }
    upload = values.pop("_file", ("surat.pdf", tiny_pdf()))
    data.update(values)
    before = (admin.count("epesanruangan.booking"), admin.count("epesanruangan.booking.line"))
    response = operator.session.post(
        f"{odoo.url}/my/ruangan/ajukan",
        data=data,
        files={"letter": upload} if upload else None,
        allow_redirects=False,
        timeout=120,
    )
    assert response.status_code == 200, (response.status_code, response.text[:300])
    shown = _error(response.text, "o_epesanruangan_error")
    assert indonesian_re(EP, message).search(shown), shown
    assert "<script>alert(" not in response.text
    after = (admin.count("epesanruangan.booking"), admin.count("epesanruangan.booking.line"))
    assert after == before


def _room_request(odoo, admin, operator, day_offset, **values):  # noqa: F811
    form = operator.session.get(f"{odoo.url}/my/ruangan/baru", timeout=60).text
    data = {
        "csrf_token": csrf_of(form),
        "idempotency_key": re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1),
        "event_name": "Rapat koordinasi",
        "participants": "10",
        "day": wib_day(day_offset, weekday_ok=False).isoformat(),
        "time_start": "13:00",
        "time_stop": "14:00",
        "room_id": str(admin.ref("epesanruangan.room_rapat_blok_g3")),
        **values,
    }
    response = operator.session.post(
        f"{odoo.url}/my/ruangan/ajukan",
        data=data,
        files={"letter": ("surat.pdf", tiny_pdf())},
        allow_redirects=False,
        timeout=120,
    )
    return form, response


@pytest.mark.parametrize("field", ["event_name", "purpose"])
def test_room_request_refuses_100000_characters(odoo, admin, operator, field):  # noqa: F811
    """The event's name reaches the public lobby screen: 100,000 characters are refused
    with the limit, nothing is stored, the form's maxlength is the request's limit."""
    before = admin.count("epesanruangan.booking")
    form, response = _room_request(odoo, admin, operator, 47, **{field: HUGE})
    limit = re.search(rf'name="{field}"[^>]*maxlength="(\d+)"', form).group(1)
    assert response.status_code == 200, (response.status_code, response.text[:300])
    shown = _error(response.text, "o_epesanruangan_error")
    assert indonesian_re("layanan_base", TOO_LONG).search(shown), shown
    assert f" {limit} " in shown and "100000" in shown, shown
    assert len(response.text) < 60_000, "the page does not echo it all"
    assert admin.count("epesanruangan.booking") == before
    assert HUGE not in public_session().get(f"{odoo.url}/ruangan/layar", timeout=60).text


def test_room_request_cancel_reason_of_100000_characters(odoo, admin, operator):  # noqa: F811
    _form, response = _room_request(odoo, admin, operator, 48)
    assert response.status_code == 303, _error(response.text, "o_epesanruangan_error")
    booking = int(re.search(r"/my/ruangan/(\d+)", response.headers["Location"]).group(1))
    state = admin.read1("epesanruangan.booking", booking, ["state"])["state"]
    response = operator.session.post(
        f"{odoo.url}/my/ruangan/{booking}/batal",
        data={"csrf_token": _csrf(operator, f"/my/ruangan/{booking}"), "reason": HUGE},
        timeout=60,
    )
    assert response.status_code == 200
    shown = _error(response.text, "o_epesanruangan_error")
    assert indonesian_re("layanan_base", TOO_LONG).search(shown), shown
    after = admin.read1("epesanruangan.booking", booking, ["state", "decision_note"])
    assert (after["state"], after["decision_note"]) == (state, False)


# ------------------------------------------------------------------ CSRF
def _csrf_targets(admin):  # noqa: F811
    siti_booking = admin.ref("biroumum_booking.booking_approved_demo")
    room_a = admin.ref("biroumum_booking.facility_room_a_demo")
    return {
        "booking form": ("siti", f"/layanan/fasilitas/{room_a}/pesan", "biroumum.booking"),
        "booking cancel": ("siti", f"/my/bookings/{siti_booking}/batal", "biroumum.booking"),
        "room request": ("operator", "/my/ruangan/ajukan", "epesanruangan.booking"),
        "signup": ("public", "/web/signup", "res.users"),
    }


@pytest.mark.parametrize("target", ["booking form", "booking cancel", "room request", "signup"])
def test_posts_without_csrf_token_are_refused(odoo, admin, siti, operator, target):  # noqa: F811
    who, path, model = _csrf_targets(admin)[target]
    session = {"siti": siti.session, "operator": operator.session}.get(who) or public_session()
    before = admin.count(model)
    states = admin("biroumum.booking", "search_read", [], ["state"], context={"active_test": False})
    response = session.post(
        f"{odoo.url}{path}",
        data={
            "purpose": "Tanpa token",
            "start": "2026-12-28T09:00",
            "stop": "2026-12-28T10:00",
            "terms_accepted": "on",
            "event_name": "Tanpa token",
            "login": f"{unique('csrf')}@example.com",
            "password": "Rahasia-12345",
            "confirm_password": "Rahasia-12345",
        },
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code in (400, 403), response.status_code
    assert admin.count(model) == before
    after = admin("biroumum.booking", "search_read", [], ["state"], context={"active_test": False})
    assert after == states


# ------------------------------------------------------------------ other users' records
def test_other_members_bookings_stay_private(odoo, admin, siti, dinas):  # noqa: F811
    booking = admin.ref("biroumum_booking.booking_approved_demo")  # Siti's
    name = admin.read1("biroumum.booking", booking, ["name"])["name"]
    url = odoo.url
    for path in (f"/my/bookings/{booking}", f"/my/bookings/{booking}/cetak"):
        response = dinas.session.get(f"{url}{path}", timeout=60)
        assert response.status_code in (200, 403, 404), (path, response.status_code)
        assert name not in response.text, path
        assert not response.content.startswith(b"%PDF"), path
    response = dinas.session.post(
        f"{url}/my/bookings/{booking}/batal",
        data={"csrf_token": _csrf(dinas)},
        timeout=60,
    )
    assert response.status_code in (200, 403, 404)
    assert admin.read1("biroumum.booking", booking, ["state"])["state"] == "approved"
    # a guessed access token is no key either
    anonymous = public_session().get(
        f"{url}/my/bookings/{booking}", params={"access_token": "x" * 36}, timeout=60
    )
    assert name not in anonymous.text


def test_other_units_room_requests_stay_private(odoo, admin, operator, other_operator):  # noqa: F811
    mine = operator("epesanruangan.booking", "search_read", [], ["name", "state"], limit=1)
    assert mine, "the demo operator has requests"
    booking, name, state = mine[0]["id"], mine[0]["name"], mine[0]["state"]
    url = odoo.url
    response = other_operator.session.get(f"{url}/my/ruangan/{booking}", timeout=60)
    assert response.status_code in (200, 403, 404)
    assert name not in response.text
    for action in ("lanjut", "batal"):
        response = other_operator.session.post(
            f"{url}/my/ruangan/{booking}/{action}",
            data={"csrf_token": _csrf(other_operator), "reason": PAYLOAD},
            timeout=60,
        )
        assert response.status_code in (200, 403, 404), (action, response.status_code)
        assert admin.read1("epesanruangan.booking", booking, ["state"])["state"] == state
    response = other_operator.session.get(
        f"{url}/my/ruangan/baru", params={"booking_id": booking}, timeout=60
    )
    assert name not in response.text


# ------------------------------------------------------------------ staff actions over RPC
RPC_CASES = {
    "member approves own booking": ("siti", "biroumum.booking", "action_approve", "submitted"),
    "member reads another's booking": ("siti", "biroumum.booking", "read", "other"),
    "member rewrites the price": ("siti", "biroumum.booking", "write", "own"),
    "operator verifies own request": ("operator", "epesanruangan.booking", "action_verify", "own"),
    "operator schedules own request": (
        "operator",
        "epesanruangan.booking",
        "action_schedule",
        "own",
    ),
    "operator reads another unit's": ("other_operator", "epesanruangan.booking", "read", "other"),
    "reader prints own card": ("rina", "library.member", "action_print_card", "own"),
    "reader cross-checks": ("rina", "library.member", "action_crosscheck", "own"),
}


def _rpc_target(admin, model, which):  # noqa: F811
    """Siti's bookings and Dinas's; the Kominfotik operator's request; Rina's card."""
    if model == "biroumum.booking":
        xmlid = {
            "submitted": "booking_submitted_demo",
            "own": "booking_approved_demo",
            "other": "booking_approved_free_demo",
        }[which]
        return admin.ref(f"biroumum_booking.{xmlid}")
    if model == "epesanruangan.booking":
        operator = admin.ref("epesanruangan.user_operator_kominfotik")
        return admin(model, "search", [("operator_id", "=", operator)], limit=1)[0]
    partner = admin.ref("library_membership.partner_member_active_demo")
    return admin(model, "search", [("partner_id", "=", partner)], limit=1)[0]


@pytest.mark.parametrize("case", sorted(RPC_CASES))
def test_portal_users_cannot_call_staff_actions(odoo, admin, case):  # noqa: F811
    who, model, method, which = RPC_CASES[case]
    logins = {
        "siti": ("siti.rahayu@example.com", "siti"),
        "operator": ("180001", "180001"),
        "other_operator": ("180002", "180002"),
        "rina": ("rina.perpus", "rina.perpus"),
    }
    user = Rpc(odoo.url, *logins[who])
    record = _rpc_target(admin, model, which)
    fields = ["state", "write_date"]
    before = admin.read1(model, record, fields)
    args = {"read": [[record], ["name"]], "write": [[record], {"amount": 0, "state": "approved"}]}
    response = user.raw(model, method, args.get(method, [[record]]))
    assert response.status_code == 200, response.text[:300]
    error = response.json().get("error")
    assert error, f"{case}: the call succeeded"
    assert error["data"]["name"] == "odoo.exceptions.AccessError", error["data"]
    assert admin.read1(model, record, fields) == before


def test_unauthenticated_rpc_is_refused(odoo):
    session = public_session()
    session.headers.update(ACCEPT_ID)
    response = session.post(
        f"{odoo.url}/web/dataset/call_kw/biroumum.booking/action_approve",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "biroumum.booking",
                "method": "action_approve",
                "args": [[1]],
                "kwargs": {},
            },
        },
        timeout=60,
    )
    assert response.status_code == 200
    assert response.json()["error"]["data"]["name"] == "odoo.http.SessionExpiredException"


# ------------------------------------------------------------------ odd portal URLs
# (who, path, final status after redirects, where it ends, text shown)
ODD_URLS = [
    ("siti", "/my/library-card", 200, "/my/library-card", 'href="/perpustakaan/daftar"'),
    ("siti", "/my/library-card/pdf", 404, None, None),
    ("siti", "/my/bookings/99999999", 200, "/my", None),
    ("siti", "/my/bookings/99999999/cetak", 200, "/my", None),
    ("siti", "/my/bookings/page/-1", 200, "/my/bookings/page/-1", None),
    ("siti", "/my/ruangan", 200, "/my/ruangan", None),
    ("operator", "/my/ruangan/99999999", 404, None, None),
    ("operator", "/my/ruangan/baru?booking_id=1%20OR%201=1", 200, "/my/ruangan", None),
    ("operator", "/my/ruangan/baru?booking_id=99999999", 200, "/my/ruangan", None),
    ("public", "/my/bookings", 200, "/web/login", None),
    ("public", "/my/ruangan/baru", 200, "/web/login", None),
    ("public", "/perpustakaan/pendaftaran/99999999?access_token=x", 404, None, None),
    ("public", "/layanan/verifikasi/%27%20OR%201=1%20--", 404, None, None),
    # a NUL byte, ids beyond PostgreSQL's integers, junk tokens, in every route that
    # takes a token, an id, a page or a slug: "not found" or the user's own page
    ("public", "/layanan/verifikasi/abc%00def", 404, None, None),
    ("public", "/layanan/verifikasi/%00", 404, None, None),
    ("public", "/layanan/verifikasi/%C3%A9%F0%9F%98%80%01", 404, None, None),
    ("public", "/layanan/verifikasi/" + "x" * 4000, 404, None, None),
    ("public", "/layanan/abc%00", 404, None, None),
    ("public", "/layanan/%E2%98%83", 404, None, None),
    ("public", "/layanan/ruang-rapat?mulai=%00&selesai=%00", 200, "/layanan/ruang-rapat", None),
    ("public", "/layanan/fasilitas/2147483648", 404, None, None),
    ("public", "/layanan/fasilitas/99999999999999999999", 404, None, None),
    ("public", "/layanan/fasilitas/1%00", 404, None, None),
    ("public", "/x%00", 404, None, None),
    ("public", "/x%1b%5B31m", 404, None, None),
    ("siti", "/my/bookings/page/%00", 404, None, None),
    ("siti", "/my/bookings/page/2147483648", 200, "/my/bookings/page/2147483648", None),
    ("siti", "/my/bookings/2147483648", 200, "/my", None),
    ("siti", "/my/bookings/99999999999999999999", 200, "/my", None),
    ("siti", "/my/bookings/99999999?access_token=%00", 200, "/my", None),
    ("siti", "/my/bookings/99999999?access_token=%C3%A9", 200, "/my", None),
    ("siti", "/my/bookings/2147483648/cetak", 200, "/my", None),
    ("public", "/my/bookings/99999999?access_token=" + "%00" * 40, 200, None, None),
    ("operator", "/my/ruangan/page/%00", 404, None, None),
    ("operator", "/my/ruangan/2147483648", 404, None, None),
    ("operator", "/my/ruangan/99999999?access_token=%00", 404, None, None),
    ("operator", "/my/ruangan/baru?booking_id=%00", 200, "/my/ruangan", None),
    ("operator", "/my/ruangan/baru?booking_id=2147483648", 200, "/my/ruangan", None),
    ("public", "/perpustakaan/pendaftaran/1%00", 404, None, None),
    ("public", "/perpustakaan/pendaftaran/2147483648?access_token=x", 404, None, None),
    ("public", "/perpustakaan/pendaftaran/1?access_token=%00", 404, None, None),
    ("public", "/perpustakaan/pendaftaran/1?access_token=" + "%C3%A9" * 40, 404, None, None),
    ("public", "/perpustakaan/daftar/terkirim%00", 404, None, None),
    ("public", "/perpustakaan/daftar?id_type=%00", 200, "/perpustakaan/daftar", None),
    ("public", "/ruangan/layar?x=%00", 200, "/ruangan/layar", None),
]


@pytest.mark.parametrize(("who", "path", "status", "ends", "text"), ODD_URLS)
def test_odd_portal_urls_answer_cleanly(odoo, siti, operator, who, path, status, ends, text):
    session = {"siti": siti.session, "operator": operator.session}.get(who) or public_session()
    response = session.get(f"{odoo.url}{path}", timeout=60)
    assert response.status_code == status, (path, response.status_code)
    if ends:
        final = re.sub(r"^/id(?=/)", "", response.url.split(odoo.url, 1)[1].split("?")[0])
        assert final == ends, (path, response.url)
    if text:
        assert text in response.text
