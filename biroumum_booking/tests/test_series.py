from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import NOW, BiroumumCase


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestSeries(BiroumumCase):
    def _series(self, days=(25, 26, 27)):
        bookings = self.env["biroumum.booking"]
        uid = bookings._new_series_uid()
        for day in days:
            booking = self._booking(
                start=datetime(2026, 11, day, 2), stop=datetime(2026, 11, day, 4), series_uid=uid
            )
            bookings |= booking
        bookings.action_submit()
        return bookings

    def test_approve_a_whole_series_or_one_occurrence(self):
        series = self._series()
        self.assertEqual(series.mapped("series_count"), [3, 3, 3])
        series[0].with_user(self.manager).action_approve()
        self.assertEqual(series.mapped("state"), ["approved", "submitted", "submitted"])
        with self.assertRaises(AccessError):
            series[1].with_user(self.member).action_approve_series()
        series[1].with_user(self.manager).action_approve_series()
        self.assertEqual(set(series.mapped("state")), {"approved"})
        # each occurrence is invoiced as it is approved
        self.assertEqual(len(series.invoice_id), 3)

    def test_reject_and_cancel_a_whole_series_with_one_reason(self):
        series = self._series()
        other = self._series(days=(28,))
        action = series[0].with_user(self.manager).action_reject_series()
        self.assertEqual(action["res_model"], "layanan.reason.wizard")
        series[0].with_user(self.manager).action_reject_series(reason="Gedung direnovasi")
        self.assertEqual(set(series.mapped("state")), {"rejected"})
        self.assertEqual(set(series.mapped("reason")), {"Gedung direnovasi"})
        self.assertEqual(other.state, "submitted")
        again = self._series(days=(30,))
        again |= self._booking(
            start=datetime(2026, 12, 1, 2),
            stop=datetime(2026, 12, 1, 4),
            series_uid=again.series_uid,
        )
        again[1].action_submit()
        again[0].with_user(self.manager).action_approve()
        again[1].with_user(self.manager).action_cancel_series(reason="Acara dibatalkan")
        self.assertEqual(set(again.mapped("state")), {"cancelled"})
