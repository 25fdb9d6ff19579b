from odoo import api, models

from odoo.addons.base.models.ir_actions_report import _wkhtml

CARD_PAPERFORMAT = "library_membership.paperformat_member_card"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _build_wkhtmltopdf_args(
        self, paperformat_id, landscape, specific_paperformat_args=None, set_viewport_size=False
    ):
        """The member card is ID-1 (85.6 x 54 mm): a paper format holds whole millimetres."""
        args = super()._build_wkhtmltopdf_args(
            paperformat_id, landscape, specific_paperformat_args, set_viewport_size
        )
        card = self.env.ref(CARD_PAPERFORMAT, raise_if_not_found=False)
        if card and paperformat_id == card:
            for flag, size in (("--page-width", "85.6mm"), ("--page-height", "54mm")):
                if flag in args:
                    args[args.index(flag) + 1] = size
        return args

    @api.model
    def _library_card_zoom(self):
        """CSS zoom that makes 85.6 mm of CSS fill the 85.6 mm page.

        wkhtmltopdf built without the patched Qt (Debian's) cannot turn off its smart
        shrinking and draws the page at 96/125.4 of its size; --zoom does not help there.
        """
        return 1.0 if _wkhtml().is_patched_qt else 1.3066
