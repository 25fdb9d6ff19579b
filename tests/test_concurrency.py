"""The product under real concurrent load: parallel HTTP clients (threads, one
`requests` session each) against the multi-worker server (4 workers)."""

import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from passlib.context import CryptContext
from sys_helpers import (
    Rpc,
    admin,  # noqa: F401 (fixture)
    csrf_of,
    in_indonesian,  # noqa: F401 (fixture)
    indonesian_re,
    session_as,
    squash,
    tiny_pdf,
    unique,
    wib_day,
)

MEMBERS = 50
PASSWORD = "Serentak-12345"


def _parallel(func, items, workers):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(func, items))


def _error_text(html):
    match = re.search(r'class="[^"]*o_biroumum_error[^"]*"[^>]*>(.*?)</div>', html, re.S)
    return squash(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


@pytest.fixture(scope="module")
def members(odoo, admin, in_indonesian):  # noqa: F811
    """50 portal members (public category), each with a logged-in session.

    Created without a password and given a cheap hash in SQL: 50 hashes of 600,000
    rounds would cost a minute of CPU before the test starts (each login still
    verifies and upgrades its hash in the server, as for any member)."""
    portal = admin.ref("base.group_portal")
    tag = unique("m")
    logins = [f"{tag}-{i}@example.com" for i in range(MEMBERS)]
    user_ids = admin(
        "res.users",
        "create",
        [
            {
                "name": f"Anggota Serentak {i}",
                "login": login_name,
                "lang": "id_ID",
                "tz": "Asia/Jakarta",
                "group_ids": [(6, 0, [portal])],
            }
            for i, login_name in enumerate(logins)
        ],
        context={"no_reset_password": True, "tracking_disable": True},
    )
    hashed = CryptContext(["pbkdf2_sha512"]).hash(PASSWORD, rounds=1000)
    subprocess.run(
        [
            "psql",
            "-X",
            "-q",
            "-d",
            odoo.db,
            "-c",
            f"UPDATE res_users SET password = '{hashed}' "
            f"WHERE id IN ({','.join(map(str, user_ids))})",
        ],
        check=True,
    )
    return _parallel(lambda name: session_as(odoo.url, name, PASSWORD), logins, 8)


def _new_facilities(admin, count, tag):  # noqa: F811
    return admin(
        "biroumum.facility",
        "create",
        [
            {
                "name": f"Ruang Uji {tag} {i}",
                "category": "meeting_room",
                "capacity": 50,
                "tariff_unit": "hour",
                "price": 100000,
                "manager_user_id": admin.ref("biroumum_booking.user_pengelola_demo"),
                "resource_calendar_id": admin.ref("biroumum_booking.resource_calendar_service"),
            }
            for i in range(count)
        ],
    )


@pytest.fixture(scope="module")
def meeting_terms(admin):  # noqa: F811
    """The current terms of meeting rooms (the form's hidden terms_id)."""
    return admin("biroumum.terms", "search", [("category", "=", "meeting_room")], limit=1)[0]


def _booking_form(session, url, terms_id):
    """What the booking form posts besides the member's input (token from the portal)."""
    page = session.get(f"{url}/my", timeout=120)
    assert page.status_code == 200, page.text[:300]
    return {"csrf_token": csrf_of(page.text), "terms_id": str(terms_id), "terms_accepted": "on"}


def _counts(admin):  # noqa: F811
    return {
        "bookings": admin.count("biroumum.booking"),
        "invoices": admin.count("account.move"),
        "events": admin.count("calendar.event"),
        "activities": admin.count("mail.activity", [("res_model", "=", "biroumum.booking")]),
    }


def test_50_members_book_the_same_period_at_once(odoo, admin, members, meeting_terms):  # noqa: F811
    (facility,) = _new_facilities(admin, 1, unique("sama"))
    day = wib_day(30)
    forms = _parallel(lambda s: _booking_form(s, odoo.url, meeting_terms), members, 10)
    before = _counts(admin)
    barrier = threading.Barrier(len(members))

    def submit(args):
        session, form = args
        data = dict(
            form,
            start=f"{day}T10:00",
            stop=f"{day}T12:00",
            purpose="Rapat warga",
            attendees="10",
        )
        barrier.wait()
        return session.post(
            f"{odoo.url}/layanan/fasilitas/{facility}/pesan",
            data=data,
            allow_redirects=False,
            timeout=280,
        )

    responses = _parallel(submit, list(zip(members, forms, strict=True)), len(members))
    assert all(r.status_code in (200, 303) for r in responses), [
        (r.status_code, r.text[:200]) for r in responses if r.status_code not in (200, 303)
    ]
    winners = [r for r in responses if r.status_code == 303]
    assert len(winners) == 1, f"{len(winners)} bookings were accepted for one period"
    assert "/my/bookings/" in winners[0].headers["Location"]
    clash = indonesian_re(
        "biroumum_booking",
        "%(facility)s is already booked in the period %(period)s. Please choose another time.",
    )
    losers = [_error_text(r.text) for r in responses if r.status_code == 200]
    assert all(clash.search(text) for text in losers), {t for t in losers if not clash.search(t)}
    # one booking holds the facility; nothing else was left behind
    held = admin("biroumum.booking", "search_read", [("facility_id", "=", facility)], ["state"])
    assert [b["state"] for b in held] == ["submitted"]
    after = _counts(admin)
    assert after["bookings"] == before["bookings"] + 1
    assert after["invoices"] == before["invoices"]
    assert after["events"] == before["events"]
    assert after["activities"] == before["activities"] + 1


def test_200_bookings_of_different_facilities_all_succeed(
    odoo,
    admin,  # noqa: F811
    members,
    meeting_terms,
):
    facilities = _new_facilities(admin, 200, unique("beda"))
    day = wib_day(31)
    jobs = [(members[i % len(members)], facility) for i, facility in enumerate(facilities)]
    forms = _parallel(lambda job: _booking_form(job[0], odoo.url, meeting_terms), jobs, 10)
    before = admin.count("biroumum.booking")

    def submit(args):
        (session, facility), form = args
        data = dict(form, start=f"{day}T13:00", stop=f"{day}T15:00", purpose="Rapat", attendees="5")
        return session.post(
            f"{odoo.url}/layanan/fasilitas/{facility}/pesan",
            data=data,
            allow_redirects=False,
            timeout=280,
        )

    responses = _parallel(submit, list(zip(jobs, forms, strict=True)), 50)
    refused = [_error_text(r.text) or r.status_code for r in responses if r.status_code != 303]
    assert not refused, refused[:5]
    assert admin.count("biroumum.booking") == before + 200
    assert (
        admin.count(
            "biroumum.booking", [("facility_id", "in", facilities), ("state", "=", "submitted")]
        )
        == 200
    )


def test_20_validations_compete_for_the_last_units(odoo, admin):  # noqa: F811
    tag = unique("alat")
    stock = 5
    equipment = admin(
        "epesanruangan.equipment", "create", {"name": f"Kamera {tag}", "stock": stock}
    )
    rooms = admin(
        "epesanruangan.room",
        "create",
        [{"name": f"Ruang {tag} {i}", "capacity": 30} for i in range(20)],
    )
    day = wib_day(33, weekday_ok=False)
    operator = admin.ref("epesanruangan.user_operator_bpad")
    unit = admin.ref("epesanruangan.unit_bpad")
    start, stop = f"{day} 02:00:00", f"{day} 04:00:00"  # 09.00-11.00 WIB
    bookings = admin(
        "epesanruangan.booking",
        "create",
        [
            {
                "event_name": f"Acara {tag} {i}",
                "participants": 10,
                "room_id": room,
                "start": start,
                "stop": stop,
                "operator_id": operator,
                "unit_id": unit,
                "state": "verified",
                "line_ids": [
                    (0, 0, {"equipment_id": equipment, "qty_requested": 1, "qty_approved": 1})
                ],
            }
            for i, room in enumerate(rooms)
        ],
    )
    states = admin("epesanruangan.booking", "read", bookings, ["state"])
    assert {b["state"] for b in states} == {"verified"}
    # one login (parallel logins of one user race on its onboarding state), 20 clients
    head = Rpc(odoo.url, "kasubbag@jakarta.go.id", "kasubbag")
    heads = []
    for _i in bookings:
        client = requests.Session()
        client.cookies.update(head.session.cookies)
        heads.append(Rpc(odoo.url, head.login, None, session=client))
    barrier = threading.Barrier(len(bookings))

    def validate(args):
        head, booking = args
        barrier.wait()
        return head.raw("epesanruangan.booking", "action_validate", [[booking]])

    responses = _parallel(validate, list(zip(heads, bookings, strict=True)), len(bookings))
    assert all(r.status_code == 200 for r in responses), [r.status_code for r in responses]
    bodies = [r.json() for r in responses]
    errors = [b["error"]["data"] for b in bodies if "error" in b]
    assert all(e["name"] == "odoo.exceptions.UserError" for e in errors), errors[:3]
    validated = admin(
        "epesanruangan.booking",
        "search",
        [("id", "in", bookings), ("state", "=", "validated")],
    )
    lines = admin(
        "epesanruangan.booking.line",
        "search_read",
        [("booking_id", "in", validated), ("equipment_id", "=", equipment)],
        ["qty_approved"],
    )
    allocated = sum(line["qty_approved"] for line in lines)
    assert allocated <= stock
    assert len(validated) == stock, "every unit that was free is allocated"
    assert len(errors) == len(bookings) - stock


def test_the_same_balaikota_request_sent_twice_makes_one(odoo, admin):  # noqa: F811
    url = odoo.url
    first = session_as(url, "180003", "180003")
    second = session_as(url, "180003", "180003")
    form = first.get(f"{url}/my/ruangan/baru", timeout=60).text
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1)
    room = admin.ref("epesanruangan.room_rapat_blok_g3")
    day = wib_day(34, weekday_ok=False)
    operator = admin.ref("epesanruangan.user_operator_biropem")
    before = admin.count("epesanruangan.booking", [("operator_id", "=", operator)])
    barrier = threading.Barrier(2)

    def post(session, together=True):
        data = {
            "csrf_token": csrf_of(session.get(f"{url}/my/ruangan/baru", timeout=60).text),
            "idempotency_key": key,
            "event_name": "Rapat evaluasi triwulan",
            "participants": "12",
            "day": day.isoformat(),
            "time_start": "14:00",
            "time_stop": "15:00",
            "room_id": str(room),
        }
        if together:
            barrier.wait()
        return session.post(
            f"{url}/my/ruangan/ajukan",
            data=data,
            files={"letter": ("surat.pdf", tiny_pdf(), "application/pdf")},
            allow_redirects=False,
            timeout=120,
        )

    responses = _parallel(post, [first, second], 2)
    assert [r.status_code for r in responses] == [303, 303], [r.text[:300] for r in responses]
    targets = {re.sub(r"\?.*", "", r.headers["Location"]) for r in responses}
    assert len(targets) == 1, targets
    # and a retry long after (the network failed on the way back) is the same request
    retry = post(first, together=False)
    assert retry.status_code == 303
    assert re.sub(r"\?.*", "", retry.headers["Location"]) in targets
    after = admin.count("epesanruangan.booking", [("operator_id", "=", operator)])
    assert after == before + 1
    assert admin.count("epesanruangan.booking", [("idempotency_key", "=", key)]) == 1
