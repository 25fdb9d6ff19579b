"""What installing the base does once for the whole database: the public services speak
Bahasa Indonesia from the first start."""

import logging
from ast import literal_eval

_logger = logging.getLogger(__name__)

SERVICE_LANG = "id_ID"


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


def post_init_hook(env):
    setup_indonesian(env)
