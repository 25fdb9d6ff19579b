from odoo import api, fields, models

from odoo.addons.layanan_base.tools import NAME_LENGTH, check_nik


class ResPartner(models.Model):
    _inherit = ["res.partner", "layanan.text.limits"]
    # the Biro Umum's own fields (a longer NIK would be cut to 16 characters by the
    # column's size, silently, and could then pass as a valid NIK)
    _text_limits = {"biroumum_nik": 16, "biroumum_institution": NAME_LENGTH}

    # personal data, and the tariff: for the Biro Umum staff only (the signup and the
    # pricing read and write them through sudo)
    biroumum_nik = fields.Char(
        string="Member NIK", size=16, copy=False, groups="biroumum_booking.group_manager"
    )
    biroumum_institution = fields.Char(string="Institution / organisation")
    biroumum_member_category = fields.Selection(
        [("public", "Public"), ("government", "Government institution")],
        string="Member category",
        default="public",
        groups="biroumum_booking.group_manager",
    )

    biroumum_no_show_count = fields.Integer(
        string="No-shows",
        compute="_compute_biroumum_no_show_count",
        groups="biroumum_booking.group_manager",
        help="Bookings released because nobody checked in.",
    )

    def _compute_biroumum_no_show_count(self):
        counts = dict(
            self.env["biroumum.booking"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("no_show", "=", True)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.biroumum_no_show_count = counts.get(partner._origin, 0)

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
            check_nik(self.env, partner.biroumum_nik)
