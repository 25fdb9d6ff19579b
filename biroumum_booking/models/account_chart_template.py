from odoo import models

from odoo.addons.account.models.chart_template import template

# the retribusi of each facility category: its income account's code digit and its
# sales journal's code (codes free in Odoo's charts; l10n_id's income is 4xxxxxxx)
RETRIBUSI = {
    "vehicle": ("1", "RKD"),
    "building": ("2", "RGD"),
    "meeting_room": ("3", "RRR"),
    "venue": ("4", "RLP"),
}


class AccountChartTemplate(models.AbstractModel):
    """Every chart of accounts loaded on a company brings the Biro Umum's retribusi: for
    each facility category an income account and a sales journal, so the treasury (Kas
    Daerah) reads what each kind of facility brought in, and the invoices of a category
    are numbered in a sequence of their own."""

    _inherit = "account.chart.template"

    def _biroumum_retribusi_names(self):
        return {
            "vehicle": self.env._("Retribusi: vehicles"),
            "building": self.env._("Retribusi: buildings"),
            "meeting_room": self.env._("Retribusi: meeting rooms"),
            "venue": self.env._("Retribusi: venues and yards"),
        }

    @template(model="account.account")
    def _get_biroumum_account_account(self, template_code):
        names = self._biroumum_retribusi_names()
        return {
            f"biroumum_retribusi_income_{category}": {
                "name": names[category],
                # 41051001 in l10n_id's 8 digits, 410511 in the 6 of Odoo's generic chart
                "code": f"4105{digit}001" if template_code == "id" else f"4105{digit}1",
                "account_type": "income",
            }
            for category, (digit, _code) in RETRIBUSI.items()
        }

    @template(model="account.journal")
    def _get_biroumum_account_journal(self, template_code):
        names = self._biroumum_retribusi_names()
        return {
            f"biroumum_retribusi_{category}": {
                "name": names[category],
                "code": code,
                "type": "sale",
                "default_account_id": f"biroumum_retribusi_income_{category}",
                "show_on_dashboard": False,
                "sequence": 20,
            }
            for category, (_digit, code) in RETRIBUSI.items()
        }

    def _post_load_data(self, template_code, company, template_data):
        result = super()._post_load_data(template_code, company, template_data)
        self.env["biroumum.category"]._setup_company(company)
        return result
