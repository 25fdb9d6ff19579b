"""The bookings hold their room through the hold columns (buffers, joined rooms): filled
in SQL before the exclusion constraint moves onto them."""

from odoo.addons.layanan_base.tools.migrate import fill_booking_holds


def migrate(cr, version):
    fill_booking_holds(cr, "epesanruangan_booking", "room_id")
