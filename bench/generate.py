"""Province-sized data, made fast: the small tables through the ORM (so they pass every
rule), the big ones with set-based SQL `INSERT ... SELECT generate_series` that respects
every database constraint (the exclusion constraints check each row) and the addons'
invariants (non-overlapping active bookings, valid and unique NIKs)."""

from datetime import datetime, timedelta

SCALES = {
    # facilities, bookings, partners, rooms, room bookings, equipment, members, complaints
    "full": {
        "facilities": 500,
        "bookings": 300_000,
        "partners": 5_000,
        "rooms": 60,
        "room_bookings": 100_000,
        "equipment": 50,
        "units": 40,
        "members": 200_000,
        "complaints": 5_000,
    },
    "small": {
        "facilities": 50,
        "bookings": 3_000,
        "partners": 200,
        "rooms": 12,
        "room_bookings": 1_000,
        "equipment": 10,
        "units": 8,
        "members": 2_000,
        "complaints": 50,
    },
}
CATEGORIES = ("vehicle", "building", "meeting_room", "venue")
# three years of history, from EPOCH to about a month ahead of "now" (2026-11-23)
EPOCH = datetime(2024, 1, 1)
SPAN_HOURS = 3 * 365 * 24
# the bench's own facilities, with no history: the write tests and the race book them
WRITE_FACILITIES = 21
MEMBER_BOOKINGS = 100


def quiet_env(env):
    return env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            no_reset_password=True,
        )
    )


def base_records(env, scale, portal_users=50):
    """Partners and users through the ORM."""
    quiet = quiet_env(env)
    partners = quiet["res.partner"].create(
        [
            {"name": f"Member {n:05d}", "email": f"member{n}@bench.test"}
            for n in range(scale["partners"])
        ]
    )
    portal_group = env.ref("base.group_portal").id
    portal = quiet["res.users"].create(
        {
            "name": "Bench Member",
            "login": "bench.member@bench.test",
            "password": "bench-member-pw",
            "group_ids": [(6, 0, [portal_group])],
        }
    )
    # the concurrent clients and the 50-way race: one portal user each
    quiet["res.users"].create(
        [
            {
                "name": f"Bench Client {n:02d}",
                "login": f"bench.client{n:02d}@bench.test",
                "password": "bench-client-pw",
                "group_ids": [(6, 0, [portal_group])],
            }
            for n in range(portal_users)
        ]
    )
    manager = quiet["res.users"].create(
        {
            "name": "Bench Pengelola",
            "login": "bench.pengelola",
            "password": "bench-pengelola-pw",
            "group_ids": [
                (
                    6,
                    0,
                    [
                        env.ref("base.group_user").id,
                        env.ref("biroumum_booking.group_admin").id,
                        env.ref("epesanruangan.group_officer").id,
                        env.ref("epesanruangan.group_head").id,
                        env.ref("epesanruangan.group_pss").id,
                        env.ref("library_membership.group_officer").id,
                        env.ref("account.group_account_invoice").id,
                    ],
                )
            ],
        }
    )
    if "odoobot_state" in manager._fields:
        # the bench logs 20 sessions of this user in at once: OdooBot's onboarding step
        # would make them collide on res_users (serialization failures in the log)
        manager.odoobot_state = "disabled"
    return quiet, partners, portal, manager


# ---------------------------------------------------------------------- Biro Umum
def biroumum_facilities(env, scale, manager):
    """The catalogue (ORM) plus WRITE_FACILITIES empty ones for the write tests."""
    vals = [
        {
            "name": f"Fasilitas {n:03d}",
            "category": CATEGORIES[n % 4],
            "capacity": 10 + (n % 20) * 10,
            "location": "Semarang",
            "manager_user_id": manager.id,
            "tariff_unit": "day" if n % 4 in (1, 3) else "hour",
            "price": 0 if n % 10 == 0 else 100_000 + (n % 7) * 50_000,
            "fleet_vehicle_id": _vehicle(env, n).id if n % 4 == 0 else False,
            # time kept free around bookings: 30 minutes after every other one, 15
            # minutes before every third
            "buffer_after": 30 if n % 2 == 0 else 0,
            "buffer_before": 15 if n % 3 == 0 else 0,
        }
        for n in range(scale["facilities"])
    ]
    facilities = env["biroumum.facility"].create(vals)
    # linked facilities: each meeting room is part of the building before it
    for n in range(2, len(facilities), 4):
        facilities[n].parent_id = facilities[n - 1]
    writable = env["biroumum.facility"].create(
        [
            {
                "name": f"Bench Tulis {n:02d}",
                "category": "meeting_room",
                "capacity": 50,
                "location": "Semarang",
                "manager_user_id": manager.id,
                "tariff_unit": "hour",
                "price": 150_000,
            }
            for n in range(WRITE_FACILITIES)
        ]
    )
    return facilities, writable


