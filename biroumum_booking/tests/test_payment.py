"""Online payment: the booking follows its money (issue 19)."""

from datetime import date, datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import NOW, BiroumumCase


def _register_payment(env, invoice):
    """What finance does by hand (or account_payment for a transaction)."""
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoice.ids
    ).create({})._create_payments()


def _invoice_transaction(env, invoice, provider, reference=None):
    """The transaction the portal's payment form makes for the invoice."""
    return (
        env["payment.transaction"]
        .sudo()
        .create(
            {
                "provider_id": provider.id,
                "payment_method_id": provider.payment_method_ids[:1].id,
                "reference": reference or f"{invoice.name}-tx",
                "amount": invoice.amount_residual,
                "currency_id": invoice.currency_id.id,
                "partner_id": invoice.partner_id.id,
                "operation": "online_redirect",
                "invoice_ids": [(6, 0, invoice.ids)],
            }
        )
    )


def _demo_provider(env):
    provider = env.ref("payment.payment_provider_demo")
    provider.sudo().write({"state": "test", "company_id": env.company.id})
    if not provider.journal_id:
        provider.sudo().journal_id = env["account.journal"].search(
            [("company_id", "=", env.company.id), ("type", "=", "bank")], limit=1
        )
    return provider


@freeze_time(NOW)
class TestPaymentModel(BiroumumCase):
    def _approved(self, facility=None, **vals):
        booking = self._booking(facility=facility, **vals)
        booking.action_submit()
        manager = (facility or self.room).manager_user_id
        booking.with_user(manager).action_approve()
        return booking

    def test_each_category_books_its_retribusi_in_its_own_journal_and_account(self):
        setting = self.env["biroumum.category"]._for(self.env.company, "meeting_room")
        self.assertEqual(setting.journal_id.code, "RRR")
        # an administrator sees the settings of their own company only
        seen = self.env["biroumum.category"].with_user(self.admin).search([])
        self.assertEqual(seen.company_id, self.admin.company_id)
        self.assertEqual(len(seen), 4)
        self.assertEqual(setting.journal_id.type, "sale")
        self.assertIn("4105", setting.income_account_id.code)
        booking = self._approved()
        self.assertEqual(booking.invoice_id.journal_id, setting.journal_id)
        self.assertEqual(booking.invoice_id.invoice_line_ids.account_id, setting.income_account_id)
        car = self._approved(
            facility=self.car,
            start=datetime(2026, 11, 26, 0, 0),
            stop=datetime(2026, 11, 26, 9, 0),
            attendees=2,
        )
        self.assertEqual(car.invoice_id.journal_id.code, "RKD")
        # the invoice names the booking, the facility and the period, and not the NIK
        line = booking.invoice_id.invoice_line_ids
        self.assertIn("Ruang Rapat Uji", line.name)
        self.assertIn(booking.name, booking.invoice_id.ref)

    def test_paid_invoice_makes_the_booking_lunas_and_tells_both(self):
        self.room.payment_hours = 24
        booking = self._approved()
        self.assertEqual(booking.payment_status, "to_pay")
        self.assertEqual(booking.payment_deadline, datetime(2026, 11, 24, 1, 0))
        self._run_notice_job()
        _register_payment(self.env, booking.invoice_id)
        self.assertEqual(booking.payment_status, "paid")
        paid = self.env["biroumum.booking"].search([("payment_status", "=", "paid")])
        self.assertIn(booking, paid)
        self.assertNotIn(
            booking, self.env["biroumum.booking"].search([("payment_status", "=", "to_pay")])
        )
        # the Pengelola is told on the booking
        note = booking.message_ids.filtered(lambda m: "Lunas" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn(self.manager.partner_id, note.partner_ids)
        self.assertIn("Rp 300.000", note.body)
        # the member gets the receipt, by the notice job
        self._run_notice_job()
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "biroumum.booking"),
                ("res_id", "=", booking.id),
                ("subject", "ilike", "payment"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.member.partner_id)
        self.assertIn("Lunas", mail.body_html)
        self.assertIn("Rp 300.000", mail.body_html)
        # finance's register: one row of the facility, on the payment's journal
        row = self.env["biroumum.receipt.report"].search([("facility_id", "=", self.room.id)])
        self.assertEqual((row.amount, row.date), (300000, row.payment_id.date))
        self.assertEqual(row.journal_id, row.payment_id.journal_id)
        self.assertIn(booking.invoice_id.name, mail.body_html)

    def test_the_document_says_how_and_by_when_to_pay_then_lunas(self):
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        self.room.payment_hours = 24
        _demo_provider(self.env)
        booking = self._approved()
        text = self._pdf_text(booking)
        self.assertIn("Payment: Not paid", text)
        self.assertIn("Pay before Tuesday, 24 November 2026, 08.00 WIB", text)
        self.assertIn(f"/my/bookings/{booking.id}", text)
        _register_payment(self.env, booking.invoice_id)
        text = self._pdf_text(booking)
        self.assertIn("Payment: Paid (Lunas)", text)
        self.assertNotIn("How to pay", text)

    def test_a_booking_not_paid_in_time_is_released_once(self):
        self.room.payment_hours = 2
        late = self._approved()
        paid = self._approved(start=datetime(2026, 11, 25, 6, 0), stop=datetime(2026, 11, 25, 7, 0))
        _register_payment(self.env, paid.invoice_id)
        Booking = self.env["biroumum.booking"]
        with freeze_time("2026-11-23 02:59:00"):
            self.assertEqual(Booking._cron_release_unpaid(), 0)
        with freeze_time("2026-11-23 03:01:00"):
            self.assertEqual(Booking._cron_release_unpaid(), 1)
            self.assertEqual(Booking._cron_release_unpaid(), 0)
        self.assertEqual(late.state, "cancelled")
        self.assertIn("Not paid by", late.reason)
        self.assertEqual(late.invoice_id.payment_state, "reversed")
        self.assertEqual(paid.state, "approved")
        # the period is free again
        again = self._booking()
        again.action_submit()
        self.assertEqual(again.state, "submitted")

    def test_a_payment_under_way_holds_the_booking(self):
        self.room.payment_hours = 1
        booking = self._approved()
        tx = _invoice_transaction(self.env, booking.invoice_id, _demo_provider(self.env))
        tx._set_pending()
        with freeze_time("2026-11-23 03:00:00"):
            self.assertEqual(self.env["biroumum.booking"]._cron_release_unpaid(), 0)
        self.assertEqual(booking.state, "approved")

    def test_a_confirmed_transaction_is_paid_at_once_and_only_once(self):
        booking = self._approved()
        provider = _demo_provider(self.env)
        tx = _invoice_transaction(self.env, booking.invoice_id, provider)
        data = {"reference": tx.reference, "simulated_state": "done", "payment_details": "4242"}
        self.env["payment.transaction"].sudo()._process("demo", data)
        # posted and reconciled in the notification itself, not minutes later by the job
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(booking.payment_status, "paid")
        payments = booking.invoice_id.matched_payment_ids
        self.assertEqual(len(payments), 1)
        # the same notification again registers nothing more
        self.env["payment.transaction"].sudo()._process("demo", data)
        tx._post_process()
        self.assertEqual(booking.invoice_id.matched_payment_ids, payments)
        self.assertEqual(
            self.env["account.payment"].search_count([("payment_transaction_id", "=", tx.id)]), 1
        )

    def test_a_second_transaction_for_a_paid_invoice_is_given_back(self):
        """Two tabs, two payments: the invoice is paid once, the second is refunded."""
        booking = self._approved()
        provider = _demo_provider(self.env)
        invoice = booking.invoice_id
        first = _invoice_transaction(self.env, invoice, provider, reference="BU-TAB-1")
        second = _invoice_transaction(self.env, invoice, provider, reference="BU-TAB-2")
        for tx in (first, second):
            self.env["payment.transaction"].sudo()._process(
                "demo", {"reference": tx.reference, "simulated_state": "done"}
            )
        self.assertEqual(booking.payment_status, "paid")
        refund_tx = self.env["payment.transaction"].search(
            [("source_transaction_id", "=", second.id), ("operation", "=", "refund")]
        )
        self.assertEqual((refund_tx.state, refund_tx.amount), ("done", -300000))
        # post-processed (by the job, or here): it settles the second payment
        refund_tx._post_process()
        self.assertTrue(second.payment_id.is_reconciled)
        self.assertTrue(refund_tx.payment_id.is_reconciled)
        self.assertEqual(first.payment_id.reconciled_invoice_ids, invoice)
        self.assertFalse(
            self.env["payment.transaction"].search([("source_transaction_id", "=", first.id)])
        )
        self.assertIn("second payment", booking.message_ids[:1].body)

    def test_member_cancel_is_refunded_by_the_rules_and_finance_gets_a_todo(self):
        finance = self.env["res.users"].create(
            {
                "name": "Keuangan",
                "login": "bu_finance",
                "group_ids": [(6, 0, [self.env.ref("account.group_account_manager").id])],
            }
        )
        booking = self._approved()  # Wednesday 09.00 WIB: 49 hours ahead
        _register_payment(self.env, booking.invoice_id)
        invoice = booking.invoice_id
        booking.with_user(self.member).action_cancel()
        refund = self.env["account.move"].search([("reversed_entry_id", "=", invoice.id)])
        # 48 hours or more before the start: half (the default rules: 7 days all, 2 days half)
        self.assertEqual((refund.state, refund.amount_total), ("posted", 150000))
        activity = refund.activity_ids
        self.assertEqual(activity.user_id, finance)
        self.assertIn("Rp 150.000", activity.summary)
        self.assertIn("finance", booking.message_ids[:1].body)

    def test_member_cancel_too_late_for_a_refund_has_no_credit_note(self):
        booking = self._approved()
        _register_payment(self.env, booking.invoice_id)
        invoice = booking.invoice_id
        with freeze_time("2026-11-24 01:00:00"):  # 25 hours before
            booking.with_user(self.member).action_cancel()
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(self.env["account.move"].search([("reversed_entry_id", "=", invoice.id)]))
        self.assertIn("Nothing is refunded", booking.message_ids[:1].body)

    def test_staff_cancel_refunds_all_through_the_provider(self):
        booking = self._approved()
        provider = _demo_provider(self.env)
        tx = _invoice_transaction(self.env, booking.invoice_id, provider)
        self.env["payment.transaction"].sudo()._process(
            "demo",
            {"reference": tx.reference, "simulated_state": "done", "payment_details": "4242"},
        )
        invoice = booking.invoice_id
        booking.with_user(self.manager).action_cancel(reason="Gedung dipakai pimpinan")
        refund = self.env["account.move"].search([("reversed_entry_id", "=", invoice.id)])
        self.assertEqual((refund.state, refund.amount_total), ("posted", 300000))
        refund_tx = self.env["payment.transaction"].search(
            [("source_transaction_id", "=", tx.id), ("operation", "=", "refund")]
        )
        self.assertEqual(refund_tx.state, "done")
        self.assertEqual(refund_tx.amount, -300000)
        # the money sent back settles the credit note
        self.assertIn(refund.payment_state, ("paid", "in_payment"))
        self.assertFalse(refund.activity_ids)
        # the day's receipts: the payment and its refund, by facility and channel
        rows = self.env["biroumum.receipt.report"].search([("facility_id", "=", self.room.id)])
        self.assertEqual(sorted(rows.mapped("amount")), [-300000, 300000])
        self.assertEqual(rows.payment_method_id, tx.payment_method_id)
        self.assertEqual(rows.filtered("is_refund").amount, -300000)

    def test_without_rules_the_credit_note_waits_for_finance(self):
        self.env["biroumum.category"]._for(
            self.env.company, "meeting_room"
        ).refund_rule_ids.unlink()
        booking = self._approved()
        _register_payment(self.env, booking.invoice_id)
        invoice = booking.invoice_id
        booking.with_user(self.member).action_cancel()
        refund = self.env["account.move"].search([("reversed_entry_id", "=", invoice.id)])
        self.assertEqual(refund.state, "draft")


