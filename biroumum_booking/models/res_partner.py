import datetime
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.layanan_base.tools import NAME_LENGTH

# Province codes of the Kemendagri administrative area codes (Permendagri 72/2019 and the
# Papua provinces of 2022). The same rules as library_membership/models/nik.py: the two
# addons install on their own, so each carries the check; keep them in step.
PROVINCE_CODES = {
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21,
    31, 32, 33, 34, 35, 36,
    51, 52, 53,
    61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76,
    81, 82,
    91, 92, 93, 94, 95, 96,
}  # fmt: skip


def nik_error(env, nik):
    """Return an Indonesian-translatable error for an invalid NIK, or False."""
    if not nik or not re.fullmatch(r"\d{16}", nik):
        return env._("The NIK must be exactly 16 digits.")
    if int(nik[:2]) not in PROVINCE_CODES:
        return env._("The NIK starts with an unknown province code (%s).", nik[:2])
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    today = fields.Date.context_today(env.user)
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        datetime.date(century + year, month, day)
    except ValueError:
        return env._("The NIK does not encode a valid birth date.")
    if nik[12:] == "0000":
        return env._("The last four digits of the NIK (serial number) cannot be 0000.")
    return False


class ResPartner(models.Model):
    _inherit = ["res.partner", "layanan.text.limits"]
    # the Biro Umum's own fields (a longer NIK would be cut to 16 characters by the
    # column's size, silently, and could then pass as a valid NIK)
    _text_limits = {"biroumum_nik": 16, "biroumum_institution": NAME_LENGTH}

    # personal data, and the tariff: for the Biro Umum staff only (the signup and the
    # pricing read and write them through sudo)
    biroumum_nik = fields.Char(
        string="NIK", size=16, copy=False, groups="biroumum_booking.group_manager"
    )
    biroumum_institution = fields.Char(string="Institution / organisation")
    biroumum_member_category = fields.Selection(
        [("public", "Public"), ("government", "Government institution")],
        string="Member category",
        default="public",
        groups="biroumum_booking.group_manager",
    )

    @api.model
    def _check_text_limits(self, vals):
        """Only the fields above: a contact's own fields are core's (and every module's)."""
        return super()._check_text_limits({k: v for k, v in vals.items() if k in self._text_limits})

    def _increase_rank(self, field, n=1):
        """Odoo counts each posted invoice in the partner's customer rank, after the commit,
        in a cursor of its own that reads the partner's tracked fields one query each (14)
        to track a write that changes none of them: the rank is not tracked. Without the
        tracking the rank is written the same, in 5 queries instead of 19, after every
        approval."""
        return super(ResPartner, self.with_context(mail_notrack=True))._increase_rank(field, n)

    @api.constrains("biroumum_nik")
    def _check_biroumum_nik(self):
        for partner in self.filtered("biroumum_nik"):
            error = nik_error(self.env, partner.biroumum_nik)
            if error:
                raise ValidationError(error)
