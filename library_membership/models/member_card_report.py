import base64

from odoo import api, models

from odoo.addons.layanan_base.tools import report_records


class ReportMemberCard(models.AbstractModel):
    """Values of the member card. It only reads: the first print's activation is done
    by the Print card button's action (``action_print_card``) before the report.

    Every way of printing the card (the button, the Print menu, /report/pdf/... and the
    portal) comes through here: members without a valid card are refused here.
    """

    _name = "report.library_membership.report_member_card"
    _description = "Library Member Card"

    @api.model
    def _get_report_values(self, docids, data=None):
        members = report_records(self.env, "library.member", docids)
        members._check_card_printable()
        report = self.env["ir.actions.report"]
        codes = {}
        for member in members:
            number = member.member_number or member.reference or ""
            codes[member.id] = {
                # the counter's scanner reads the number
                "barcode": base64.b64encode(
                    report.barcode("Code128", number, width=600, height=120, humanreadable=0)
                ).decode(),
                # anyone's phone reads the card's public verification page
                "qr": member._verification_qr(border=0),
            }
        return {
            "doc_ids": docids,
            "doc_model": "library.member",
            "docs": members,
            "codes": codes,
            "company": self.env.company,
            "card_zoom": report._library_card_zoom(),
        }
