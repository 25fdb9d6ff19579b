from odoo import api, fields, models, tools

from .biroumum_facility import CATEGORIES

# what a member gets back of a paid booking cancelled at least so many hours before its
# start, until the agency sets its own rules (Configuration > Categories)
DEFAULT_REFUND_RULES = ((168, 100.0), (48, 50.0))


class BiroumumCategory(models.Model):
    """What the Biro Umum sets once for a kind of facility, per company: where its
    retribusi is booked (a sales journal, an income account) and what a cancelled paid
    booking gets back (its refund rules)."""

    _name = "biroumum.category"
    _description = "Facility category settings"
    _order = "company_id, category"
    _check_company_auto = True

    category = fields.Selection(CATEGORIES, required=True, readonly=True)
    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="The sales journal of this category's invoices (its own numbering). "
        "Empty: the company's first sales journal.",
    )
    income_account_id = fields.Many2one(
        "account.account",
        string="Income account",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Where this category's retribusi is booked, unless a facility names its own. "
        "Empty: the journal's default account.",
    )
    refund_rule_ids = fields.One2many(
        "biroumum.refund.rule", "category_setting_id", string="Refund rules"
    )

    _category_company_uniq = models.Constraint(
        "UNIQUE (company_id, category)", "Each category has one setting per company."
    )

    def _compute_name(self):
        labels = dict(self._fields["category"]._description_selection(self.env))
        for setting in self:
            setting.name = labels.get(setting.category, "")

    @api.model
    def _for(self, company, category):
        """The company's setting of `category` (sudo). Asked twice per booking an
        approval invoices (its journal, its account): read from a cache, not searched."""
        return self.sudo().browse(self._id_for(company.id, category))

    @tools.ormcache("company_id", "category")
    def _id_for(self, company_id, category):
        return (
            self.sudo()
            .search([("company_id", "=", company_id), ("category", "=", category)], limit=1)
            .id
        )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if {"company_id", "category"} & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _setup_retribusi(self):
        """The retribusi's income accounts and sales journals, and the category settings,
        on every company whose chart of accounts is loaded already (at install, and
        before the demo bookings are approved). A chart loaded later brings them itself
        (account.chart.template._post_load_data)."""
        companies = self.env["res.company"].search(
            [("chart_template", "!=", False)], order="parent_path"
        )
        for company in companies:
            ChartTemplate = self.env["account.chart.template"].with_company(company)
            code = company.chart_template
            ChartTemplate._load_data(
                {
                    "account.account": ChartTemplate._get_biroumum_account_account(code),
                    "account.journal": ChartTemplate._get_biroumum_account_journal(code),
                }
            )
            self._setup_company(company)

    @api.model
    def _setup_company(self, company):
        """The company's four settings, each with the journal and the income account that
        the chart of accounts brought for it (account.chart.template), and the default
        refund rules; what exists is left as the agency set it."""
        ChartTemplate = self.env["account.chart.template"].with_company(company)

        def ref(xmlid):
            record = ChartTemplate.ref(xmlid, raise_if_not_found=False)
            return record.id if record else False

        existing = set(self.sudo().search([("company_id", "=", company.id)]).mapped("category"))
        values = []
        for category, _label in CATEGORIES:
            if category in existing:
                continue
            values.append(
                {
                    "company_id": company.id,
                    "category": category,
                    "journal_id": ref(f"biroumum_retribusi_{category}"),
                    "income_account_id": ref(f"biroumum_retribusi_income_{category}"),
                    "refund_rule_ids": [
                        fields.Command.create({"hours_before": hours, "percent": percent})
                        for hours, percent in DEFAULT_REFUND_RULES
                    ],
                }
            )
        return self.sudo().create(values)

    def _refund_percent(self, hours_before):
        """What share (0-100) of a paid booking cancelled `hours_before` hours before its
        start is refunded: the rule of the longest notice that the cancellation meets;
        None when the category has no rules (finance decides)."""
        rules = self.refund_rule_ids.sorted("hours_before", reverse=True)
        if not rules:
            return None
        for rule in rules:
            if hours_before >= rule.hours_before:
                return rule.percent
        return 0.0


class BiroumumRefundRule(models.Model):
    _name = "biroumum.refund.rule"
    _description = "Refund rule"
    _order = "hours_before desc"

    category_setting_id = fields.Many2one(
        "biroumum.category", required=True, ondelete="cascade", index=True
    )
    hours_before = fields.Integer(
        string="Cancelled at least (hours before the start)", required=True
    )
    percent = fields.Float(string="Refund (%)", required=True, digits=(5, 2))

    _percent_range = models.Constraint(
        "CHECK (percent >= 0 AND percent <= 100)", "A refund is between 0 and 100 percent."
    )
    _hours_positive = models.Constraint(
        "CHECK (hours_before >= 0)", "The notice of a refund rule cannot be negative."
    )
