from odoo import models

from odoo.addons.layanan_base.tools import TITLE_LENGTH


class LayananSopStep(models.Model):
    """The library's managers edit the SOP steps' names: as long as a title, no more."""

    _name = "layanan.sop.step"
    _inherit = ["layanan.sop.step", "layanan.text.limits"]
    _text_limits = {"name": TITLE_LENGTH}