class PaymentHttpCase(HttpCase):
    """A paid booking approved, its member able to log in, Xendit in test mode."""

    def _setup(self):
        env = self.env
        self.xendit = env.ref("payment.payment_provider_xendit")
        self.xendit.sudo().write(
            {
                "state": "test",
                "xendit_public_key": "xnd_public",
                "xendit_secret_key": "xnd_secret",
                "xendit_webhook_token": "token-rahasia",
                "company_id": env.company.id,
            }
        )
        if not self.xendit.journal_id:
            self.xendit.journal_id = env["account.journal"].search(
                [("company_id", "=", env.company.id), ("type", "=", "bank")], limit=1
            )
        self.manager = env["res.users"].create(
            {
                "name": "Pengelola",
                "login": "bu_pay_mgr",
                "group_ids": [(6, 0, [env.ref("biroumum_booking.group_manager").id])],
            }
        )
        self.member = env["res.users"].create(
            {
                "name": "Warga",
                "login": "bu_pay_m1",
                "password": "bu_pay_m1",
                "email": "warga@example.com",
                "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
            }
        )
        room = env["biroumum.facility"].create(
            {
                "name": "Aula Bayar",
                "category": "venue",
                "price": 200000,
                "tariff_unit": "hour",
                "payment_hours": 48,
                "manager_user_id": self.manager.id,
            }
        )
        day = datetime.combine(date.today() + timedelta(days=20), time(2))
        booking = (
            env["biroumum.booking"]
            .sudo()
            .create(
                {
                    "facility_id": room.id,
                    "partner_id": self.member.partner_id.id,
                    "start": day,
                    "stop": day + timedelta(hours=2),
                    "purpose": "Lomba",
                    "attendees": 10,
                }
            )
        )
        booking._accept_terms(env["biroumum.terms"]._get_current("venue"))
        booking.action_submit()
        booking.with_user(self.manager).action_approve()
        return booking

    def _webhook(self, tx, token):
        data = {
            "id": "xnd-inv-1",
            "external_id": tx.reference,
            "status": "PAID",
            "amount": tx.amount,
            "paid_amount": tx.amount,
            "currency": "IDR",
            "payment_method": "QR_CODE",
            "payment_channel": "QRIS",
        }
        headers = {"Content-Type": "application/json"}
        if token:
            headers["x-callback-token"] = token
        return self.url_open(
            "/payment/xendit/webhook", data=__import__("json").dumps(data), headers=headers
        )


