"""The product under real concurrent load: parallel HTTP clients (threads, one
`requests` session each) against the multi-worker server (4 workers): Biro Umum bookings.

The 50-way race for one period is test_biroumum_system.py::test_fifty_members_race_for_one_slot;
the Balaikota races are in test_epesanruangan_system.py."""

import html
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from passlib.context import CryptContext
from sys_helpers import (
    admin,  # noqa: F401 (fixture)
    csrf_of,
    in_indonesian,  # noqa: F401 (fixture)
    session_as,
    squash,
    unique,
    wib_day,
)

MEMBERS = 20
PASSWORD = "Serentak-12345"


def _parallel(func, items, workers):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(func, items))


def _error_text(page):
    match = re.search(r'class="[^"]*o_biroumum_error[^"]*"[^>]*>(.*?)</div>', page, re.S)
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))) if match else ""


@pytest.fixture(scope="module")
def members(odoo, admin, in_indonesian):  # noqa: F811
    """20 portal members (public category), each with a logged-in session.

    Created without a password and given a cheap hash in SQL: 20 hashes of 600,000
    rounds would cost half a minute of CPU before the test starts (each login still
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
    hashed = CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=1000).hash(PASSWORD)
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

    # 12 clients keep the 4 workers' queue full; more client threads on 2 busy cores can
    # stall between connect and request past the worker's 2 s socket timeout
    responses = _parallel(submit, list(zip(jobs, forms, strict=True)), 12)
    refused = [_error_text(r.text) or r.status_code for r in responses if r.status_code != 303]
    assert not refused, refused[:5]
    assert admin.count("biroumum.booking") == before + 200
    assert (
        admin.count(
            "biroumum.booking", [("facility_id", "in", facilities), ("state", "=", "submitted")]
        )
        == 200
    )
