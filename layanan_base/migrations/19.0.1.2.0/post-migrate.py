from odoo import SUPERUSER_ID, api

from odoo.addons.layanan_base.hooks import setup_company


def migrate(cr, version):
    """Databases installed before: the company in Indonesia, in rupiah and WIB where no
    entries stand in its way, and named after its agency."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    setup_company(env)
    env["layanan.agency"].search([])._sync_company()
