import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.layanan_base.tools import format_wib

from .biroumum_facility import format_idr

_logger = logging.getLogger(__name__)

PAID_STATES = ("paid", "in_payment")
# what is refunded of a paid booking the staff cancel (the agency's decision, not the
# member's): all of it
STAFF_REFUND_PERCENT = 100.0


class BiroumumBooking(models.Model):
    """The booking follows its money. Members pay their invoice online (Odoo's payment
    framework: Xendit's QRIS, virtual accounts and e-wallets in production, the invoice's
    QRIS code of l10n_id); once the payment is confirmed the invoice is paid and
    reconciled by account_payment, the booking reads "Lunas", the member gets the receipt
    and the Pengelola is told. A facility may ask for the payment within some hours of
    the approval: a booking still unpaid then is released by a job. A paid booking
    cancelled is refunded by its category's rules, through the provider where it
    refunds, else by finance, who get a to-do."""

    _inherit = "biroumum.booking"  # pylint: disable=consider-merging-classes-inherited

    payment_status = fields.Selection(
        [
            ("free", "Free of charge"),
            ("to_pay", "Not paid"),
            ("paid", "Paid (Lunas)"),
            ("reversed", "Credited"),
        ],
        compute="_compute_payment_status",
        search="_search_payment_status",
        string="Payment status",
    )
    # set at the approval of a facility that asks to be paid within some hours; cleared
    # when the booking leaves approval; a paid invoice ends it (the release job reads
    # only these rows, and asks their invoice)
    payment_deadline = fields.Datetime(
        string="Pay before", readonly=True, copy=False, index="btree_not_null"
    )

    @api.depends("amount", "invoice_id.payment_state")
    def _compute_payment_status(self):
        for booking in self:
            state = booking.invoice_id.payment_state
            if not booking.invoice_id:
                booking.payment_status = "free" if not booking.amount else "to_pay"
            elif state in PAID_STATES:
                booking.payment_status = "paid"
            elif state == "reversed":
                booking.payment_status = "reversed"
            else:
                booking.payment_status = "to_pay"

    def _search_payment_status(self, operator, value):
        if operator not in ("=", "in"):
            return NotImplemented
        values = {value} if operator == "=" else set(value)
        domains = []
        if "paid" in values:
            domains.append([("invoice_id.payment_state", "in", PAID_STATES)])
        if "reversed" in values:
            domains.append([("invoice_id.payment_state", "=", "reversed")])
        if "to_pay" in values:
            domains.append(
                [
                    ("invoice_id", "!=", False),
                    ("invoice_id.payment_state", "not in", (*PAID_STATES, "reversed")),
                ]
            )
        if "free" in values:
            domains.append([("invoice_id", "=", False), ("amount", "=", 0)])
        if not domains:
            return [("id", "=", False)]
        return fields.Domain.OR(domains)

    # ------------------------------------------------------------------ paying
    def _payment_deadline_after_approval(self):
        """When the approved booking must be paid by (False: no limit)."""
        self.ensure_one()
        hours = self.facility_id.payment_hours
        if not hours or self.amount <= 0:
            return False
        return fields.Datetime.now() + timedelta(hours=hours)

    def _portal_pay_url(self):
        """The member's "Bayar sekarang": their invoice's page with Odoo's payment form
        open, or False when there is nothing to pay online."""
        self.ensure_one()
        invoice = self.invoice_id
        if not invoice or self.state not in ("approved", "done") or not invoice._has_to_be_paid():
            return False
        return invoice.get_portal_url(anchor="portal_pay", query_string="&payment=True")

    def _format_idr(self, amount):
        return format_idr(amount)

    def _portal_refund_note(self):
        """What the member is told, before cancelling this paid booking, they get back."""
        self.ensure_one()
        percent = self.with_context(biroumum_refund_by_rules=True)._refund_percent()
        if percent is None:
            return self.env._("The Biro Umum contacts you about the refund of your payment.")
        amount = self.amount * percent / 100.0
        if not amount:
            return self.env._(
                "Under the refund rules of this kind of facility nothing is refunded so "
                "close to the start."
            )
        return self.env._(
            "Under the refund rules you get back %(percent)s%% of it: %(amount)s.",
            percent=f"{percent:g}",
            amount=format_idr(amount),
        )

    def _qris_online(self):
        """Whether the booking's invoice shows a QRIS code here: on its portal page
        (``is_online_qr``), unpaid, with a bank account set up for QRIS (l10n_id)."""
        self.ensure_one()
        invoice = self.invoice_id.sudo()
        return bool(
            self.env.context.get("is_online_qr")
            and invoice.state == "posted"
            and invoice.display_qr_code
            and invoice.amount_residual
            and invoice.partner_bank_id
            and not invoice.partner_bank_id._get_error_messages_for_qr(
                "id_qr", invoice.partner_id, invoice.currency_id
            )
        )

    def _document_stored(self):
        """The PDF downloaded from the invoice's portal page carries a fresh QRIS code
        (it lives 30 minutes): rendered, not the stored print."""
        if self._qris_online():
            return self.env["ir.attachment"]
        return super()._document_stored()

    def _qris_code_url(self):
        """The QRIS code of the booking's unpaid invoice (l10n_id: the agency's QRIS
        merchant account on its bank account), made only where l10n_id makes it, on the
        invoice's portal page (``is_online_qr``); None elsewhere, or when QRIS is not set
        up. Making it records the code's QRIS transaction, which the QRIS status job asks
        about (l10n_id's own way; a print never makes one)."""
        self.ensure_one()
        if not self._qris_online():
            return None
        return self.invoice_id.sudo()._generate_qr_code(silent_errors=True)

    def _on_paid(self):
        """The invoice of these bookings is paid (account.move._invoice_paid_hook, called
        in the transaction that reconciles the payment): no deadline any more, the
        Pengelola is told on the booking, and the member's receipt is queued."""
        bookings = self.sudo().filtered(lambda b: b.state in ("approved", "done"))
        if not bookings:
            return
        # the booking's row is not written: its time to pay no longer counts once its
        # invoice is paid (the release job asks the invoice), and a write would race the
        # notice job's (the calendar event) when a member pays right after the approval
        for booking in bookings:
            manager = booking.facility_id.manager_user_id.partner_id
            booking.message_post(
                body=Markup("<p>%s</p>")
                % booking.env._(
                    "Invoice %(invoice)s is paid (Lunas): %(amount)s.",
                    invoice=booking.invoice_id.name,
                    amount=format_idr(booking.invoice_id.amount_total),
                ),
                partner_ids=manager.ids,
                subtype_xmlid="mail.mt_note",
            )
        bookings._queue_notice("paid")

    def _payment_summary(self):
        """How the booking's invoice was paid, for the receipt: [(date, channel, amount)]."""
        self.ensure_one()
        rows = []
        for payment in self.invoice_id.sudo().matched_payment_ids.filtered(
            lambda p: p.state in ("in_process", "paid")
        ):
            channel = (
                payment.payment_transaction_id.payment_method_id.name
                or payment.payment_transaction_id.provider_id.name
                or payment.journal_id.name
            )
            rows.append((payment.date, channel, format_idr(payment.amount)))
        return rows

    # ------------------------------------------------------------------ not paid in time
    @api.model
    def _cron_release_unpaid(self, limit=500):
        """The approved bookings not paid by their deadline: released (cancelled, the
        invoice credited, the member told, the period offered to the waiting list). The
        rows are locked with SKIP LOCKED, so that two servers release each booking
        once; a booking whose payment is under way at the provider is left for the
        next run."""
        self.flush_model(["state", "payment_deadline", "invoice_id"])
        self.env["account.move"].flush_model(["payment_state"])
        self.env["payment.transaction"].flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT booking.id
                  FROM biroumum_booking booking
                  JOIN account_move move ON move.id = booking.invoice_id
                 WHERE booking.state = 'approved'
                   AND booking.payment_deadline < %(now)s
                   AND move.payment_state NOT IN %(paid)s
                   AND NOT EXISTS (
                        SELECT 1
                          FROM account_invoice_transaction_rel rel
                          JOIN payment_transaction tx ON tx.id = rel.transaction_id
                         WHERE rel.invoice_id = move.id
                           AND tx.state IN ('pending', 'authorized', 'done'))
                 ORDER BY booking.payment_deadline
                 LIMIT %(limit)s
                   FOR UPDATE OF booking SKIP LOCKED
                """,
                now=fields.Datetime.now(),
                paid=(*PAID_STATES, "reversed"),
                limit=limit,
            )
        )
        bookings = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        # a QRIS code scanned just before the deadline: ask QRIS first (l10n_id's status
        # job would register the payment on its next run)
        with_qris = bookings.invoice_id.filtered("l10n_id_qris_transaction_ids")
        if with_qris:
            try:
                with self.env.cr.savepoint():
                    with_qris._l10n_id_update_payment_status()
            except Exception:  # QRIS unreachable: not released this run
                _logger.warning("QRIS could not be asked; bookings kept", exc_info=True)
                bookings = bookings.filtered(lambda b: b.invoice_id not in with_qris)
            bookings = bookings.filtered(lambda b: b.invoice_id.payment_state not in PAID_STATES)
        # the occurrences of a series billed together go together: one credit note
        for group in bookings.grouped("invoice_id").values():
            lang = group[:1].partner_id.lang or None
            group = group.with_context(lang=lang)
            group.action_cancel(
                reason=group.env._(
                    "Not paid by %(deadline)s: the booking is released and its invoice "
                    "cancelled by a credit note.",
                    deadline=format_wib(group[:1].payment_deadline, lang),
                )
            )
        return len(bookings)

    # ------------------------------------------------------------------ refunds
    def _refund_percent(self):
        """What share of this paid booking a cancellation now refunds: all of it when the
        staff cancel (the agency's decision), else its category's rules by the hours
        left before the start (a no-show: none left); None when the category has no
        rules (finance decides)."""
        self.ensure_one()
        if (
            not self.no_show
            and (self.env.su or self._is_staff())
            and not self.env.context.get("biroumum_refund_by_rules")
        ):
            return STAFF_REFUND_PERCENT
        hours = (self.start - fields.Datetime.now()).total_seconds() / 3600.0
        return self._category_setting()._refund_percent(hours)

    def _refund_payment(self, refund):
        """Give back what the posted credit note `refund` credits of a paid invoice:
        through the provider the member paid with when it refunds online, else a to-do
        for finance on the credit note. Returns the refund transaction, if any."""
        self.ensure_one()
        invoice = refund.reversed_entry_id
        amount = refund.amount_total
        tx = invoice.transaction_ids.filtered(
            lambda t: t.state == "done" and t.operation != "refund"
        )[:1]
        support = tx.provider_id.support_refund
        if tx and (support == "partial" or (support == "full_only" and amount == tx.amount)):
            refund_tx = tx.sudo()._refund(amount_to_refund=amount)
            # its outbound payment is set against the credit note when post-processed:
            # at once when the provider confirmed the refund already
            refund_tx.invoice_ids = refund
            if refund_tx.state == "done" and not refund_tx.is_post_processed:
                refund_tx._post_process()
            self.message_post(
                body=self.env._(
                    "%(amount)s is refunded through %(provider)s (credit note %(refund)s).",
                    amount=format_idr(amount),
                    provider=tx.provider_id.name,
                    refund=refund.name,
                )
            )
            return refund_tx
        finance = self._finance_user()
        refund.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Refund %s to the member", format_idr(amount)),
            note=self.env._(
                "Booking %(booking)s was cancelled after it was paid. Refund %(amount)s to "
                "%(member)s and register the payment on this credit note.",
                booking=self.name,
                amount=format_idr(amount),
                member=self.partner_id.name,
            ),
            user_id=finance.id,
        )
        self.message_post(
            body=self.env._(
                "%(amount)s is to be refunded by finance (credit note %(refund)s).",
                amount=format_idr(amount),
                refund=refund.name,
            )
        )
        return self.env["payment.transaction"]

    def _finance_user(self):
        """Who refunds by hand: an accounting manager of the company (the administrator
        only when there is no other)."""
        admin = self.env.ref("base.user_admin")
        group = self.env.ref("account.group_account_manager")
        users = group.sudo().all_user_ids.filtered(
            lambda u: u.active and not u.share and self.company_id in u.company_ids
        )
        return (users - admin).sorted("id")[:1] or admin
