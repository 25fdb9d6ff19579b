"""The benchmark command: python3 bench/run.py --scale full|small

Builds a throwaway database with the three addons, fills it with a province's worth of
data, measures what users wait for (median and p95 over repeated runs), prints a table
and writes BENCHMARKS.md. Exits non-zero only when a measurement crashed or the 50-way
race let more than one booking hold the slot; a missed target is printed as MISS."""

import argparse
import base64
import contextlib
import datetime
import io
import os
import pathlib
import re
import sys
import threading
import time
import traceback

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import common
import generate
import queries
import report
from common import concurrent, summarize, timed

WIB = datetime.timedelta(hours=7)
PARTS = (
    "availability",
    "nik",
    "bump",
    "pages",
    "writes",
    "series",
    "cards",
    "event",
    "feeds",
    "race",
    "payments",
)


class Bench:
    def __init__(self, scale):
        self.scale_name = scale
        self.scale = generate.SCALES[scale]
        self.full = scale == "full"
        self.rows = []  # the table
        self.ratios = []  # availability at 10% vs 100%
        self.explains = []  # (title, text)
        self.notes = []  # facts worth a line (generation times, errors seen)
        self.crashes = []
        self.race = None
        self.payments = None  # the payments' count of invoices paid twice (must be none)
        self.date = None  # "YYYY-MM-DD HH:MM UTC", set when the report is written
        self.machine = None  # common.machine(), measured when the run starts
        self.only = None  # every part

    def wants(self, part):
        return self.only is None or part in self.only

    # ------------------------------------------------------------------ bookkeeping
    def row(self, section, name, summary, target=None, extra="", client=None):
        status = "-"
        if target is not None:
            status = "ok" if summary["p95"] <= target else "MISS"
        extra = (
            f"{extra}; load {os.getloadavg()[0]:.1f}" if extra else f"load {os.getloadavg()[0]:.1f}"
        )
        entry = {
            "section": section,
            "name": name,
            "median": summary["median"],
            "p95": summary["p95"],
            "n": summary["n"],
            "target": target,
            "status": status,
            "extra": extra,
            "client": client,
        }
        self.rows.append(entry)
        print(report.format_row(entry), flush=True)
        return entry

    @contextlib.contextmanager
    def guard(self, label):
        try:
            yield
        except Exception:
            text = traceback.format_exc()
            print(f"CRASH in {label}:\n{text}", file=sys.stderr, flush=True)
            self.crashes.append((label, text.strip().splitlines()[-1]))

    def note(self, text):
        print(f"# {text}", flush=True)
        self.notes.append(text)


# ---------------------------------------------------------------------- in-process figures
def availability(bench, env, facilities, tag, explain=False):
    """The three availability figures (and the addons' current forms, "before")."""
    repeat = 100
    now = datetime.datetime.now()
    periods = [generate.period(1 + k % 45, 2 + k % 4, hour=8 + k % 8) for k in range(repeat + 10)]
    state = {"k": 0}

    def nxt():
        state["k"] += 1
        env.invalidate_all()

    def pick():
        return periods[state["k"] % len(periods)]

    results = {}

    def run():
        start, stop = pick()
        category = generate.CATEGORIES[state["k"] % 4]
        env["biroumum.facility"]._free_facilities(category, start, stop)

    results["free facilities of a category (_free_facilities)"] = timed(run, repeat, before=nxt)

    def run_before():
        start, stop = pick()
        category = generate.CATEGORIES[state["k"] % 4]
        queries.free_facilities(env, category, start, stop, queries.FREE_FACILITIES_BEFORE)

    label = "free facilities of a category (BEFORE: plain columns)"
    results[label] = timed(run_before, repeat, before=nxt)

    def rooms():
        start, stop = pick()
        queries.free_rooms(env, start, stop, 10 + (state["k"] % 8) * 20)

    results["free rooms of a capacity (_free_rooms)"] = timed(rooms, repeat, before=nxt)

    # the months a visitor may open: this one and the next ones of the booking window
    # (90 days); the page brings a past month back to this one
    months = [now + datetime.timedelta(days=days) for days in (0, 31, 62)]

    def calendar():
        # what the facility's page shows (?bulan=): its month, with the booked times and
        # the opening hours of each day
        facility = facilities[(state["k"] * 7) % len(facilities)]
        month = months[state["k"] % len(months)]
        env["biroumum.booking"]._availability_month(facility, month.year, month.month)

    label = "month calendar of a facility (_availability_month)"
    results[label] = timed(calendar, repeat, before=nxt)

    for label, summary in results.items():
        bench.row(f"1. availability @ {tag}", label, summary, target=20)

    if explain:
        start, stop = generate.period(7, 3, hour=9)
        facility = facilities[1]
        first, last = queries.month_bounds(now)
        params = {"category": "building", "start": start, "stop": stop}
        for title, sql, prm in (
            (
                "free facilities of a category: _free_facilities (GiST form, the addon now)",
                queries.FREE_FACILITIES_AFTER,
                params,
            ),
            (
                "free facilities of a category: BEFORE (plain columns)",
                queries.FREE_FACILITIES_BEFORE,
                params,
            ),
            (
                "month calendar: _busy_periods BEFORE (plain columns)",
                queries.BUSY_PERIODS_BEFORE,
                {"facility": facility.id, "start": first, "stop": last},
            ),
            (
                "month calendar: _busy_periods (GiST form, the addon now)",
                queries.BUSY_PERIODS_AFTER,
                {"facility": facility.id, "start": first, "stop": last},
            ),
            (
                "free rooms: _busy_room_ids BEFORE (plain columns)",
                queries.BUSY_ROOMS,
                {"start": start, "stop": stop, "exclude": [0]},
            ),
            (
                "free rooms: _busy_room_ids (GiST form, the addon now)",
                queries.BUSY_ROOMS_AFTER,
                {"start": start, "stop": stop, "exclude": [0]},
            ),
        ):
            bench.explains.append((f"{title} @ {tag}", queries.explain(env, sql, prm)))
    return results


def nik_check(bench, env):
    """The counter's NIK check: the NIK itself, then the uniqueness and the duplicates
    (what library_membership's form does), on a new applicant that has a namesake."""
    from odoo.addons.layanan_base.tools import nik_errors

    Member = env["library.member"]
    n = bench.scale["members"]
    state = {"k": 0}

    def run():
        i = (state["k"] * 7919) % n
        state["k"] += 1
        birthdate = datetime.date(1950, 1, 1) + datetime.timedelta(days=i % 18000)
        female = i % 2 == 1
        day = birthdate.day + (40 if female else 0)
        block = i // 18000
        nik = (
            f"33{1 + block % 35:02d}{1 + block // 35:02d}{day:02d}"
            f"{birthdate:%m%y}{1 + (i + 5000) % 9999:04d}"
        )
        gender = "female" if female else "male"
        errors = nik_errors(env, nik, birthdate=birthdate, gender=gender)
        assert not errors, errors
        Member.search_count([("nik", "=", nik), ("state", "!=", "cancelled")], limit=1)
        applicant = Member.new(
            {
                "name": f"Anggota {i}",
                "birthdate": birthdate,
                "gender": gender,
                "phone": f"0899{i:08d}",
                "email": f"baru{i}@bench.test",
                "nik": nik,
            }
        )
        found = applicant._find_duplicates()
        assert found, "the namesake was not found"

    summary = timed(run, 200, before=env.invalidate_all)
    bench.row("4. library", f"NIK + duplicate check ({n:,} members)", summary, target=10)
    env.cr.execute(
        "EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM library_member WHERE "
        "((lower(name) = lower('Anggota 77') AND birthdate = '1950-03-19') "
        "OR phone_normalized = '089900000077' OR email_normalized = 'baru77@bench.test') "
        "AND id != 0 AND state != 'cancelled' ORDER BY id LIMIT 20"
    )
    bench.explains.append(("library: _find_duplicates", "\n".join(r[0] for r in env.cr.fetchall())))


