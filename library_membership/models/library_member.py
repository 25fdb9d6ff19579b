from odoo import fields, models


class LibraryMember(models.Model):
    _name = "library.member"
    _description = "Library Member"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(string="Full name", required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("to_revise", "To revise"),
            ("verified", "Verified"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    id_type = fields.Selection(
        [("ktp", "KTP"), ("kk", "KK"), ("ktm", "KTM"), ("sim", "SIM")],
        string="ID document",
        required=True,
        default="ktp",
    )
    nik = fields.Char(string="NIK", index=True)
    member_number = fields.Char(readonly=True, copy=False, index=True)
