from odoo import api, models

# what a photo shows in the event report
PHOTO_CONTENT_FIELDS = ("datas", "raw", "db_datas", "store_fname", "url", "type", "mimetype")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def write(self, vals):
        if not self.env.su and any(name in vals for name in PHOTO_CONTENT_FIELDS):
            self.check_access("write")  # nothing to learn about a file one may not change
            self._check_not_in_sent_report()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_not_in_sent_report(self):
        self._check_not_in_sent_report()

    def _check_not_in_sent_report(self):
        """A photo of an event report sent to the leadership is what they received: whoever
        may change the booking's files may not replace or delete it (the superuser may)."""
        if self.env.su or not self.ids:
            return
        self.env["epesanruangan.booking"].sudo().search(
            [("photo_ids", "in", self.ids), ("report_sent", "=", True)], limit=1
        )._check_report_editable()
