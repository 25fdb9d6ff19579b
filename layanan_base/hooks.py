"""What installing the base does once for the whole database: the public services speak
Bahasa Indonesia from the first start."""

import logging
from ast import literal_eval

_logger = logging.getLogger(__name__)

SERVICE_LANG = "id_ID"
WIB_TZ = "Asia/Jakarta"


def portal_template_user(env):
    """The user that every portal account is copied from (auth_signup's setting)."""
    template_id = literal_eval(
        env["ir.config_parameter"].sudo().get_param("base.template_portal_user_id", "False")
    )
    return env["res.users"].sudo().browse(template_id or []).exists()


def setup_indonesian(env):
    """Activate Bahasa Indonesia with Odoo's own translations of every installed module,
    and make it the language of the visitors (the public user) and of every account
    made from the portal template (sign-up, invitations). Backend users keep theirs."""
    lang = env["res.lang"].with_context(active_test=False).search([("code", "=", SERVICE_LANG)])
    if not lang.active:
        env["res.lang"]._activate_lang(SERVICE_LANG)
    modules = env["ir.module.module"].search([("state", "in", ("installed", "to upgrade"))])
    modules |= env["ir.module.module"].search([("name", "=", "layanan_base")])
    _logger.info("loading the %s translations of %s modules", SERVICE_LANG, len(modules))
    modules._update_translations(filter_lang=[SERVICE_LANG])
    users = env.ref("base.public_user") | portal_template_user(env)
    users.with_context(active_test=False).sudo().write({"lang": SERVICE_LANG})


def setup_company(env, company=None):
    """The agency's company (the main one: a demo's other companies keep theirs) in
    Indonesia and Western Indonesian Time, and in rupiah while nothing is booked in its
    accounts (Odoo refuses to change the currency of a company with journal entries, and
    we never change a country under them). A chart of accounts loaded later sets the
    currency of its own country: Odoo's generic chart keeps USD, l10n_id gives IDR."""
    company = (company or env.ref("base.main_company")).sudo()
    if "account.move.line" in env and env["account.move.line"].sudo().search_count(
        [("company_id", "=", company.id)], limit=1
    ):
        return
    idr = env.ref("base.IDR")
    if not idr.active:
        idr.active = True
    company.write({"currency_id": idr.id, "country_id": env.ref("base.id").id})
    company.partner_id.tz = WIB_TZ
    # the administrator set up by the database manager: WIB unless chosen otherwise
    admin = env.ref("base.user_admin", raise_if_not_found=False)
    if admin and not admin.tz:
        admin.tz = WIB_TZ


def post_init_hook(env):
    setup_indonesian(env)
    setup_company(env)