def insert_bookings(env, facilities, partners, portal, scale, phase):
    """Bookings of every facility, in two phases: phase 1 = the newest 10% of the slots
    (the last months of history and all the future, i.e. every submitted or approved
    booking), phase 2 = the older 90% of the history. Only the history grows between
    the two measurements, which is what shows whether a query uses an index. Slot i of a
    facility starts at EPOCH + i * step hours (half a step later for a room that is part
    of a building) and lasts 2 to 8 hours, so no two bookings of a facility (nor of a
    building and its room), with their buffers, overlap; the past ones are done (or
    cancelled / rejected), the future ones submitted or approved. MEMBER_BOOKINGS of them
    belong to the portal member."""
    per_facility = scale["bookings"] // len(facilities)
    step = SPAN_HOURS // per_facility
    member_every = max(scale["bookings"] // MEMBER_BOOKINGS, 1)
    env.cr.execute(
        """
        INSERT INTO biroumum_booking (
            name, state, company_id, facility_id, category, partner_id, start, stop,
            hold_start, hold_stop, hold_resource_id, hold_part_id,
            purpose, attendees, quantity, unit_price, amount, with_driver, override_holiday,
            reminder_sent, create_uid, write_uid, create_date, write_date)
        SELECT name, state, company_id, facility_id, category, partner_id, start, stop,
               start - make_interval(mins => buffer_before),
               stop + make_interval(mins => buffer_after),
               COALESCE(parent_id, facility_id),
               CASE WHEN parent_id IS NULL THEN 0 ELSE facility_id END,
               purpose, attendees, quantity, unit_price, amount, with_driver,
               override_holiday, reminder_sent, create_uid, write_uid, create_date, write_date
          FROM (
        SELECT 'BU/BENCH/' || f.id || '/' || s.i AS name,
               CASE WHEN s.i %% 17 = 0 THEN 'cancelled' WHEN s.i %% 13 = 0 THEN 'rejected'
                    WHEN %(epoch)s + make_interval(hours => s.i * %(step)s)
                         > (now() at time zone 'UTC')
                         THEN CASE WHEN s.i %% 3 = 0 THEN 'submitted' ELSE 'approved' END
                    ELSE 'done' END AS state,
               %(company)s AS company_id, f.id AS facility_id, f.category,
               CASE WHEN (f.id * %(per)s + s.i) %% %(member_every)s = 0 THEN %(portal_partner)s
                    ELSE (%(partners)s)[1 + (f.id * 31 + s.i) %% %(npartners)s] END
                   AS partner_id,
               %(epoch)s + make_interval(hours => s.i * %(step)s + p.shift) AS start,
               %(epoch)s + make_interval(hours => s.i * %(step)s + p.shift + 2 + (s.i %% 7))
                   AS stop,
               f.parent_id, f.buffer_before, f.buffer_after,
               'Acara ' || s.i AS purpose, 10 AS attendees,
               CASE WHEN f.tariff_unit = 'day' THEN 1 ELSE 2 + (s.i %% 7) END AS quantity,
               COALESCE(f.price, 0) AS unit_price,
               CASE WHEN f.tariff_unit = 'day' THEN 1 ELSE 2 + (s.i %% 7) END
                   * COALESCE(f.price, 0) AS amount,
               false AS with_driver, false AS override_holiday, false AS reminder_sent,
               1 AS create_uid, 1 AS write_uid, now() at time zone 'UTC' AS create_date,
               now() at time zone 'UTC' AS write_date
          FROM biroumum_facility f
         CROSS JOIN LATERAL (
               SELECT CASE WHEN f.parent_id IS NULL THEN 0 ELSE %(step)s / 2 END AS shift) p
         CROSS JOIN generate_series(0, %(per)s - 1) AS s(i)
         WHERE f.id = ANY(%(facilities)s) AND (s.i >= %(per)s - %(per)s / 10) = %(first)s
        ) AS slot
        """,
        {
            "epoch": EPOCH,
            "step": step,
            "per": per_facility,
            "member_every": member_every,
            "company": env.company.id,
            "portal_partner": portal.partner_id.id,
            "partners": partners.ids,
            "npartners": len(partners),
            "first": phase == 1,
            "facilities": facilities.ids,
        },
    )
    env.cr.execute("ANALYZE biroumum_booking")
    env.cr.execute("SELECT count(*) FROM biroumum_booking")
    return env.cr.fetchone()[0]


def _vehicle(env, n):
    brand = env["fleet.vehicle.model.brand"].search([("name", "=", "Toyota")], limit=1)
    if not brand:
        brand = env["fleet.vehicle.model.brand"].create({"name": "Toyota"})
    model = env["fleet.vehicle.model"].search([("name", "=", "Innova")], limit=1)
    if not model:
        model = env["fleet.vehicle.model"].create({"name": "Innova", "brand_id": brand.id})
    return env["fleet.vehicle"].create({"model_id": model.id, "license_plate": f"H {1000 + n} BN"})


# ---------------------------------------------------------------------- Balaikota
def balaikota(env, scale, manager):
    """Units, operators, rooms and equipment (ORM); room bookings and equipment lines (SQL)."""
    quiet = quiet_env(env)
    units = quiet["epesanruangan.unit"].create(
        [{"name": f"SKPD Bench {n:02d}", "code": f"BN{n:02d}"} for n in range(scale["units"])]
    )
    operator = quiet["res.users"].create(
        {
            "name": "Bench Operator",
            "login": "bench.operator",
            "password": "bench-operator-pw",
            "epesanruangan_unit_id": units[0].id,
            "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
        }
    )
    rooms = quiet["epesanruangan.room"].create(
        [
            {
                "name": f"Ruang {n:02d}",
                "capacity": 10 + (n % 10) * 20,
                "location": "Balaikota",
                # the bump room (the last) has none: its 20 bookings sit back to back
                "buffer_after": 30 if n % 2 == 0 and n < scale["rooms"] else 0,
            }
            for n in range(scale["rooms"] + 1)
        ]
    )
    bump_room = rooms[-1]  # no history: the leadership bump uses it
    rooms = rooms[:-1]
    equipment = quiet["epesanruangan.equipment"].create(
        [{"name": f"Perlengkapan {n:02d}", "stock": 100} for n in range(scale["equipment"])]
    )
    return rooms, bump_room, units, operator, equipment


def insert_room_bookings(env, scale, rooms, units, operator, equipment, phase):
    """Room bookings in two phases like insert_bookings (newest 10%, then the older 90%); in the
    second phase every 5th booking borrows one equipment item (at most one booking per
    room at a time and 100 of each item: the stock is never exceeded)."""
    first = phase == 1
    per_room = scale["room_bookings"] // len(rooms)
    step = SPAN_HOURS // per_room
    env.cr.execute(
        """
        INSERT INTO epesanruangan_booking (
            name, event_name, participants, state, unit_id, operator_id, room_id, start, stop,
            hold_start, hold_stop, hold_resource_id, hold_part_id,
            is_priority, report_sent, month, create_uid, write_uid, create_date, write_date)
        SELECT 'BK/BENCH/' || r.id || '/' || s.i, 'Rapat ' || s.i, least(r.capacity, 10),
               CASE WHEN s.i %% 11 = 0 THEN 'cancelled'
                    WHEN %(epoch)s + make_interval(hours => s.i * %(step)s)
                         > (now() at time zone 'UTC') THEN 'scheduled'
                    ELSE 'done' END,
               (%(units)s)[1 + (r.id + s.i) %% %(nunits)s], %(operator)s, r.id,
               %(epoch)s + make_interval(hours => s.i * %(step)s),
               %(epoch)s + make_interval(hours => s.i * %(step)s + 1 + (s.i %% 4)),
               %(epoch)s + make_interval(hours => s.i * %(step)s),
               %(epoch)s + make_interval(hours => s.i * %(step)s + 1 + (s.i %% 4),
                                         mins => r.buffer_after),
               r.id, 0,
               false, false,
               to_char((%(epoch)s + make_interval(hours => s.i * %(step)s + 7)), 'YYYY-MM'),
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM epesanruangan_room r
         CROSS JOIN generate_series(0, %(per)s - 1) AS s(i)
         WHERE r.id = ANY(%(rooms)s) AND (s.i >= %(per)s - %(per)s / 10) = %(first)s
        """,
        {
            "epoch": EPOCH,
            "step": step,
            "per": per_room,
            "units": units.ids,
            "nunits": len(units),
            "operator": operator.id,
            "rooms": rooms.ids,
            "first": first,
        },
    )
    if first:
        env.cr.execute("ANALYZE epesanruangan_booking")
        return
    # every 5th booking borrowed one item: at most one per room at a time, stock 100
    env.cr.execute(
        """
        INSERT INTO epesanruangan_booking_line (
            booking_id, equipment_id, qty_requested, qty_approved, state, unit_id, start,
            create_uid, write_uid, create_date, write_date)
        SELECT b.id, (%(equipment)s)[1 + b.id %% %(nequipment)s], 1, 1, 'approved',
               b.unit_id, b.start, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM epesanruangan_booking b
         WHERE b.id %% 5 = 0 AND b.name LIKE 'BK/BENCH/%%'
        """,
        {"equipment": equipment.ids, "nequipment": len(equipment)},
    )
    env.cr.execute("ANALYZE epesanruangan_booking")
    env.cr.execute("ANALYZE epesanruangan_booking_line")


# ---------------------------------------------------------------------- library
def library(env, scale):
    """Members with valid, unique NIKs (province 33, the birth date with day + 40 for
    women, serial 0001-9999) that agree with the stored birth date and gender, active
    with a member number; and complaints."""
    category = env.ref("library_membership.category_public")
    n = scale["members"]
    env.cr.execute(
        """
        WITH m AS (
            SELECT i, date '1950-01-01' + (i %% 18000) AS birthdate, i %% 2 = 1 AS female,
                   i / 18000 AS block
              FROM generate_series(0, %(n)s - 1) AS g(i))
        INSERT INTO library_member (
            name, reference, state, channel, id_type, nik, birthdate, gender, place_of_birth,
            street, phone, phone_normalized, email, email_normalized, category_id,
            member_number, card_date, expiry_date, sop_step, service_start, service_end,
            service_duration, service_exceeded, revision_count,
            create_uid, write_uid, create_date, write_date)
        SELECT 'Anggota ' || m.i, 'DAF/BENCH/' || lpad(m.i::text, 6, '0'), 'active', 'counter',
               'ktp',
               '33' || lpad((1 + m.block %% 35)::text, 2, '0')
                    || lpad((1 + m.block / 35)::text, 2, '0')
                    || lpad((extract(day FROM m.birthdate)::int
                             + CASE WHEN m.female THEN 40 ELSE 0 END)::text, 2, '0')
                    || to_char(m.birthdate, 'MMYY')
                    || lpad((1 + m.i %% 9999)::text, 4, '0'),
               m.birthdate, CASE WHEN m.female THEN 'female' ELSE 'male' END, 'Semarang',
               'Jl. Pemuda ' || m.i, '0812' || lpad(m.i::text, 8, '0'),
               '0812' || lpad(m.i::text, 8, '0'), 'anggota' || m.i || '@bench.test',
               'anggota' || m.i || '@bench.test', %(category)s,
               '3326' || lpad((m.i + 1)::text, 6, '0'), date '2026-01-02',
               date '2027-01-02', 'print', now() at time zone 'UTC',
               now() at time zone 'UTC', 0, false, 0,
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM m
        """,
        {"n": n, "category": category.id},
    )
    # the member-number sequence (no gap) starts after the numbers given above
    sequence = env.ref("library_membership.seq_library_member_number")
    sequence.write({"number_next": n + 1})
    env.cr.execute(
        """
        INSERT INTO library_complaint (
            name, reference, channel, state, complainant_name, complainant_contact,
            description, member_id, date_received, date_resolved, response_hours,
            create_uid, write_uid, create_date, write_date)
        SELECT 'Pengaduan ' || i, 'ADU/BENCH/' || lpad(i::text, 5, '0'),
               (ARRAY['telephone', 'sms', 'email', 'web'])[1 + i %% 4],
               CASE WHEN i %% 5 = 0 THEN 'new' ELSE 'resolved' END,
               'Pelapor ' || i, '0813' || lpad(i::text, 8, '0'), 'Layanan lambat',
               (SELECT min(id) FROM library_member) + i * 7,
               timestamp '2025-01-01' + make_interval(hours => i),
               CASE WHEN i %% 5 = 0 THEN NULL
                    ELSE timestamp '2025-01-01' + make_interval(hours => i + 5) END,
               CASE WHEN i %% 5 = 0 THEN 0 ELSE 5 END,
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM generate_series(0, %(n)s - 1) AS g(i)
        """,
        {"n": scale["complaints"]},
    )
    env.cr.execute("ANALYZE library_member")
    env.cr.execute("ANALYZE library_complaint")


def period(days_ahead, hours, hour=9):
    """A period `days_ahead` days from today, starting at `hour` WIB (naive UTC)."""
    start = (datetime.now() + timedelta(days=days_ahead)).replace(
        hour=hour - 7, minute=0, second=0, microsecond=0
    )
    return start, start + timedelta(hours=hours)