# what the bump sends at once today: an assignment email per activity and an email per
# bumped operator, each sent inline (force_send) inside the head's request


def leadership_bump(bench, env, bump_room, manager, operator, units, days=10):
    """A leadership event takes a room held by 20 bookings; then their alternatives."""
    Booking = env["epesanruangan.booking"].with_user(manager)
    samples = []
    for rep in range(5):
        day = (datetime.datetime.now() + datetime.timedelta(days=days + rep)).replace(
            hour=0, minute=0, second=0, microsecond=0
        ) - WIB
        first = day + datetime.timedelta(hours=7)  # 07.00 WIB
        held = (
            env["epesanruangan.booking"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "event_name": f"Rapat {rep}-{n}",
                        "participants": 10,
                        "room_id": bump_room.id,
                        "operator_id": operator.id,
                        "unit_id": units[n % len(units)].id,
                        "start": first + datetime.timedelta(minutes=30 * n),
                        "stop": first + datetime.timedelta(minutes=30 * (n + 1)),
                        "state": "scheduled",
                    }
                    for n in range(20)
                ]
            )
        )
        priority = Booking.sudo().create(
            {
                "event_name": f"Jadwal Pimpinan {rep}",
                "participants": 10,
                "room_id": bump_room.id,
                "start": first,
                "stop": first + datetime.timedelta(hours=10),
                "is_priority": True,
                "state": "verified",
            }
        )
        env.flush_all()
        env.invalidate_all()
        started = time.perf_counter()
        bumped = Booking.browse(priority.id).action_schedule_priority()
        alternatives = [b._alternatives() for b in bumped]
        env.flush_all()
        samples.append((time.perf_counter() - started) * 1000)
        assert len(bumped) == 20 and set(bumped.ids) == set(held.ids), len(bumped)
        assert all(alternatives), "a bumped booking got no alternative"
        env.cr.commit()
    bench.row(
        "5. balaikota",
        "leadership bump of 20 bookings + their alternatives",
        summarize(samples),
        target=1000,
    )


def event_booking(env, rooms, operator, size=(1600, 1200)):
    """A done event with 12 photos (JPEG, 1600x1200 by default) for the report PDF."""
    from PIL import Image

    start = datetime.datetime.now() - datetime.timedelta(days=400)
    booking = (
        env["epesanruangan.booking"]
        .sudo()
        .create(
            {
                "event_name": "Rapat Koordinasi Bench",
                "participants": 10,
                "room_id": rooms[0].id,
                "operator_id": operator.id,
                "start": start,
                "stop": start + datetime.timedelta(hours=2),
                "state": "done",
                "report_note": "Acara berjalan lancar.",
            }
        )
    )
    photos = []
    for n in range(12):
        image = Image.effect_noise(size, 40 + n).convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        photos.append(
            (0, 0, {"image": base64.b64encode(buffer.getvalue()), "caption": f"Foto acara {n + 1}"})
        )
    booking.write({"photo_ids": photos, "attendance_actual": 10})
    return booking


# ---------------------------------------------------------------------- HTTP figures
def pages(bench, server, sessions, member_sessions, manager_sessions, facility):
    from server import call_kw, get_ok

    per_client = 10 if bench.full else 3
    url = server.url
    month_first, month_last = queries.month_bounds(datetime.datetime.now())
    scenarios = [
        (f"/layanan/{slug}", sessions, lambda s, slug=slug: get_ok(s, f"{url}/layanan/{slug}"))
        for slug in ("kendaraan", "gedung", "ruang-rapat", "venue")
    ]
    scenarios += [
        (
            f"/layanan/fasilitas/{facility.id}",
            sessions,
            lambda s: get_ok(s, f"{url}/layanan/fasilitas/{facility.id}"),
        ),
        ("/my/bookings", member_sessions, lambda s: get_ok(s, f"{url}/my/bookings")),
        (
            "web_search_read",
            manager_sessions,
            lambda s: call_kw(
                s,
                url,
                "biroumum.booking",
                "web_search_read",
                [[]],
                {
                    "specification": LIST_SPEC,
                    "limit": 80,
                    "order": "start desc, id desc",
                    "count_limit": 10001,
                },
            ),
        ),
        (
            "search_read",
            manager_sessions,
            lambda s: call_kw(
                s,
                url,
                "biroumum.booking",
                "search_read",
                [
                    [
                        ("start", "<", month_last.strftime("%Y-%m-%d %H:%M:%S")),
                        ("stop", ">", month_first.strftime("%Y-%m-%d %H:%M:%S")),
                        ("facility_id", "=", facility.id),
                    ]
                ],
                {
                    "fields": [
                        "name",
                        "start",
                        "stop",
                        "facility_id",
                        "partner_id",
                        "state",
                        "color",
                    ]
                },
            ),
        ),
    ]
    labels = {
        "web_search_read": "backend list view (web_search_read, 80 rows)",
        "search_read": "backend calendar view of a facility's month (search_read)",
    }
    for path, pool, func in scenarios:
        with bench.guard(f"page {path}"):
            offset, cpu = server.log_offset(), server.cpu_seconds()
            client, throughput, errors = concurrent(
                lambda index, _i, pool=pool, func=func: func(pool[index % len(pool)]),
                20,
                per_client,
            )
            cpu = (server.cpu_seconds() - cpu) * 1000 / (20 * per_client)
            time.sleep(0.5)
            times, counts = server.server_times(offset, path)
            if errors:
                bench.note(f"{path}: {len(errors)} errors, first: {errors[0]}")
            if not times:
                first = errors[0] if errors else "no log line"
                raise RuntimeError(f"{path}: no successful request ({first})")
            extra = (
                f"{min(counts)}-{max(counts)} queries; {throughput:.1f} req/s; "
                f"Odoo CPU {cpu:.0f} ms/req"
            )
            if errors:
                extra += f"; {len(errors)} of {20 * per_client} requests FAILED: {errors[0]}"
            entry = bench.row(
                "2. pages, 20 users, 4 workers",
                labels.get(path, f"GET {path}"),
                summarize(times),
                target=150,
                extra=extra,
                client=client,
            )
            if errors:
                # a page that fails is broken, not slow: the run fails
                entry["status"] = "ERROR"
                bench.crashes.append((f"page {path}", f"{len(errors)} failed: {errors[0]}"))


LIST_SPEC = {
    "name": {},
    "facility_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "start": {},
    "stop": {},
    "amount": {},
    "currency_id": {"fields": {}},
    "state": {},
}


def local(dt):
    return (dt + WIB).strftime("%Y-%m-%dT%H:%M")


