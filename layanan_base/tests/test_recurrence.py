import datetime

from odoo.tests import TransactionCase, tagged

from odoo.addons.layanan_base.tools.recurrence import MAX_OCCURRENCES, occurrences

UTC = datetime.datetime


@tagged("post_install", "-at_install")
class TestRecurrence(TransactionCase):
    # Monday 4 January 2027, 09.00-11.00 WIB
    start, stop = UTC(2027, 1, 4, 2), UTC(2027, 1, 4, 4)

    def test_weekly_on_chosen_days_for_a_number_of_times(self):
        found = occurrences(self.start, self.stop, "weekly", count=4, weekdays=[0, 2])
        self.assertEqual(
            [start for start, _stop in found],
            [UTC(2027, 1, 4, 2), UTC(2027, 1, 6, 2), UTC(2027, 1, 11, 2), UTC(2027, 1, 13, 2)],
        )
        self.assertTrue(all(stop - start == datetime.timedelta(hours=2) for start, stop in found))
        # without days: the first period's weekday
        weekly = occurrences(self.start, self.stop, "weekly", count=52)
        self.assertEqual(len(weekly), 52)
        self.assertEqual(weekly[-1][0], UTC(2027, 12, 27, 2))

    def test_daily_until_a_wib_date_inclusive(self):
        # 06.00 WIB is 23.00 UTC the day before: the end date is the WIB one
        early = (UTC(2027, 1, 3, 23), UTC(2027, 1, 4, 0))
        found = occurrences(*early, "daily", until=datetime.date(2027, 1, 6))
        self.assertEqual([start for start, _ in found], [UTC(2027, 1, d, 23) for d in (3, 4, 5)])

    def test_monthly_skips_the_months_without_the_day(self):
        found = occurrences(
            UTC(2027, 1, 31, 2), UTC(2027, 1, 31, 4), "monthly", until=datetime.date(2027, 6, 1)
        )
        self.assertEqual(
            [start.date() for start, _ in found],
            [datetime.date(2027, 1, 31), datetime.date(2027, 3, 31), datetime.date(2027, 5, 31)],
        )

    def test_a_rule_without_end_or_too_long_is_refused(self):
        for kwargs, word in (
            ({}, "end"),
            ({"count": -3}, "end"),
            ({"count": MAX_OCCURRENCES + 1}, "count"),
            ({"until": datetime.date(2030, 1, 1)}, "count"),  # daily for three years
        ):
            with self.subTest(kwargs=kwargs), self.assertRaisesRegex(ValueError, word):
                occurrences(self.start, self.stop, "daily", **kwargs)
        # a two-day event every day would meet itself
        with self.assertRaisesRegex(ValueError, "overlap"):
            occurrences(self.start, self.start + datetime.timedelta(days=2), "daily", count=2)
        with self.assertRaisesRegex(ValueError, "frequency"):
            occurrences(self.start, self.stop, "hourly", count=2)
