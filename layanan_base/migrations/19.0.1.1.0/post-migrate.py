from odoo import SUPERUSER_ID, api

from odoo.addons.layanan_base.hooks import setup_indonesian


def migrate(cr, version):
    """Databases installed before: Bahasa Indonesia for the visitors and new members."""
    setup_indonesian(api.Environment(cr, SUPERUSER_ID, {}))