def submit_form(session, url, facility_id, terms_id, token, start, stop):
    response = session.post(
        f"{url}/layanan/fasilitas/{facility_id}/pesan",
        data={
            "csrf_token": token,
            "start": local(start),
            "stop": local(stop),
            "purpose": "Rapat koordinasi",
            "attendees": "10",
            "terms_accepted": "on",
            "terms_id": str(terms_id),
        },
        allow_redirects=False,
        timeout=120,
    )
    return response.status_code in (302, 303) and "/my/bookings/" in response.headers.get(
        "Location", ""
    )


def series(bench, env, server, session, manager, terms_id, occurrences=52):
    """A weekly series of 52 occurrences through the portal form, in one request each:
    the preview (each occurrence checked: the clash, the opening hours, the window) and
    the booking of the free ones (checked again, created and submitted together). Each
    repetition on a facility of its own, the booking window opened to a year and more."""
    from server import csrf_token

    repeat = 5 if bench.full else 3
    facilities = env["biroumum.facility"].create(
        [
            {
                "name": f"Bench Seri {n:02d}",
                "category": "meeting_room",
                "capacity": 50,
                "manager_user_id": manager.id,
                "price": 0,
                "buffer_after": 30,
            }
            for n in range(repeat)
        ]
    )
    params = env["ir.config_parameter"].sudo()
    window = params.get_param("biroumum_booking.booking_window_days")
    params.set_param("biroumum_booking.booking_window_days", "400")
    env.cr.commit()
    # the server's workers have the setting in their cache (the writes read it): tell
    # them, as a request that changes a setting does when it ends
    env.registry.signal_changes()
    first = (datetime.datetime.now() + datetime.timedelta(days=7)).replace(
        hour=2, minute=0, second=0, microsecond=0
    )
    previews, books = [], []
    try:
        for facility in facilities:
            url = f"{server.url}/layanan/fasilitas/{facility.id}"
            data = {
                "csrf_token": csrf_token(session, url),
                "start": local(first),
                "stop": local(first + datetime.timedelta(hours=2)),
                "purpose": "Rapat koordinasi mingguan",
                "attendees": "10",
                "terms_accepted": "on",
                "terms_id": str(terms_id),
                "repeat": "weekly",
                "repeat_count": str(occurrences),
            }
            for samples, extra, expected in (
                (previews, {}, 200),
                (books, {"series_confirm": "free"}, 303),
            ):
                start = time.perf_counter()
                response = session.post(
                    f"{url}/pesan", data={**data, **extra}, allow_redirects=False, timeout=120
                )
                samples.append((time.perf_counter() - start) * 1000)
                # the preview is the page (200); the booking leads to the member's booking
                where = response.headers.get("Location", "")
                if response.status_code != expected or (extra and "/my/bookings/" not in where):
                    raise RuntimeError(
                        f"series: HTTP {response.status_code} {where} for {extra or 'preview'}"
                    )
                if not extra and "o_layanan_occurrence_free" not in response.text:
                    raise RuntimeError("series: the preview shows no free date")
            # a new snapshot: what the server committed
            env.cr.rollback()
            env.invalidate_all()
            made = env["biroumum.booking"].search_count(
                [("facility_id", "=", facility.id), ("state", "=", "submitted")]
            )
            if made != occurrences:
                raise RuntimeError(f"series: {made} of {occurrences} occurrences booked")
    finally:
        params.set_param("biroumum_booking.booking_window_days", window or "90")
        env.cr.commit()
        env.registry.signal_changes()
    label = f"weekly series of {occurrences}"
    bench.row("5. series", f"{label}: preview (each checked)", summarize(previews), target=1000)
    bench.row("5. series", f"{label}: book the free ones", summarize(books), target=1000)


def feeds(bench, env, server, manager, per_day=3):
    """The calendar feeds of a facility with a year of bookings (from the 90 days the
    feeds look back, `per_day` a day, approved ahead and done behind), fetched as a
    calendar app does: a GET without a session, the whole text each time (no ETag). The
    staff's private feed (as the manager, with the bookers' names) and the public busy
    feed."""
    import requests

    facility = env["biroumum.facility"].create(
        {
            "name": "Bench Kalender",
            "category": "meeting_room",
            "capacity": 50,
            "manager_user_id": manager.id,
            "location": "Gedung Bench, Semarang",
            "price": 0,
        }
    )
    partner = manager.partner_id
    env.cr.execute(
        """
        INSERT INTO biroumum_booking (
            name, state, company_id, facility_id, category, partner_id, start, stop,
            hold_start, hold_stop, hold_resource_id, hold_part_id, purpose, attendees,
            quantity, unit_price, amount, with_driver, override_holiday, reminder_sent,
            create_uid, write_uid, create_date, write_date)
        SELECT 'BU/FEED/' || d.i || '/' || k.j,
               CASE WHEN d.i < 89 THEN 'done' ELSE 'approved' END,
               %(company)s, %(facility)s, 'meeting_room', %(partner)s, slot.start, slot.stop,
               slot.start, slot.stop, %(facility)s, 0,
               'Rapat koordinasi, evaluasi; tindak lanjut ' || d.i || '/' || k.j, 10,
               2, 0, 0, false, false, false, 1, 1,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM generate_series(0, 364) AS d(i)
         CROSS JOIN generate_series(0, %(per_day)s - 1) AS k(j)
         CROSS JOIN LATERAL (
               SELECT date_trunc('day', now() at time zone 'UTC') - interval '89 days'
                      + make_interval(days => d.i, hours => 1 + 3 * k.j) AS start,
                      date_trunc('day', now() at time zone 'UTC') - interval '89 days'
                      + make_interval(days => d.i, hours => 3 + 3 * k.j) AS stop) slot
        """,
        {
            "company": env.company.id,
            "facility": facility.id,
            "partner": partner.id,
            "per_day": per_day,
        },
    )
    env.cr.execute("ANALYZE biroumum_booking")
    feed = env["layanan.calendar.feed"].with_user(manager)._get_feed("biroumum.booking", facility)
    token = feed.sudo().token
    env.cr.commit()
    # the private feed has them all; the public one the periods that hold the slot (the
    # approved ones: done bookings free nothing to book)
    count, held = 365 * per_day, (365 - 89) * per_day
    repeat = 40 if bench.full else 30
    session = requests.Session()
    for label, path, expected in (
        ("private feed of a facility (the staff's)", f"/layanan/ical/{token}.ics", count),
        ("public busy feed of a facility", facility._public_feed_path(), held),
    ):
        url = f"{server.url}{path}"
        events = []

        def fetch(url=url, events=events):
            response = session.get(url, timeout=120)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            events.append(response.text.count("BEGIN:VEVENT"))

        # warm each of the 4 workers first (its first request fills its caches)
        summary = timed(fetch, repeat, warmup=8)
        if events[-1] != expected:
            raise RuntimeError(f"{label}: {events[-1]} events, {expected} expected")
        bench.row(
            "6. calendar feeds",
            f"{label}, a year of bookings",
            summary,
            target=100,
            extra=f"{events[-1]} events, {len(session.get(url, timeout=120).content):,} bytes",
        )


