"""Online payment: the retribusi's income accounts, sales journals and category settings
on the companies whose chart of accounts is loaded already."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    api.Environment(cr, SUPERUSER_ID, {})["biroumum.category"]._setup_retribusi()
