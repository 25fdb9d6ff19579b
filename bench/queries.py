"""The availability queries the benchmark measures.

The addons own them now (biroumum.facility._free_facilities, biroumum.booking.
_busy_periods / _availability_month, epesanruangan.room._free_rooms). The constants below are
the SQL of each: the "BEFORE" forms (plain start/stop columns, as the addons first asked)
are kept so that every run records both EXPLAINs, and the others are what the addons run
now, written as the exclusion constraints are, so that their GiST indexes answer.
"""

from datetime import timedelta

ACTIVE_STATES = ("submitted", "approved")

# free facilities of one category for a period, the way the addon filters bookings today
# (plain columns: only the btree index on facility_id can serve it)
FREE_FACILITIES_BEFORE = """
SELECT f.id FROM biroumum_facility f
 WHERE f.category = %(category)s AND f.active
   AND NOT EXISTS (
       SELECT 1 FROM biroumum_booking b
        WHERE b.facility_id = f.id AND b.state IN ('submitted', 'approved')
          AND b.start < %(stop)s AND b.stop > %(start)s)
 ORDER BY f.name
"""

# the same question in the terms of the exclusion constraint: what the bookings hold in
# the period (widened by the widest buffer) comes from one scan of its GiST index
# (tsrange(hold_start, hold_stop)) WHERE state IN (...), which reads only the bookings
# overlapping the period, however long the history; the addon then applies each
# facility's own buffers and links to those few rows in Python (_busy_resource_ids)
FREE_FACILITIES_AFTER = """
SELECT b.hold_resource_id, b.hold_part_id, b.hold_start, b.hold_stop FROM biroumum_booking b
 WHERE tsrange(b.hold_start, b.hold_stop, '[)')
       && tsrange(%(start)s - interval '1 hour', %(stop)s + interval '1 hour', '[)')
   AND b.state IN ('submitted', 'approved') AND NOT (b.id = ANY(ARRAY[0]))
"""

# biroumum.booking._busy_periods as written in the addon today
BUSY_PERIODS_BEFORE = """
SELECT start, stop FROM biroumum_booking WHERE facility_id = %(facility)s
   AND state IN ('submitted', 'approved') AND start < %(stop)s AND stop > %(start)s
 ORDER BY start
"""

# what _busy_periods asks now (layanan.booking.mixin._hold_sql): the whole's and the
# part's holds, with the buffers, as the exclusion constraint compares them
BUSY_PERIODS_AFTER = """
SELECT hold_start, hold_stop FROM biroumum_booking
 WHERE int4range(hold_resource_id, hold_resource_id, '[]')
       = int4range(%(facility)s, %(facility)s, '[]')
   AND int4range(NULLIF(hold_part_id, 0), NULLIF(hold_part_id, 0), '[]')
       && int4range(NULL::int, NULL::int, '[]')
   AND tsrange(hold_start, hold_stop, '[)') && tsrange(%(start)s, %(stop)s, '[)')
   AND state IN ('submitted', 'approved') AND NOT (id = ANY(ARRAY[0]))
 ORDER BY hold_start
"""

# epesanruangan.room._busy_room_ids as written in the addon today
BUSY_ROOMS = """
SELECT DISTINCT room_id FROM epesanruangan_booking
 WHERE state IN ('validated', 'scheduled')
   AND start < %(stop)s AND stop > %(start)s AND NOT (id = ANY(%(exclude)s))
"""


BUSY_ROOMS_AFTER = """
SELECT hold_resource_id, hold_part_id, hold_start, hold_stop FROM epesanruangan_booking
 WHERE tsrange(hold_start, hold_stop, '[)')
       && tsrange(%(start)s - interval '30 minutes', %(stop)s + interval '30 minutes', '[)')
   AND state IN ('validated', 'scheduled') AND NOT (id = ANY(%(exclude)s))
"""


def free_facilities(env, category, start, stop, sql):
    """Free facilities of a category with one of the SQL forms above."""
    env.cr.execute(sql, {"category": category, "start": start, "stop": stop})
    return env["biroumum.facility"].browse([row[0] for row in env.cr.fetchall()])


def free_rooms(env, start, stop, participants):
    """The addon's own epesanruangan.room._free_rooms."""
    return env["epesanruangan.room"]._free_rooms(start, stop, participants)


def explain(env, sql, params):
    env.cr.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
    return "\n".join(row[0] for row in env.cr.fetchall())


def month_bounds(day):
    """The month of `day` in WIB, as naive UTC bounds."""
    first = day.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (first + timedelta(days=32)).replace(day=1)
    return first - timedelta(hours=7), following - timedelta(hours=7)