def writes(bench, env, server, sessions, manager_sessions, writable, terms_id):
    """Submit through the portal form, then approve (invoice created and posted)."""
    from server import call_kw, csrf_token

    url = server.url
    per_client = 5 if bench.full else 2
    tokens = [csrf_token(s, f"{url}/layanan/fasilitas/{writable[0].id}") for s in sessions[:20]]
    base = (datetime.datetime.now() + datetime.timedelta(days=2)).replace(
        hour=2, minute=0, second=0, microsecond=0
    )  # 09.00 WIB

    def book(client, facility, days):
        """Client number `client` books `facility` from 09.00 to 11.00 WIB, `days` after base."""
        start = base + datetime.timedelta(days=days)
        if not submit_form(
            sessions[client],
            url,
            facility.id,
            terms_id,
            tokens[client],
            start,
            start + datetime.timedelta(hours=2),
        ):
            raise RuntimeError("the portal refused the booking")

    def submit(index, i):  # 20 clients, each on its own facility
        book(index, writable[index], i)

    def submit_alone(_index, i):  # one client, bookings 60+ days ahead
        book(0, writable[0], 60 + i)

    # Warm-up, not measured: each worker's FIRST submission and approval compile the mail
    # templates and load the accounting caches (0.6-0.9 s, once per worker process).
    # Four clients at once make each of the 4 workers take some.
    def submit_warm(index, i):
        book(index, writable[0], 70 + 2 * index + i)

    _client, _throughput, errors = concurrent(submit_warm, 4, 2)
    env.cr.execute(
        "SELECT id FROM biroumum_booking WHERE facility_id = %s AND state = 'submitted' "
        "AND start > %s ORDER BY start",
        [writable[0].id, base + datetime.timedelta(days=69)],
    )
    warm_ids = [row[0] for row in env.cr.fetchall()]
    env.cr.commit()
    _client, _throughput, approve_errors = concurrent(
        lambda index, i: call_kw(
            manager_sessions[index],
            url,
            "biroumum.booking",
            "action_approve",
            [warm_ids[2 * index + i : 2 * index + i + 1]],
        ),
        4,
        2,
    )
    if errors or approve_errors or len(warm_ids) != 8:
        raise RuntimeError(f"warm-up: {len(warm_ids)} submitted, {(errors + approve_errors)[:1]}")

    offset, cpu = server.log_offset(), server.cpu_seconds()
    client, _throughput, errors = concurrent(submit_alone, 1, 8)
    cpu = (server.cpu_seconds() - cpu) * 1000 / 8
    time.sleep(0.5)
    times, counts = server.server_times(offset, "/pesan")
    if errors or not times:
        raise RuntimeError(f"submit alone: {errors[:1]}")
    bench.row(
        "3. writes, 1 client",
        "submit a booking through the portal form, one client alone (warm workers)",
        summarize(times),
        extra=f"{min(counts)}-{max(counts)} queries; Odoo CPU {cpu:.0f} ms/req",
        client=client,
    )
    env.cr.execute(
        "SELECT id FROM biroumum_booking WHERE facility_id = %s AND state = 'submitted' "
        "AND start > %s AND start < %s ORDER BY start",
        [writable[0].id, base + datetime.timedelta(days=59), base + datetime.timedelta(days=69)],
    )
    alone_ids = [row[0] for row in env.cr.fetchall()]
    env.cr.commit()
    offset, cpu = server.log_offset(), server.cpu_seconds()
    client, _throughput, errors = concurrent(
        lambda _index, i: call_kw(
            manager_sessions[0], url, "biroumum.booking", "action_approve", [[alone_ids[i]]]
        ),
        1,
        len(alone_ids),
    )
    cpu = (server.cpu_seconds() - cpu) * 1000 / max(len(alone_ids), 1)
    time.sleep(0.5)
    times, counts = server.server_times(offset, "action_approve")
    if errors or not times:
        raise RuntimeError(f"approve alone: {errors[:1]}")
    bench.row(
        "3. writes, 1 client",
        "approve a booking (invoice created and posted), one client alone (warm workers)",
        summarize(times),
        extra=f"{min(counts)}-{max(counts)} queries; Odoo CPU {cpu:.0f} ms/req",
        client=client,
    )

    offset = server.log_offset()
    client, throughput, errors = concurrent(submit, 20, per_client)
    time.sleep(0.5)
    times, counts = server.server_times(offset, "/pesan")
    if errors:
        bench.note(f"submit: {len(errors)} of {20 * per_client} refused or failed: {errors[0]}")
    bench.row(
        "3. writes, 20 clients",
        "submit a booking through the portal form",
        summarize(times),
        target=250,
        extra=f"{throughput:.1f} bookings/s; {min(counts)}-{max(counts)} queries",
        client=client,
    )
    env.cr.execute(
        "SELECT id FROM biroumum_booking WHERE facility_id = ANY(%s) AND state = 'submitted' "
        "ORDER BY facility_id, start",
        [writable[:20].ids],
    )
    ids = [row[0] for row in env.cr.fetchall()]
    env.cr.commit()
    if len(ids) < 20:
        raise RuntimeError(f"only {len(ids)} bookings were submitted")
    # one approver per member (ids are ordered by facility, i.e. by client): concurrent
    # first invoices of ONE partner would collide on res_partner.customer_rank
    per = -(-len(ids) // 20)
    chunks = [ids[n * per : (n + 1) * per] for n in range(20)]

    def approve(index, i):
        if i < len(chunks[index]):
            call_kw(
                manager_sessions[index],
                url,
                "biroumum.booking",
                "action_approve",
                [[chunks[index][i]]],
            )

    offset = server.log_offset()
    client, throughput, errors = concurrent(approve, 20, max(len(c) for c in chunks))
    time.sleep(0.5)
    times, counts = server.server_times(offset, "action_approve")
    if errors:
        bench.note(f"approve: {len(errors)} failed: {errors[0]}")
    env.cr.execute(
        "SELECT count(*) FROM biroumum_booking b JOIN account_move m ON m.id = b.invoice_id "
        "WHERE b.id = ANY(%s) AND b.state = 'approved' AND m.state = 'posted'",
        [ids],
    )
    posted = env.cr.fetchone()[0]
    env.cr.commit()
    # the notices (e-mail and .ics) of the decisions are composed by the server's cron thread
    # after each commit, on the same two cores; how long after the last approval they are out
    # (the e-mails first; the stored invoice PDFs in later passes)
    drained = time.perf_counter()
    mailed = None
    while True:
        env.cr.execute(
            "SELECT count(*) FILTER (WHERE notice != 'document'), count(*) "
            "FROM biroumum_booking_notice_queue"
        )
        mails_queued, queued = env.cr.fetchone()
        env.cr.commit()
        if not mails_queued and mailed is None:
            mailed = time.perf_counter() - drained
        if not queued or time.perf_counter() - drained > 120:
            break
        time.sleep(0.2)
    bench.note(
        "e-mails of the approvals composed "
        + (f"{mailed:.1f} s" if mailed is not None else f"not all ({mails_queued} left)")
        + f" after the last approval; their invoices stored: {queued} still queued "
        f"{time.perf_counter() - drained:.1f} s after it"
    )
    bench.row(
        "3. writes, 20 clients",
        "approve a booking (invoice created and posted)",
        summarize(times),
        target=400,
        extra=f"{throughput:.1f} approvals/s; {posted}/{len(ids)} invoices posted; "
        f"{min(counts)}-{max(counts)} queries",
        client=client,
    )


# bookings, concurrent clients, webhooks replayed and webhooks sent twice at once
PAYMENT_SCALES = {"full": (100, 20, 10), "small": (20, 5, 3)}
XENDIT_WEBHOOK_TOKEN = "bench-xendit-callback-token"


def xendit_provider(env):
    """Xendit in test state with a webhook token, as the agency sets it up (its keys are
    never used: the bench sends Xendit's notifications itself)."""
    provider = env.ref("payment.payment_provider_xendit")
    provider.write(
        {
            "state": "test",
            "xendit_public_key": "xnd_public_bench",
            "xendit_secret_key": "xnd_secret_bench",
            "xendit_webhook_token": XENDIT_WEBHOOK_TOKEN,
            "company_id": env.company.id,
        }
    )
    if not provider.journal_id:
        provider.journal_id = env["account.journal"].search(
            [("company_id", "=", env.company.id), ("type", "=", "bank")], limit=1
        )
    method = provider.payment_method_ids.filtered(lambda m: m.code == "qris")
    if not method.active:
        raise RuntimeError("payments: Xendit's QRIS method is not active in test state")
    return provider, method


def jsonrpc(session, url, params, timeout=120):
    """The result of a JSON-RPC route (the portal's payment form calls them so)."""
    response = session.post(
        url, json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=timeout
    )
    response.raise_for_status()
    payload = response.json()
    if payload.get("error"):
        raise RuntimeError(payload["error"].get("data", {}).get("message") or payload["error"])
    return payload["result"]


def xendit_webhook(url, reference, amount):
    """Xendit's notification that the invoice of `reference` is paid by QRIS, signed with
    the callback token."""
    import requests

    body = {
        "id": f"xnd-bench-{reference}",
        "external_id": reference,
        "status": "PAID",
        "amount": amount,
        "paid_amount": amount,
        "currency": "IDR",
        "payment_method": "QR_CODE",
        "payment_channel": "QRIS",
    }
    response = requests.post(
        f"{url}/payment/xendit/webhook",
        json=body,
        headers={"x-callback-token": XENDIT_WEBHOOK_TOKEN},
        timeout=120,
    )
    if response.status_code != 200:
        raise RuntimeError(f"webhook {reference}: HTTP {response.status_code}")
    return response


XENDIT_NOTIFICATION = re.compile(
    r"^\S+ \S+ (?P<pid>\d+) INFO \S+ odoo\.addons\.payment_xendit\.controllers\.main: "
    r"Notification received"
)
XENDIT_REFERENCE = re.compile(r"'external_id': '(?P<reference>[^']+)'")
LOG_PID = re.compile(r"^\S+ \S+ (?P<pid>\d+) ")


def webhook_times(server, offset):
    """[(reference, server-side ms, queries)] of the Xendit webhooks logged since
    `offset`, in the order they were answered. A worker serves one request at a time:
    the notification it logged last (its data names the transaction) is the one its
    next webhook line answers (a request retried after a serialization failure logs its
    notification again)."""
    from server import LOG_LINE

    with server.log.open() as handle:
        handle.seek(offset)
        lines = handle.read().splitlines()
    current, result, pending = {}, [], None
    for line in lines:
        header = LOG_PID.match(line)
        if not header:
            found = pending and XENDIT_REFERENCE.search(line)
            if found:
                current[pending] = found["reference"]
                pending = None
            continue
        pending = None
        if XENDIT_NOTIFICATION.match(line):
            pending = header["pid"]
            continue
        match = LOG_LINE.search(line)
        if match and match["path"] == "/payment/xendit/webhook" and int(match["code"]) < 400:
            ms = (float(match["qtime"]) + float(match["rtime"])) * 1000
            result.append((current.pop(header["pid"], None), ms, int(match["queries"])))
    return result


def payments(bench, env, server, sessions, manager_sessions, manager, terms_id):
    """Approve-then-pay: each client approves a submitted booking of a paid facility (as
    its Pengelola), then pays it as the member does: the booking's "Bayar Sekarang" leads
    to the invoice, whose payment form makes the transaction (the portal's own route,
    /invoice/transaction), and Xendit's signed notification (an HTTP POST of the webhook
    to the running server) confirms it. The booking must read paid right after the
    webhook's response: the post-processing (payment, reconciliation, "Lunas") runs in
    the notification itself. Some webhooks are sent twice: again after the first answer
    (a replay), or twice at once (two deliveries racing): one payment per invoice."""
    from server import call_kw, csrf_token, get_ok

    url = server.url
    count, clients, duplicates = PAYMENT_SCALES[bench.scale_name]
    per_client = count // clients
    provider, method = xendit_provider(env)
    facilities = env["biroumum.facility"].create(
        [
            {
                "name": f"Bench Bayar {n:02d}",
                "category": "meeting_room",
                "capacity": 50,
                "location": "Semarang",
                "manager_user_id": manager.id,
                "tariff_unit": "hour",
                "price": 100_000 + 25_000 * (n % 4),
                "payment_hours": 48,
            }
            for n in range(clients)
        ]
    )
    env.cr.commit()
    # the bookings, submitted through the portal form (not measured: the writes part does)
    base = (datetime.datetime.now() + datetime.timedelta(days=3)).replace(
        hour=2, minute=0, second=0, microsecond=0
    )  # 09.00 WIB
    tokens = [
        csrf_token(s, f"{url}/layanan/fasilitas/{facilities[0].id}") for s in sessions[:clients]
    ]

    # each of the 4 workers' first approval and payment compile templates and fill the
    # accounting caches (once per worker process): 4 bookings more, paid first, unmeasured
    # then some more by one client alone, on warm workers: the webhook's own time
    warm, alone = min(4, clients), (5 if bench.full else 3)
    extra = [(n < warm) + (alone if n == 0 else 0) for n in range(clients)]

    def submit(index, i):
        if i >= per_client + extra[index]:
            return
        start = base + datetime.timedelta(days=i)
        if not submit_form(
            sessions[index],
            url,
            facilities[index].id,
            terms_id,
            tokens[index],
            start,
            start + datetime.timedelta(hours=2),
        ):
            raise RuntimeError("the portal refused the booking")

    _client, _throughput, errors = concurrent(submit, clients, per_client + max(extra))
    if errors:
        raise RuntimeError(f"payments: {len(errors)} submissions failed: {errors[0]}")
    env.cr.execute(
        "SELECT facility_id, id FROM biroumum_booking WHERE facility_id = ANY(%s) "
        "AND state = 'submitted' ORDER BY facility_id, start",
        [facilities.ids],
    )
    chunks = {facility.id: [] for facility in facilities}
    for facility_id, booking_id in env.cr.fetchall():
        chunks[facility_id].append(booking_id)
    env.cr.commit()
    chunks = [chunks[facility.id] for facility in facilities]  # client n: facility n
    if [len(chunk) for chunk in chunks] != [per_client + n for n in extra]:
        raise RuntimeError(f"payments: submitted {[len(c) for c in chunks]}, not {per_client} each")
    # the extra ones are the latest of their client
    warm_ids = [chunks[n][per_client] for n in range(warm)]
    alone_ids = chunks[0][per_client + 1 :]
    chunks = [chunk[:per_client] for chunk in chunks]
    # which payments get their webhook twice: the second booking of each client first
    order = [(index, i) for i in range(1, per_client) for index in range(clients)]
    replayed = set(order[:duplicates])
    doubled = set(order[duplicates : 2 * duplicates])

    lock = threading.Lock()
    samples = {"approve": [], "webhook": [], "lunas": [], "replay": [], "twice": []}
    alone_samples = {"approve": [], "webhook": [], "lunas": []}
    paid_by_read = []
    kinds = {}  # transaction reference -> "single", "replay" or "twice"

    def pay(index, i):
        cycle(index, i, chunks[index][i], samples)

    def warm_up(index, _i):
        cycle(index, None, warm_ids[index], None)

    def cycle(index, i, booking_id, into):
        """Approve `booking_id`, pay it, check it; the times go `into` (None: a warm-up)."""
        measured = into is samples

        def record(name, value):
            if into is not None:
                with lock:
                    into[name].append(value)

        manager_session, member = manager_sessions[index], sessions[index]
        started = time.perf_counter()
        call_kw(manager_session, url, "biroumum.booking", "action_approve", [[booking_id]])
        record("approve", (time.perf_counter() - started) * 1000)
        # the member's booking page: the amount due and "Bayar Sekarang", to the invoice
        page = get_ok(member, f"{url}/my/bookings/{booking_id}").text
        found = re.search(r"/my/invoices/(\d+)\?access_token=([\w-]+)", page)
        if "o_biroumum_pay" not in page or not found:
            raise RuntimeError(f"booking {booking_id}: no 'Bayar Sekarang' on its page")
        invoice_id, access_token = int(found[1]), found[2]
        (due,) = call_kw(
            manager_session, url, "account.move", "read", [[invoice_id], ["amount_residual"]]
        )
        amount = due["amount_residual"]
        # the transaction, made by the invoice page's payment form (QRIS; the request to
        # Xendit for its QR code is left out: the bench has no internet)
        processing = jsonrpc(
            member,
            f"{url}/invoice/transaction/{invoice_id}",
            {
                "access_token": access_token,
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "token_id": None,
                "amount": amount,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": f"/my/invoices/{invoice_id}?access_token={access_token}",
                "is_validation": False,
            },
        )
        reference = processing["reference"]
        kind = "single"
        if (index, i) in doubled:
            kind = "twice"
        elif (index, i) in replayed:
            kind = "replay"
        if measured:
            with lock:
                kinds[reference] = kind
        # Xendit's notification: once, again after the answer, or twice at once
        sent = time.perf_counter()
        if kind == "twice":
            barrier = threading.Barrier(2)
            answers = []

            def deliver():
                barrier.wait()
                begun = time.perf_counter()
                xendit_webhook(url, reference, amount)
                answers.append((time.perf_counter() - begun) * 1000)

            twins = [threading.Thread(target=deliver) for _twin in range(2)]
            for twin in twins:
                twin.start()
            for twin in twins:
                twin.join()
            if len(answers) != 2:
                raise RuntimeError(f"webhook {reference}: {2 - len(answers)} of 2 failed")
            for ms in answers:
                record("twice", ms)
        else:
            xendit_webhook(url, reference, amount)
            record("webhook", (time.perf_counter() - sent) * 1000)
        # right after the answer: the booking reads paid (polled, should the
        # post-processing ever leave the request), its invoice paid, one payment
        reads = 0
        while True:
            reads += 1
            (booking,) = call_kw(
                manager_session, url, "biroumum.booking", "read", [[booking_id], ["payment_status"]]
            )
            if booking["payment_status"] == "paid":
                break
            if time.perf_counter() - sent > 10:
                raise RuntimeError(f"booking {booking_id} not paid 10 s after the webhook")
            time.sleep(0.05)
        record("lunas", (time.perf_counter() - sent) * 1000)
        (invoice,) = call_kw(
            manager_session, url, "account.move", "read", [[invoice_id], ["payment_state"]]
        )
        paid_count = call_kw(
            manager_session,
            url,
            "account.payment",
            "search_count",
            [[("payment_transaction_id.reference", "=", reference)]],
        )
        if invoice["payment_state"] not in ("paid", "in_payment") or paid_count != 1:
            raise RuntimeError(
                f"invoice {invoice_id}: {invoice['payment_state']}, {paid_count} payments"
            )
        if kind == "replay":
            begun = time.perf_counter()
            xendit_webhook(url, reference, amount)
            record("replay", (time.perf_counter() - begun) * 1000)
        if measured:
            with lock:
                paid_by_read.append(reads == 1)

    _client, _throughput, errors = concurrent(warm_up, warm, 1)
    if errors:
        raise RuntimeError(f"payments: the warm-up failed: {errors[0]}")
    offset = server.log_offset()
    _client, throughput, errors = concurrent(pay, clients, per_client)
    time.sleep(0.5)
    approve_times, approve_counts = server.server_times(offset, "action_approve")
    offset_alone = server.log_offset()
    for booking_id in alone_ids:
        cycle(0, None, booking_id, alone_samples)
    time.sleep(0.5)
    alone_times = [ms for _reference, ms, _count in webhook_times(server, offset_alone)]
    # a webhook alone or the first of a replay (sent after the first's answer) is the
    # payment; of two sent at once, either may be (both are reported together)
    server_samples = {"webhook": [], "replay": [], "twice": []}
    hook_counts, seen = [], set()
    for reference, ms, count in webhook_times(server, offset):
        kind = kinds.get(reference)
        if kind == "twice":
            server_samples["twice"].append(ms)
        elif reference in seen:
            server_samples["replay"].append(ms)
        elif kind:
            seen.add(reference)
            server_samples["webhook"].append(ms)
            hook_counts.append(count)
    with server.log.open() as handle:
        handle.seek(offset)
        text = handle.read()
    retries = text.count("tries left, try again")
    # what the serialization failures were on (Odoo logs the refused UPDATE, then retries)
    conflicts = {}
    for table in re.findall(r'bad query: b.(?:\\n|\s)*UPDATE "?(\w+)"?', text):
        conflicts[table] = conflicts.get(table, 0) + 1
    failed_jobs = text.count("ERROR " + server.db + " odoo.addons.base.models.ir_cron: Job")
    # the database's word, whatever the clients saw: one payment per invoice
    ids = [booking_id for chunk in chunks for booking_id in chunk]
    env.cr.execute(
        """
        SELECT move.id, move.payment_state,
               (SELECT count(*) FROM account_move__account_payment rel
                  JOIN account_payment payment ON payment.id = rel.payment_id
                 WHERE rel.invoice_id = move.id AND payment.state != 'canceled'),
               (SELECT count(*) FROM account_invoice_transaction_rel rel
                  JOIN account_payment payment
                    ON payment.payment_transaction_id = rel.transaction_id
                 WHERE rel.invoice_id = move.id)
          FROM biroumum_booking booking
          JOIN account_move move ON move.id = booking.invoice_id
         WHERE booking.id = ANY(%s)
        """,
        [ids],
    )
    rows = env.cr.fetchall()
    env.cr.commit()
    paid = sum(1 for _id, state, _m, _t in rows if state in ("paid", "in_payment"))
    double = sum(1 for _id, _state, matched, by_tx in rows if max(matched, by_tx) > 1)
    bench.payments = {
        "bookings": len(ids),
        "clients": clients,
        "invoices": len(rows),
        "paid": paid,
        "double": double,
        "replayed": len(replayed),
        "concurrent": len(doubled),
        "errors": len(errors),
        "retries": retries,
    }
    bench.note(
        f"payments: {len(ids)} bookings, {len(rows)} invoices, {paid} paid, {double} paid twice; "
        f"{len(replayed)} webhooks replayed and {len(doubled)} sent twice at once; "
        f"{retries} requests retried by Odoo after a serialization failure (refused UPDATEs: "
        f"{', '.join(f'{t} {n}' for t, n in sorted(conflicts.items())) or 'none'}; "
        f"{failed_jobs} runs of a job failed and left for its next run); "
        f"{len(errors)} client errors" + (f", first: {errors[0]}" if errors else "")
    )
    if errors or not samples["webhook"]:
        raise RuntimeError(f"payments: {len(errors)} of {len(ids)} failed: {errors[:1]}")
    section = f"7. payments, {clients} clients"
    bench.row(
        section,
        "approve a booking (its invoice posted, to pay within 48 h)",
        summarize(approve_times),
        target=400,
        extra=f"{min(approve_counts)}-{max(approve_counts)} queries",
        client=summarize(samples["approve"]),
    )
    bench.row(
        section,
        "pay: Xendit's signed webhook, once (payment posted and reconciled in it)",
        summarize(server_samples["webhook"]),
        extra=f"{min(hook_counts)}-{max(hook_counts)} queries; "
        f"{throughput:.1f} approve-then-pay cycles/s",
        client=summarize(samples["webhook"]),
    )
    bench.row(
        section,
        "webhook sent -> the booking reads paid (client time, webhook + one read)",
        summarize(samples["lunas"]),
        target=1000,
        extra=f"paid at the first read after the answer: {sum(paid_by_read)}/{len(paid_by_read)}",
    )
    bench.row(
        section,
        "the same webhook again after the answer (a replay: registers nothing)",
        summarize(server_samples["replay"]),
        client=summarize(samples["replay"]),
    )
    bench.row(
        section,
        "the same webhook twice at once (both deliveries: one payment)",
        summarize(server_samples["twice"]),
        client=summarize(samples["twice"]),
    )
    bench.row(
        "7. payments, 1 client",
        "pay: Xendit's signed webhook, one client alone (warm workers)",
        summarize(alone_times),
        client=summarize(alone_samples["webhook"]),
    )
    bench.row(
        "7. payments, 1 client",
        "webhook sent -> the booking reads paid, one client alone (client time)",
        summarize(alone_samples["lunas"]),
        target=1000,
    )


def card_pdf(bench, env, server, manager_session):
    from server import RssSampler

    env.cr.execute("SELECT id FROM library_member WHERE state = 'active' ORDER BY id LIMIT 500")
    ids = [row[0] for row in env.cr.fetchall()]
    env.cr.commit()
    url = f"{server.url}/report/pdf/library_membership.report_member_card/{','.join(map(str, ids))}"
    samples = []
    peak_worker = peak_wkhtml = 0
    pages_count = 0
    for _rep in range(1 if bench.full else 1):
        with RssSampler(server.process.pid) as sampler:
            started = time.perf_counter()
            response = manager_session.get(url, timeout=600)
            samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200 or not response.content.startswith(b"%PDF"):
            raise RuntimeError(f"card PDF: HTTP {response.status_code} {response.text[:200]}")
        pages_count = response.content.count(b"/Type /Page") - response.content.count(
            b"/Type /Pages"
        )
        peak_worker = max(peak_worker, sampler.peak_worker)
        peak_wkhtml = max(peak_wkhtml, sampler.peak_wkhtml)
    entry = bench.row(
        "4. library",
        f"batch card PDF of {len(ids)} members (client time)",
        summarize(samples),
        target=30_000,
        extra=(
            f"{pages_count} pages; worker peak RSS {peak_worker / 2**20:.0f} MiB "
            f"(target 1024), wkhtmltopdf peak {peak_wkhtml / 2**20:.0f} MiB"
        ),
    )
    if peak_worker > 2**30:
        entry["status"] = "MISS"


def event_pdf(bench, server, manager_session, booking, label="12 photos of 1600x1200"):
    url = f"{server.url}/report/pdf/epesanruangan.report_event/{booking.id}"
    samples = []
    for _rep in range(3):
        started = time.perf_counter()
        response = manager_session.get(url, timeout=300)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200 or not response.content.startswith(b"%PDF"):
            raise RuntimeError(f"event PDF: HTTP {response.status_code}")
    bench.row(
        "5. balaikota",
        f"event report PDF with {label} (client time)",
        summarize(samples),
        target=5000,
        extra=f"{len(response.content) / 2**20:.1f} MiB PDF",
    )


def race(bench, env, servers, credentials, facility, terms_id):
    """50 clients, half on each of two Odoo servers, submit the same period at once."""
    from server import csrf_token, parallel_logins

    sessions = []
    for n, server in enumerate(servers):
        sessions += [(server, s) for s in parallel_logins(server.url, credentials[n::2])]
    tokens = [csrf_token(s, f"{srv.url}/layanan/fasilitas/{facility.id}") for srv, s in sessions]
    start = (datetime.datetime.now() + datetime.timedelta(days=7)).replace(
        hour=3, minute=0, second=0, microsecond=0
    )
    stop = start + datetime.timedelta(hours=2)
    barrier = threading.Barrier(len(sessions))
    won, errors = [], []

    def client(index):
        server, session = sessions[index]
        barrier.wait()
        try:
            if submit_form(session, server.url, facility.id, terms_id, tokens[index], start, stop):
                won.append(index)
        except Exception as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    env.cr.execute(
        "SELECT count(*) FROM biroumum_booking WHERE facility_id = %s AND start = %s "
        "AND state IN ('submitted', 'approved')",
        [facility.id, start],
    )
    held = env.cr.fetchone()[0]
    env.cr.execute(
        "SELECT count(*) FROM biroumum_booking WHERE facility_id = %s AND start = %s",
        [facility.id, start],
    )
    rows = env.cr.fetchone()[0]
    env.cr.commit()
    bench.race = {
        "clients": len(sessions),
        "servers": len(servers),
        "accepted": len(won),
        "held": held,
        "rows": rows,
        "errors": len(errors),
    }
    bench.note(
        f"race: {len(sessions)} clients on {len(servers)} servers -> {len(won)} accepted, "
        f"{held} booking(s) hold the slot, {rows} row(s) in all, {len(errors)} client errors"
    )


# ---------------------------------------------------------------------- the command
def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(generate.SCALES), default="small")
    parser.add_argument("--db", help="database name (default bench_<scale>)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--output",
        help="the report (default: BENCHMARKS.md for full, $BENCH_DIR/BENCHMARKS-<scale>.md else)",
    )
    parser.add_argument(
        "--only",
        help=f"comma-separated parts to measure ({','.join(PARTS)}); the data is built in "
        "full anyway, and the report goes to $BENCH_DIR unless --output says otherwise",
    )
    args = parser.parse_args()
    bench = Bench(args.scale)
    if args.only:
        bench.only = set(args.only.split(","))
        unknown = bench.only - set(PARTS)
        if unknown:
            parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; choose from {PARTS}")
    db = args.db or f"bench_{args.scale}"
    data_dir = common.LOG_DIR_BENCH / f"{db}-data"
    output = pathlib.Path(
        args.output
        or (
            common.REPO / "BENCHMARKS.md"
            if bench.full and not args.only
            else common.LOG_DIR_BENCH / f"BENCHMARKS-{args.scale}.md"
        )
    )
    started = time.perf_counter()
    bench.machine = common.machine()  # before any load: the core speed is measured too
    print(f"# machine: {bench.machine}", flush=True)
    common.LOG_DIR_BENCH.mkdir(parents=True, exist_ok=True)
    print(f"# database {db}: installing the three addons (no demo)", flush=True)
    common.create_database(db, data_dir)
    bench.note(f"database with the three addons installed in {time.perf_counter() - started:.0f} s")
    servers = []
    try:
        run(bench, db, data_dir, servers)
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            common.drop_database(db)
    bench.note(f"whole run {time.perf_counter() - started:.0f} s")
    report.write(bench, output, f"python3 bench/run.py --scale {args.scale}")
    report.dump(bench, common.LOG_DIR_BENCH / f"{output.stem}-{args.scale}.json")
    print(report.table(bench), flush=True)
    print(f"# report written to {output}")
    if bench.crashes:
        print(f"FAILED: {len(bench.crashes)} measurement(s) crashed", file=sys.stderr)
        return 1
    race_failed = (
        bench.race["held"] != 1 or bench.race["accepted"] > 1 if bench.race else bench.wants("race")
    )
    if race_failed:
        print(f"FAILED: the race ended with {bench.race}", file=sys.stderr)
        return 1
    payments_failed = (
        bench.payments["double"] or bench.payments["paid"] != bench.payments["invoices"]
        if bench.payments
        else bench.wants("payments")
    )
    if payments_failed:
        print(f"FAILED: the payments ended with {bench.payments}", file=sys.stderr)
        return 1
    return 0


