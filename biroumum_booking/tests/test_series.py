import subprocess
from datetime import datetime

import lxml.html
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import NOW, BiroumumCase


class SeriesCase(BiroumumCase):
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


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestSeries(SeriesCase):
    def test_approve_a_whole_series_or_one_occurrence(self):
        series = self._series()
        self.assertEqual(series.mapped("series_count"), [3, 3, 3])
        series[0].with_user(self.manager).action_approve()
        self.assertEqual(series.mapped("state"), ["approved", "submitted", "submitted"])
        with self.assertRaises(AccessError):
            series[1].with_user(self.member).action_approve_series()
        series[1].with_user(self.manager).action_approve_series()
        self.assertEqual(set(series.mapped("state")), {"approved"})
        # the first occurrence is billed alone, the two approved together on one invoice
        self.assertEqual(len(series.invoice_id), 2)
        self.assertEqual(series[1].invoice_id, series[2].invoice_id)

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


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestSeriesInvoice(SeriesCase):
    """A series approved at once is billed by one invoice, one line per occurrence; an
    occurrence cancelled or moved later is credited by its own line only."""

    def _approved_series(self, days=(25, 26, 27)):
        series = self._series(days)
        series[0].with_user(self.manager).action_approve_series()
        return series

    def _refunds(self, invoice):
        return self.env["account.move"].search([("reversed_entry_id", "=", invoice.id)])

    def test_a_series_not_paid_in_time_is_released_with_one_credit_note(self):
        self.room.payment_hours = 2
        series = self._approved_series()
        invoice = series.invoice_id
        with freeze_time("2026-11-23 03:01:00"):
            self.assertEqual(self.env["biroumum.booking"]._cron_release_unpaid(), 3)
        self.assertEqual(set(series.mapped("state")), {"cancelled"})
        refund = self._refunds(invoice)
        self.assertEqual((len(refund), refund.amount_total), (1, 600000))
        self.assertEqual(invoice.payment_state, "reversed")

    def test_one_invoice_with_a_line_per_occurrence(self):
        series = self._approved_series()
        invoice = series.invoice_id
        self.assertEqual(len(invoice), 1)
        self.assertEqual((invoice.state, invoice.amount_total), ("posted", 600000))
        lines = invoice.invoice_line_ids.sorted(lambda line: line.biroumum_booking_id.start)
        self.assertEqual(lines.biroumum_booking_id, series)
        for day, line in zip((25, 26, 27), lines, strict=True):
            self.assertIn(f"{day} November 2026, 09.00 - 11.00 WIB", line.name)
            self.assertEqual(line.price_subtotal, 200000)
        self.assertIn(series[0].name, invoice.invoice_origin)
        self.assertIn(series[2].name, invoice.invoice_origin)
        # occurrences approved one by one are billed one by one
        single = self._series((28, 30))
        single[0].with_user(self.manager).action_approve()
        single[1].with_user(self.manager).action_approve()
        self.assertEqual(len(single.invoice_id), 2)
        # a series of another member is never on the same invoice
        self.assertEqual(invoice.partner_id, self.member.partner_id)

    def test_cancelling_an_occurrence_credits_its_line_then_the_rest(self):
        series = self._approved_series()
        invoice = series.invoice_id
        series[1].with_user(self.manager).action_cancel(reason="Bentrok agenda")
        refund = self._refunds(invoice)
        self.assertEqual((refund.state, refund.amount_total), ("posted", 200000))
        self.assertEqual(refund.invoice_line_ids.biroumum_booking_id, series[1])
        self.assertEqual(invoice.amount_residual, 400000)
        self.assertEqual((series[0].invoice_id, series[2].invoice_id), (invoice, invoice))
        # the rest of the series: credited once more, for what is left, never twice
        series[0].with_user(self.manager).action_cancel_series(reason="Acara dibatalkan")
        self.assertEqual(set(series.mapped("state")), {"cancelled"})
        refunds = self._refunds(invoice)
        self.assertEqual(len(refunds), 2)
        self.assertEqual(sum(refunds.mapped("amount_total")), 600000)
        self.assertEqual(set(refunds.mapped("state")), {"posted"})
        self.assertEqual(invoice.amount_residual, 0)
        self.assertEqual(invoice.payment_state, "reversed")

    def test_a_whole_series_cancelled_at_once_is_reversed_by_one_credit_note(self):
        series = self._approved_series()
        invoice = series.invoice_id
        series[2].with_user(self.manager).action_cancel_series(reason="Acara dibatalkan")
        refund = self._refunds(invoice)
        self.assertEqual((refund.state, refund.amount_total), ("posted", 600000))
        self.assertEqual(invoice.payment_state, "reversed")

    def test_an_invoice_of_one_booking_is_reversed_whole_whatever_its_lines(self):
        """An invoice from before the lines named their booking, or with a line finance
        added: the booking's cancellation still reverses all of it."""
        booking = self._series(days=(25,))
        booking.with_user(self.manager).action_approve()
        invoice = booking.invoice_id
        self.env.cr.execute(
            "UPDATE account_move_line SET biroumum_booking_id = NULL WHERE move_id = %s",
            [invoice.id],
        )
        invoice.invalidate_recordset()
        invoice.invoice_line_ids.invalidate_recordset()
        booking.with_user(self.manager).action_cancel(reason="Batal")
        refund = self._refunds(invoice)
        self.assertEqual((refund.state, refund.amount_total), ("posted", 200000))
        self.assertEqual(invoice.payment_state, "reversed")

    def test_a_paid_occurrence_the_staff_cancel_is_credited_and_refunded_by_finance(self):
        """Paid by hand (no provider to refund through): the occurrence's credit note is
        posted in full (the staff cancelled it) and finance gets the refund to do."""
        series = self._approved_series()
        invoice = series.invoice_id
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        series[0].with_user(self.manager).action_cancel(reason="Bentrok agenda")
        refund = self._refunds(invoice)
        self.assertEqual((refund.state, refund.amount_total), ("posted", 200000))
        self.assertEqual(refund.invoice_line_ids.biroumum_booking_id, series[0])
        self.assertIn("Rp 200.000", refund.activity_ids.summary)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        # the other occurrences stand, paid
        self.assertEqual(series[1].payment_status, "paid")

    def test_a_moved_occurrence_leaves_the_series_invoice_for_its_own(self):
        series = self._approved_series()
        invoice = series.invoice_id
        # Thursday 26 -> Monday 30 November, three hours instead of two
        series[1].with_user(self.manager).write(
            {"start": datetime(2026, 11, 30, 2), "stop": datetime(2026, 11, 30, 5)}
        )
        refund = self._refunds(invoice)
        self.assertEqual((refund.state, refund.amount_total), ("posted", 200000))
        own = series[1].invoice_id
        self.assertNotEqual(own, invoice)
        self.assertEqual(own.amount_total, 300000)
        self.assertIn("30 November 2026, 09.00 - 12.00 WIB", own.invoice_line_ids.name)
        self.assertEqual(invoice.amount_residual, 400000)

    def test_the_series_invoice_prints_every_occurrence_and_what_is_due(self):
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        series = self._approved_series()
        series[1].with_user(self.manager).action_cancel(reason="Bentrok agenda")
        pdf, _fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("biroumum_booking.action_report_booking", series[0].ids)
        )
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        text = " ".join(text.split())
        self.assertIn(series.invoice_id.name, text)
        for day in (25, 26, 27):
            self.assertIn(f"{day} November 2026, 09.00 - 11.00 WIB", text)
        self.assertIn("Rp 600.000", text)  # the invoice's total
        self.assertIn("Rp 400.000", text)  # what is left to pay, the credit note deducted
        self.assertIn(self._refunds(series.invoice_id).name, text)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestSeriesBackend(SeriesCase):
    """The Pengelola repeats a booking from the backend: each later date shown free or
    not (why) before the free ones are made as one series with it."""

    def test_the_manager_repeats_a_booking_weekly(self):
        booking = self._booking(start=datetime(2026, 11, 25, 2), stop=datetime(2026, 11, 25, 4))
        booking.action_submit()
        taken = self._booking(
            start=datetime(2026, 12, 2, 3),
            stop=datetime(2026, 12, 2, 5),
            partner=self.member2.partner_id,
        )
        taken.action_submit()
        with self.assertRaises(AccessError):
            booking.with_user(self.member).action_repeat()
        action = booking.with_user(self.manager).action_repeat()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        wizard.frequency = "weekly"
        wizard.count = 3
        text = " ".join(lxml.html.fromstring(str(wizard.preview)).text_content().split())
        self.assertIn("2 Desember 2026", text)
        self.assertIn("already booked", text)  # the other member's, with its period
        self.assertIn("9 Desember 2026", text)
        self.assertEqual(wizard.free_count, 1)
        wizard.save().action_create()
        series = booking._series()
        self.assertEqual(len(series), 2)
        self.assertEqual(series[1].start, datetime(2026, 12, 9, 2))
        self.assertEqual(set(series.mapped("state")), {"submitted"})
        self.assertEqual(series[1].terms_id, booking.terms_id)
        self.assertEqual(series[1].partner_id, self.member.partner_id)
        # approved as one: one invoice of the two
        booking.with_user(self.manager).action_approve_series()
        self.assertEqual(len(series.invoice_id), 1)
        self.assertEqual(len(series.invoice_id.invoice_line_ids), 2)
        # no end: told, nothing made
        other = self._booking(start=datetime(2026, 11, 26, 2), stop=datetime(2026, 11, 26, 4))
        wizard = Form(
            self.env["layanan.booking.repeat.wizard"]
            .with_user(self.manager)
            .with_context(default_res_model=other._name, default_res_id=other.id)
        )
        wizard.frequency = "daily"
        wizard.count = 500
        self.assertIn("at most 100", str(wizard.preview))
        self.assertEqual(wizard.free_count, 0)
