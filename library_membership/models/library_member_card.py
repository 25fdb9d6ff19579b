import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.layanan_base.tools import int_param, send_queued_mail_soon, wib_today

from .library_member import (
    OFFICER,
)
from .res_config_settings import EXPIRY_REMINDER_DAYS


class LibraryMember(models.Model):
    """The member card: its first print (which activates the member), what it shows,
    its renewal and its expiry."""

    _inherit = "library.member"  # pylint: disable=consider-merging-classes-inherited

    def action_print_card(self):
        """Step 7: print the card. The first print activates the member: here, in the
        action, before the report is made (a report only reads)."""
        self._check_transition("action_print_card")
        self._activate_for_card()
        if len(self) == 1:
            # the card as printed now, served to its later prints (the member's portal,
            # a reprint); a batch is printed at once, not stored member by member
            self._store_documents()
        return self.env.ref("library_membership.action_report_member_card").report_action(self)

    def _document_lang(self):
        """The member's language, or the library's."""
        self.ensure_one()
        return self.partner_id.lang or self.env.company.partner_id.lang or super()._document_lang()

    def _document_values(self):
        """What the card shows: a renewal (new date), a new photo or name is a new card."""
        photo = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("res_field", "=", "image_1920"),
                ],
                limit=1,
            )
        )
        return (
            *super()._document_values(),
            self.name,
            self.member_number,
            self.reference,
            self.category_id.name,
            self.expiry_date,
            photo.checksum,
            self.verification_token,
        )

    def _document_check_printable(self):
        self._check_card_printable()
        return super()._document_check_printable()

    def _card_valid(self):
        """Whether the member's card is valid today (its public verification page)."""
        self.ensure_one()
        return self.state == "active" and bool(self.expiry_date) and self.expiry_date >= wib_today()

    def _check_card_printable(self):
        """Refuse the card of members who have none: only an active member gets a
        card, whoever asks and however (button, Print menu, report URL, portal). A
        verified member's first card comes from the Print card button, whose action
        activates the member first: the report itself never writes."""
        refused = self.filtered(lambda m: m.state not in ("verified", "active"))
        if refused:
            states = dict(self._fields["state"]._description_selection(self.env))
            names = ", ".join(f"{m.display_name} ({states[m.state]})" for m in refused[:10])
            if len(refused) > 10:
                names += ", ..."
            raise UserError(
                self.env._(
                    "No member card can be printed for %(members)s: a card is printed only "
                    "for a verified or an active member.",
                    members=names,
                )
            )
        first = self.filtered(lambda m: m.state == "verified")
        if first:
            names = ", ".join(first[:10].mapped("display_name"))
            raise UserError(
                self.env._(
                    "The first card of %(members)s is printed with the Print card button "
                    "on the member's form: it activates the membership.",
                    members=names + (", ..." if len(first) > 10 else ""),
                )
            )

    def _activate_for_card(self):
        """Activate verified members whose card is printed for the first time."""
        to_activate = self.filtered(lambda m: m.state == "verified")
        if not to_activate:
            return
        to_activate._check_group(OFFICER)
        for member in to_activate:
            if not member.image_1920:
                raise UserError(
                    self.env._(
                        "%(member)s has no photo: take it before printing the card.",
                        member=member.display_name,
                    )
                )
        if to_activate.filtered(lambda m: m.sop_step != "photo"):
            to_activate.filtered(lambda m: m.sop_step != "photo")._log_step("photo")
        to_activate._log_step("print")
        today = wib_today()
        now = fields.Datetime.now()
        for member in to_activate:
            months = member.category_id.validity_months or 12
            member._write_server_fields(
                {
                    "state": "active",
                    "member_number": member.member_number or self._next_member_number(),
                    "card_date": member.card_date or today,
                    "expiry_date": today + relativedelta(months=months),
                    "service_end": now,
                }
            )
            member._ensure_portal_contact()

    @api.model
    def _next_member_number(self):
        """Next number of the sequence, skipping numbers already given (e.g. imported)."""
        while True:
            number = self.env["ir.sequence"].next_by_code("library.member.number")
            if not self.search_count([("member_number", "=", number)], limit=1):
                return number

    def _renewal_from(self):
        """The first day an active membership can be renewed.

        The last days of the period, as many as the expiry reminder gives (the email
        invites the member to renew), but fewer than the period itself: a renewed
        membership is never renewable again before its new last days, so a double click
        or a stale tab cannot add a second period.
        """
        self.ensure_one()
        if not self.expiry_date:
            return wib_today()
        months = self.category_id.validity_months or 12
        period = self.expiry_date + relativedelta(months=months) - self.expiry_date
        days = min(int_param(self.env, EXPIRY_REMINDER_DAYS), period.days - 1)
        return self.expiry_date - datetime.timedelta(days=days)

    def action_renew(self):
        """Renew expired members, or active ones in the last days of their period, for
        the category's validity, from the current expiry (or today when it is past)."""
        self._check_transition("action_renew")
        not_due = self.filtered(lambda m: not m.renewal_due)
        if not_due:
            raise UserError(
                "\n".join(
                    self.env._(
                        "%(member)s is valid until %(date)s: the membership can be renewed "
                        "from %(first_day)s.",
                        member=member.display_name,
                        date=format_date(self.env, member.expiry_date),
                        first_day=format_date(self.env, member._renewal_from()),
                    )
                    for member in not_due[:10]
                )
            )
        today = wib_today()
        for member in self:
            months = member.category_id.validity_months or 12
            start = max(member.expiry_date or today, today)
            member._write_server_fields(
                {"state": "active", "expiry_date": start + relativedelta(months=months)}
            )
            member.message_post(
                body=self.env._(
                    "Membership renewed until %(date)s.",
                    date=format_date(self.env, member.expiry_date),
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _cron_expire_members(self):
        today = wib_today()
        expired = self.search([("state", "=", "active"), ("expiry_date", "<", today)])
        expired._write_server_fields({"state": "expired"})
        days = int_param(self.env, EXPIRY_REMINDER_DAYS)
        soon = self.search(
            [
                ("state", "=", "active"),
                ("expiry_date", "=", today + relativedelta(days=days)),
                ("email", "!=", False),
            ]
        )
        template = self.env.ref("library_membership.mail_template_member_expiry")
        for member in soon:
            template.send_mail(member.id)
        if soon:
            send_queued_mail_soon(self.env)
        return expired