def run(bench, db, data_dir, servers):
    from server import BenchServer, parallel_logins

    scale = bench.scale
    with common.orm(db, data_dir) as env:
        t0 = time.perf_counter()
        quiet, partners, portal, manager = generate.base_records(env, scale)
        facilities, writable = generate.biroumum_facilities(quiet, scale, manager)
        rooms, bump_room, units, operator, equipment = generate.balaikota(env, scale, manager)
        env.cr.commit()
        bench.note(f"users, partners, facilities, rooms (ORM) in {time.perf_counter() - t0:.0f} s")
        t0 = time.perf_counter()
        count = generate.insert_bookings(env, facilities, partners, portal, scale, phase=1)
        generate.insert_room_bookings(env, scale, rooms, units, operator, equipment, phase=1)
        env.cr.commit()
        bench.note(f"10%: {count:,} Biro Umum bookings (SQL) in {time.perf_counter() - t0:.0f} s")
        small = large = {}
        with bench.guard("availability @ 10%"):
            if bench.wants("availability"):
                small = availability(bench, env, facilities, f"{count:,} bookings", explain=True)
        env.cr.rollback()
        t0 = time.perf_counter()
        count_full = generate.insert_bookings(env, facilities, partners, portal, scale, phase=2)
        generate.insert_room_bookings(env, scale, rooms, units, operator, equipment, phase=2)
        env.cr.execute("SELECT count(*) FROM epesanruangan_booking")
        rooms_count = env.cr.fetchone()[0]
        env.cr.commit()
        bench.note(
            f"100%: {count_full:,} Biro Umum bookings and {rooms_count:,} room bookings (SQL) "
            f"in {time.perf_counter() - t0:.0f} s"
        )
        with bench.guard("availability @ 100%"):
            if bench.wants("availability"):
                large = availability(
                    bench, env, facilities, f"{count_full:,} bookings", explain=True
                )
            for label in large:
                # judged on the median: the p95 of sub-millisecond queries is mostly noise
                ratio = large[label]["median"] / max(small[label]["median"], 0.001)
                bench.ratios.append(
                    {
                        "name": label,
                        "small": small[label],
                        "large": large[label],
                        "ratio": ratio,
                        "status": "ok" if ratio <= 1.5 else "MISS",
                    }
                )
        env.cr.rollback()
        t0 = time.perf_counter()
        generate.library(env, scale)
        env.cr.commit()
        bench.note(
            f"{scale['members']:,} library members and {scale['complaints']:,} complaints (SQL) "
            f"in {time.perf_counter() - t0:.0f} s"
        )
        with bench.guard("NIK check"):
            if bench.wants("nik"):
                nik_check(bench, env)
        env.cr.rollback()
        with bench.guard("leadership bump"):
            if bench.wants("bump"):
                leadership_bump(bench, env, bump_room, manager, operator, units)
        env.cr.rollback()
        # 12 photos of 1600x1200 (the addon stores them at most 1024 px)
        booking = event_booking(env, rooms, operator)
        terms_id = env["biroumum.terms"]._get_current("meeting_room").id
        # with a cron thread, as in production: the jobs that follow a request (the booking
        # notices after a decision) run while the next requests are measured, on the same cores
        server = BenchServer(db, data_dir, "a", cron_threads=1)
        env["ir.config_parameter"].set_param("report.url", server.url)
        env["ir.config_parameter"].set_param("web.base.url", server.url)
        env["ir.config_parameter"].set_param("web.base.url.freeze", "True")
        env.cr.commit()

        servers.append(server.start())
        clients = [(f"bench.client{n:02d}@bench.test", "bench-client-pw") for n in range(50)]
        sessions = parallel_logins(server.url, clients[:20])
        member_sessions = parallel_logins(
            server.url, [("bench.member@bench.test", "bench-member-pw")] * 20
        )
        manager_sessions = parallel_logins(
            server.url, [("bench.pengelola", "bench-pengelola-pw")] * 20
        )
        env.cr.execute(
            "EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM biroumum_booking "
            "ORDER BY start DESC, id DESC LIMIT 80"
        )
        bench.explains.append(
            (
                "backend list: 80 newest bookings (index start DESC, id DESC)",
                "\n".join(r[0] for r in env.cr.fetchall()),
            )
        )
        env.cr.commit()
        if bench.wants("pages"):
            pages(bench, server, sessions, member_sessions, manager_sessions, facilities[1])
        with bench.guard("writes"):
            if bench.wants("writes"):
                writes(bench, env, server, sessions, manager_sessions, writable, terms_id)
        with bench.guard("series"):
            if bench.wants("series"):
                series(bench, env, server, sessions[0], manager, terms_id)
        with bench.guard("payments"):
            if bench.wants("payments"):
                payments(bench, env, server, sessions, manager_sessions, manager, terms_id)
        with bench.guard("card PDF"):
            if bench.wants("cards"):
                card_pdf(bench, env, server, manager_sessions[0])
        with bench.guard("event PDF"):
            if bench.wants("event"):
                event_pdf(bench, server, manager_sessions[0], booking)

        with bench.guard("feeds"):
            if bench.wants("feeds"):
                feeds(bench, env, server, manager)

        with bench.guard("race"):
            if bench.wants("race"):
                servers.append(BenchServer(db, data_dir, "b").start())
                race(bench, env, servers, clients, writable[20], terms_id)
        for srv in servers:
            problems = srv.log_problems()
            if problems:
                bench.note(
                    f"server {srv.log.name}: {len(problems)} ERROR lines, first: {problems[0]}"
                )


if __name__ == "__main__":
    sys.exit(main())