@tagged("post_install", "-at_install")
class TestPaymentHttp(PaymentHttpCase):
    def test_signed_webhook_pays_once_and_forged_or_replayed_change_nothing(self):
        booking = self._setup()
        tx = _invoice_transaction(self.env, booking.invoice_id, self.xendit, reference="BU-XND-1")
        with self.assertLogs("odoo.addons.payment_xendit.controllers.main", "WARNING"):
            forged = self._webhook(tx, "palsu")
        self.assertEqual(forged.status_code, 403)
        with self.assertLogs("odoo.addons.payment_xendit.controllers.main", "WARNING"):
            self.assertEqual(self._webhook(tx, None).status_code, 403)
        booking.invalidate_recordset()
        booking.invoice_id.invalidate_recordset()
        self.assertEqual(tx.state, "draft")
        self.assertEqual(booking.payment_status, "to_pay")
        self.assertEqual(self._webhook(tx, "token-rahasia").status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(tx.state, "done")
        self.assertEqual(booking.payment_status, "paid")
        # replayed: still one payment
        self.assertEqual(self._webhook(tx, "token-rahasia").status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(len(booking.invoice_id.matched_payment_ids), 1)

    def test_the_booking_page_offers_pay_now_then_says_lunas(self):
        booking = self._setup()
        self.authenticate("bu_pay_m1", "bu_pay_m1")
        page = self.url_open(f"/my/bookings/{booking.id}").text
        self.assertIn("o_biroumum_pay", page)
        self.assertIn("Rp 400.000", page)
        self.assertIn(f"/my/invoices/{booking.invoice_id.id}", page)
        self.assertIn("payment=True", page)
        # the invoice's own page offers Odoo's payment form with the enabled provider
        invoice_page = self.url_open(booking.invoice_id.get_portal_url()).text
        self.assertIn("pay_with", invoice_page)
        tx = _invoice_transaction(self.env, booking.invoice_id, self.xendit, reference="BU-XND-2")
        self._webhook(tx, "token-rahasia")
        page = self.url_open(f"/my/bookings/{booking.id}").text
        self.assertIn("o_biroumum_paid", page)
        self.assertNotIn('o_biroumum_pay"', page)

    def test_a_member_cannot_reach_anothers_invoice(self):
        booking = self._setup()
        self.env["res.users"].create(
            {
                "name": "Orang Lain",
                "login": "bu_pay_m2",
                "password": "bu_pay_m2",
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.authenticate("bu_pay_m2", "bu_pay_m2")
        response = self.url_open(f"/my/invoices/{booking.invoice_id.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        response = self.url_open(f"/my/bookings/{booking.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)


QRIS_MADE = {
    "status": "success",
    "data": {
        "qris_content": "00020101021226QRISUJI",
        "qris_request_date": "2026-12-04 10:00:00",
        "qris_invoiceid": "413255111",
        "qris_nmid": "ID1020021181745",
    },
}
QRIS_PAID = {
    "status": "success",
    "data": {
        "qris_status": "paid",
        "qris_payment_customername": "Warga",
        "qris_payment_methodby": "Sakuku",
    },
}
QRIS_API = "odoo.addons.l10n_id.models.res_bank._l10n_id_make_qris_request"


@tagged("post_install", "-at_install")
class TestQris(PaymentHttpCase):
    def _setup(self):
        company = self.env.company
        company.qr_code = True
        self.qris_bank = self.env["res.partner.bank"].create(
            {
                "acc_number": "1234567890123",
                "partner_id": company.partner_id.id,
                "l10n_id_qris_api_key": "apikey",
                "l10n_id_qris_mid": "mid",
                "allow_out_payment": True,
            }
        )
        booking = super()._setup()
        booking.invoice_id.partner_bank_id = self.qris_bank
        return booking

    def test_the_invoice_page_shows_its_qris_code_and_the_print_does_not(self):
        booking = self._setup()
        self.authenticate("bu_pay_m1", "bu_pay_m1")
        url = booking.invoice_id.get_portal_url(report_type="html")
        with patch(QRIS_API, return_value=QRIS_MADE) as api:
            page = self.url_open(url).text
        api.assert_called_once()
        self.assertIn("o_biroumum_qris", page)
        self.assertIn('alt="QRIS code of the invoice"', page)
        self.assertEqual(
            booking.invoice_id.l10n_id_qris_transaction_ids.qris_content, "00020101021226QRISUJI"
        )
        # the PDF downloaded there carries a fresh code too: the stored print (which has
        # none) is not served on the invoice's page, only elsewhere
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        booking.with_context(force_report_rendering=True)._store_documents()
        self.assertTrue(booking._document_stored())
        self.assertFalse(booking.with_context(is_online_qr=True)._document_stored())
        # the print from the booking page makes no code (and asks QRIS nothing)
        with patch(QRIS_API, return_value=QRIS_MADE) as api:
            printed = self.url_open(f"/my/bookings/{booking.id}/cetak?report_type=html").text
        api.assert_not_called()
        self.assertNotIn("o_biroumum_qris", printed)

    def test_the_qris_status_job_makes_the_booking_lunas(self):
        booking = self._setup()
        invoice = booking.invoice_id
        with patch(QRIS_API, return_value=QRIS_MADE):
            self.assertTrue(invoice.with_context(is_online_qr=True)._generate_qr_code())
        with patch(QRIS_API, return_value=QRIS_PAID):
            self.env["account.move"]._l10n_id_cron_update_payment_status()
        self.assertEqual(booking.payment_status, "paid")
        self.assertTrue(booking.message_ids.filtered(lambda m: "Lunas" in (m.body or "")))

    def test_the_release_job_asks_qris_before_releasing(self):
        booking = self._setup()
        invoice = booking.invoice_id
        with patch(QRIS_API, return_value=QRIS_MADE):
            invoice.with_context(is_online_qr=True)._generate_qr_code()
        later = booking.payment_deadline + timedelta(minutes=1)
        Booking = self.env["biroumum.booking"]
        with (
            freeze_time(later),
            patch(QRIS_API, side_effect=ConnectionError("no network")),
            self.assertLogs("odoo.addons.biroumum_booking.models", "WARNING"),
        ):
            self.assertEqual(Booking._cron_release_unpaid(), 0)
        self.assertEqual(booking.state, "approved")
        with freeze_time(later), patch(QRIS_API, return_value=QRIS_PAID):
            self.assertEqual(Booking._cron_release_unpaid(), 0)
        self.assertEqual((booking.state, booking.payment_status), ("approved", "paid"))


@tagged("post_install", "-at_install")
class TestPaymentJourney(HttpCase):
    """The issue's journey in the browser, with Odoo's demo provider (no internet): book,
    approved, pay from the booking's page, Lunas, the receipt."""

    def test_book_approve_pay_lunas_receipt(self):
        env = self.env
        env["res.lang"]._activate_lang("id_ID")
        env["ir.module.module"]._load_module_terms(["layanan_base", "biroumum_booking"], ["id_ID"])
        provider = _demo_provider(env)
        manager = new_test_user(
            env, login="bu_pay_tour_mgr", groups="biroumum_booking.group_manager"
        )
        member = new_test_user(
            env,
            login="bu_pay_tour_member",
            groups="base.group_portal",
            lang="id_ID",
            email="warga.bayar@example.com",
        )
        room = env["biroumum.facility"].create(
            {
                "name": "Ruang Bayar Tur",
                "category": "meeting_room",
                "capacity": 30,
                "price": 200000,
                "payment_hours": 48,
                "manager_user_id": manager.id,
                "resource_calendar_id": env.ref("biroumum_booking.resource_calendar_service").id,
            }
        )
        self.start_tour(
            f"/layanan/fasilitas/{room.id}", "biroumum_booking_pay_book_tour", login=member.login
        )
        booking = env["biroumum.booking"].search([("partner_id", "=", member.partner_id.id)])
        self.assertEqual((booking.state, booking.amount), ("submitted", 400000))
        booking.with_user(manager).action_approve()
        self.assertEqual(booking.payment_status, "to_pay")
        self.start_tour(
            f"/my/bookings/{booking.id}", "biroumum_booking_pay_tour", login=member.login
        )
        env.invalidate_all()
        invoice = booking.invoice_id
        self.assertEqual(booking.payment_status, "paid")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        tx = invoice.transaction_ids
        self.assertEqual((len(tx), tx.provider_id, tx.state), (1, provider, "done"))
        self.assertEqual(len(invoice.matched_payment_ids), 1)
        self.assertEqual(invoice.matched_payment_ids.payment_transaction_id, tx)
        # the receipt, by the notice job, in the member's language
        while env["biroumum.booking"]._send_notices(limit=1000):
            pass
        mail = env["mail.mail"].search(
            [
                ("model", "=", "biroumum.booking"),
                ("res_id", "=", booking.id),
                ("subject", "ilike", "Lunas"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, member.partner_id)
        self.assertIn(invoice.name, mail.body_html)
        self.assertIn("Rp 400.000", mail.body_html)
