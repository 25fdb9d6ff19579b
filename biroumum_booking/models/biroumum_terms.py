from odoo import api, fields, models

from odoo.addons.layanan_base.tools import NOTE_LENGTH

from .biroumum_facility import CATEGORIES

# characters of the terms' text, markup included: ten times a long note
TERMS_LENGTH = 10 * NOTE_LENGTH


class BiroumumTerms(models.Model):
    _name = "biroumum.terms"
    _description = "Terms and Conditions"
    _inherit = ["mail.thread", "layanan.text.limits"]
    _order = "category, version desc"
    _text_limits = {"body": TERMS_LENGTH}

    name = fields.Char(compute="_compute_name")
    category = fields.Selection(CATEGORIES, required=True, tracking=True)
    version = fields.Integer(default=1, required=True, readonly=True, tracking=True)
    body = fields.Html(required=True, sanitize=True)
    active = fields.Boolean(default=True)
    booking_count = fields.Integer(compute="_compute_booking_count")

    @api.depends("category", "version")
    def _compute_name(self):
        labels = dict(self._fields["category"]._description_selection(self.env))
        for terms in self:
            terms.name = self.env._(
                "Terms %(category)s v%(version)s",
                category=labels.get(terms.category, ""),
                version=terms.version,
            )

    def _compute_booking_count(self):
        groups = self.env["biroumum.booking"]._read_group(
            [("terms_id", "in", self.ids)], ["terms_id"], ["__count"]
        )
        counts = {terms.id: count for terms, count in groups}
        for terms in self:
            terms.booking_count = counts.get(terms.id, 0)

    def write(self, vals):
        """A text members already accepted is never changed: a new version replaces it."""
        if "body" not in vals:
            return super().write(vals)
        used = self.filtered(lambda t: t.booking_count)
        for terms in used:
            terms.copy(
                {
                    "body": vals["body"],
                    "version": terms.version + 1,
                    "category": vals.get("category", terms.category),
                }
            )
        if used:
            super(BiroumumTerms, used).write({"active": False})
        return super(BiroumumTerms, self - used).write(vals)

    @api.model
    def _get_current(self, category):
        return self.search([("category", "=", category)], order="version desc", limit=1)
