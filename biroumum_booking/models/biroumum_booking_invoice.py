import math
from datetime import timedelta

from odoo import Command, api, models
from odoo.exceptions import UserError

from odoo.addons.layanan_base.tools import to_wib, wib_today

from .biroumum_facility import format_idr


class BiroumumBooking(models.Model):
    """A booking's price, its invoice and its printed invoice / Bukti Peminjaman."""

    _inherit = "biroumum.booking"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _price_for(self, facility, partner, start, stop):
        """(quantity, unit price, amount) computed on the server only."""
        if not (facility and start and stop) or stop <= start:
            return 0.0, 0.0, 0.0
        if facility.tariff_unit == "day":
            first, last = to_wib(start).date(), to_wib(stop - timedelta(seconds=1)).date()
            quantity = (last - first).days + 1
        else:
            quantity = math.ceil((stop - start).total_seconds() / 3600.0)
        price = facility._get_price(partner)
        return float(quantity), price, quantity * price

    def _priced_values(self):
        return (self.start, self.stop, self.facility_id.id, self.partner_id.id)

    def _reverse_invoice(self, ref, refund_percents=None):
        """Take back what the bookings' invoices bill for them: a posted invoice by a
        credit note (reconciled with it while it is unpaid; left in draft for finance
        when paid), a draft one is cancelled. An invoice that bills a series is reversed
        whole when all of it goes at once; otherwise the credit note carries only these
        bookings' lines, so that an occurrence is never credited twice.

        `refund_percents` ({booking id: percent or None}, a cancellation's): the credit
        note of a paid invoice credits that share of each booking, is posted and given
        back (_settle_refund); None for a booking leaves its credit note in draft for
        finance, as does a change of the booking. Returns the credit notes (none when
        finance has reversed the invoice already)."""
        refunds = self.env["account.move"]
        for invoice, bookings in self.sudo().grouped("invoice_id").items():
            if not invoice:
                continue
            paid = invoice.payment_state in ("paid", "in_payment")
            # the invoice bills no other booking (a booking's own invoice, a series
            # cancelled whole), and nothing of it was credited yet: reversed whole, even
            # a line finance added or one from before the lines named their booking
            others = self.sudo().search_count(
                [("invoice_id", "=", invoice.id), ("id", "not in", bookings.ids)], limit=1
            )
            if not others and not invoice.reversal_move_ids:
                refund = bookings[:1]._reverse_whole_invoice(invoice, ref)
            else:
                own = invoice.invoice_line_ids.filtered(
                    lambda line, b=bookings: line.biroumum_booking_id in b
                )
                refund = bookings._credit_lines(invoice, own, ref)
            if paid and refund_percents is not None and refund.state == "draft":
                refund = bookings._settle_refund(refund, refund_percents)
            refunds |= refund
        return refunds

    def _settle_refund(self, refund, percents):
        """The draft credit note `refund` of these bookings' paid invoice, cut to what
        each booking gets back (`percents`), posted and given back to the member
        (_refund_payment). A booking without rules (None) leaves it in draft for finance;
        nothing to give back: no credit note."""
        booking_percents = [percents.get(booking.id) for booking in self]
        if any(percent is None for percent in booking_percents):
            return refund
        for line in refund.invoice_line_ids:
            percent = percents.get(line.biroumum_booking_id.id, booking_percents[0])
            if percent < 100:
                line.price_unit = line.price_unit * percent / 100.0
        refund.invoice_line_ids.filtered(
            lambda line: refund.currency_id.is_zero(line.price_unit)
        ).unlink()
        if not refund.invoice_line_ids or refund.currency_id.is_zero(refund.amount_total):
            for booking in self:
                booking.message_post(
                    body=self.env._(
                        "Nothing is refunded of %s under the category's refund rules.",
                        booking.name,
                    )
                )
            refund.unlink()
            return refund.browse()
        refund.action_post()
        self[:1]._refund_payment(refund)
        return refund

    def _reverse_whole_invoice(self, invoice, ref):
        if invoice.state == "posted" and invoice.payment_state != "reversed":
            return invoice._reverse_moves(
                [{"ref": ref}], cancel=invoice.payment_state == "not_paid"
            )
        if invoice.state == "draft":
            invoice.button_cancel()
        return invoice.browse()

    def _credit_lines(self, invoice, lines, ref):
        """A credit note of `lines` of the series invoice: posted and set against the
        invoice while what is left to pay covers it, else in draft for finance."""
        if invoice.state == "draft":
            lines.unlink()
            return invoice.browse()
        if invoice.state != "posted" or invoice.payment_state == "reversed" or not lines:
            return invoice.browse()
        refund = invoice._reverse_moves([{"ref": ref}])
        refund.invoice_line_ids.filtered(
            lambda line: line.biroumum_booking_id not in lines.biroumum_booking_id
        ).unlink()
        if invoice.currency_id.compare_amounts(invoice.amount_residual, refund.amount_total) >= 0:
            refund.action_post()
            (invoice.line_ids | refund.line_ids).filtered(
                lambda line: line.display_type == "payment_term" and not line.reconciled
            ).reconcile()
        return refund

    def _release_invoice(self):
        """Before a changed booking is invoiced again: reverse its invoice and unlink it.
        Returns what the chatter says of it."""
        self.ensure_one()
        invoice = self.invoice_id
        if not invoice:
            return []
        was_draft = invoice.state == "draft"
        refund = self._reverse_invoice(self.env._("Change of %s", self.name))
        self.sudo().invoice_id = False
        if refund.state == "posted":
            note = self.env._(
                "The booking changed: invoice %(invoice)s is reversed by credit note %(refund)s.",
                invoice=invoice.name,
                refund=refund.name,
            )
        elif refund:
            note = self.env._(
                "The booking changed: invoice %s was paid, so its credit note is left in "
                "draft for finance to settle.",
                invoice.name,
            )
        elif was_draft:
            note = self.env._(
                "The booking changed: draft invoice %s is cancelled.", invoice.display_name
            )
        else:  # finance had reversed it already
            return []
        return [note]

    def _invoice_vals(self, journal):
        """The customer invoice of the bookings (one, or the occurrences of a series
        approved together: one line each), in `journal` (a sales journal of their
        company). Each line books the revenue on the facility's income account, or on
        the journal's default account: never on an account guessed from the member's
        other invoices, which is what Odoo does for a line without product."""
        first = self[:1]
        names = ", ".join(self.mapped("name"))
        return {
            "move_type": "out_invoice",
            "journal_id": journal.id,
            "partner_id": first.partner_id.id,
            "currency_id": first.currency_id.id,
            "invoice_date": wib_today(),
            # without a payment term Odoo dues it on the creator's own today, which may be
            # the day before the WIB invoice date
            "invoice_date_due": wib_today(),
            # the member's contact on the invoice's portal page ("Kirim pesan")
            "invoice_user_id": first.facility_id.manager_user_id.id or False,
            "invoice_origin": names,
            "ref": names,
            "invoice_line_ids": [
                Command.create(booking._invoice_line_vals(journal))
                for booking in self.sorted("start")
            ],
        }

    def _invoice_line_vals(self, journal):
        """An invoice line of the booking, worded in the booker's language (the invoice
        and its print are theirs), whoever approves."""
        self.ensure_one()
        booking = self.with_context(lang=self._document_lang())
        env = booking.env
        label = env._(
            "%(facility)s, %(period)s (%(qty)s %(unit)s x %(price)s)",
            facility=booking.facility_id.name,
            period=booking._format_period(),
            qty=int(booking.quantity),
            unit=env._("hours") if booking.facility_id.tariff_unit == "hour" else env._("days"),
            price=format_idr(booking.unit_price),
        )
        account = (
            booking.facility_id.with_company(booking.company_id).income_account_id
            or booking._category_setting().income_account_id
            or journal.default_account_id
        )
        return {
            "name": label,
            "account_id": account.id,
            "quantity": booking.quantity,
            "price_unit": booking.unit_price,
            "tax_ids": [Command.clear()],
            "biroumum_booking_id": booking.id,
        }

    def _category_setting(self):
        self.ensure_one()
        return self.env["biroumum.category"]._for(self.company_id, self.category)

    def _invoice_journal(self):
        """The sales journal of the booking's invoice: its category's retribusi journal,
        else the company's first sales journal (none: accounting is not set up)."""
        self.ensure_one()
        journal = self._category_setting().journal_id
        if journal.active:
            return journal
        Journal = self.env["account.journal"].sudo()
        return Journal.search(
            [*Journal._check_company_domain(self.company_id), ("type", "=", "sale")], limit=1
        )

    def _create_invoices(self):
        """Create and post the customer invoices, in one batch per company: one per
        booking, one per series for the occurrences of a series approved together.

        The invoices are created without mail tracking: logging the fields of a record that
        has just been made (fields_get on every line write) took 10-20% of the invoice's
        CPU, and the booking it comes from is on the invoice already (Source Document)."""
        for (company, journal), bookings in self.grouped(
            lambda b: (b.company_id, b._invoice_journal())
        ).items():
            if not journal:
                raise UserError(
                    self.env._(
                        "The booking cannot be approved: %(company)s has no sales journal "
                        "for its invoices. Ask finance to set up Accounting first.",
                        company=company.display_name,
                    )
                )
            # the occurrences of a series approved together share one invoice
            groups = list(bookings.grouped(lambda b: (b.partner_id, b.series_uid or b.id)).values())
            moves = (
                self.env["account.move"]
                .sudo()
                .with_company(company)
                .with_context(tracking_disable=True)
                .create([group._invoice_vals(journal) for group in groups])
            )
            for group, move in zip(groups, moves, strict=True):
                group.invoice_id = move
        self.invoice_id.action_post()
        # the invoice's portal token (its e-mail, the member's invoice page and PDF), made
        # with the invoice rather than by the first page or print that reads it
        for invoice in self.invoice_id:
            invoice._portal_ensure_token()

    def action_view_invoice(self):
        """The booking's invoice: the accounting document for whoever may read it; for
        the facility's manager, who is no accountant, its print from the booking (the
        invoice / Bukti Peminjaman, read only)."""
        self.ensure_one()
        self.check_access("read")
        if self.invoice_id.has_access("read"):
            return {
                "type": "ir.actions.act_window",
                "res_model": "account.move",
                "view_mode": "form",
                "res_id": self.invoice_id.id,
            }
        return self.env.ref("biroumum_booking.action_report_booking").report_action(self)

    def _payment_label(self):
        """Paid, not paid or free of charge: what the public verification page says of
        the payment (never the amount or the invoice)."""
        self.ensure_one()
        if not self.invoice_id:
            return self.env._("Free of charge") if not self.amount else self.env._("Not paid")
        if self.invoice_id.payment_state in ("paid", "in_payment"):
            return self.env._("Paid")
        return self.env._("Not paid")

    def _init_column(self, column_name):
        """The upgrade that gives the documents their own verification token also takes
        back the portal tokens that the QR codes printed until then carried: whoever
        saw such a paper holds its booking's access_token. A booking gets a new one with
        its next e-mail; its member still opens it by logging in."""
        result = super()._init_column(column_name)
        if column_name == "verification_token":
            self.env.cr.execute(
                "UPDATE biroumum_booking SET access_token = NULL WHERE access_token IS NOT NULL"
            )
        return result

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    def _document_lang(self):
        """The booker's language, as Odoo prints an invoice in its customer's."""
        self.ensure_one()
        return self.partner_id.lang or self.company_id.partner_id.lang or super()._document_lang()

    def _document_values(self):
        """What the invoice / Bukti Peminjaman shows: a moved booking (new period, new
        invoice), a paid invoice or a booking marked done is a new document."""
        facility = self.facility_id
        return (
            *super()._document_values(),
            self.name,
            self.state,
            self.partner_id.name,
            self.partner_id.biroumum_institution,
            facility.name,
            facility.location,
            facility.category,
            facility.tariff_unit,
            self.start,
            self.stop,
            self.purpose,
            self.attendees,
            self.destination,
            self.quantity,
            self.unit_price,
            self.amount,
            self.invoice_id.name,
            self.invoice_id.payment_state,
            self.payment_deadline,
            # a series invoice: an occurrence credited changes what is left to pay
            self.invoice_id.amount_residual,
            self.verification_token,
        )
