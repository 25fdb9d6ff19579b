"""The bookings hold their facility through the hold columns (buffers, linked
facilities): filled in SQL before the exclusion constraint moves onto them."""

from odoo.addons.layanan_base.tools.migrate import fill_booking_holds


def migrate(cr, version):
    fill_booking_holds(cr, "biroumum_booking", "facility_id")
