from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.layanan_base.tools import to_wib, wib_day_bounds


class BiroumumBooking(models.Model):
    """What the portal asks of the bookings: their pages and the facilities'
    availability calendars."""

    _inherit = "biroumum.booking"

    def _compute_access_url(self):
        super()._compute_access_url()
        for booking in self:
            booking.access_url = f"/my/bookings/{booking.id}"
        return None

    @api.model
    def _busy_periods(self, facility, start, stop):
        """Booked periods of a facility (no personal data), for the availability calendar."""
        return self.env.execute_query(
            SQL(
                "SELECT start, stop FROM biroumum_booking WHERE %s AND %s ORDER BY start",
                self._facility_sql(facility.id),
                self._overlap_sql(start, stop),
            )
        )

    @api.model
    def _availability(self, facility, first_day, days):
        """The WIB days from `first_day` on, each with the periods (times) that hold
        `facility` that day: the availability calendar of the facility's page."""
        first = wib_day_bounds(first_day)[0]
        last = wib_day_bounds(first_day + timedelta(days=days - 1))[1]
        busy = self._busy_periods(facility, first, last)
        result = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            day_start, day_stop = wib_day_bounds(day)
            periods = []
            for start, stop in busy:
                if start < day_stop and stop > day_start:
                    from_ = to_wib(max(start, day_start)).strftime("%H.%M")
                    to_ = "24.00" if stop >= day_stop else to_wib(stop).strftime("%H.%M")
                    periods.append(f"{from_}-{to_}")
            result.append({"date": day, "busy": periods})
        return result
