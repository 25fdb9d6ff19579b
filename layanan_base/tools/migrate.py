"""Steps that the services' migrations share."""

from odoo.tools import SQL


def fill_booking_holds(cr, table, resource_column):
    """Give the bookings of `table` what they hold (``layanan.booking.mixin``'s hold
    columns) before the ORM sees the new fields, so that an upgrade fills them in one
    statement rather than recomputing every booking in Python: their own period on their
    own resource, as a whole (no buffers nor links exist before them)."""
    cr.execute(
        SQL(
            "ALTER TABLE %(table)s ADD COLUMN IF NOT EXISTS hold_start timestamp,"
            " ADD COLUMN IF NOT EXISTS hold_stop timestamp,"
            " ADD COLUMN IF NOT EXISTS hold_resource_id integer,"
            " ADD COLUMN IF NOT EXISTS hold_part_id integer",
            table=SQL.identifier(table),
        )
    )
    cr.execute(
        SQL(
            "UPDATE %(table)s SET hold_start = start, hold_stop = stop,"
            " hold_resource_id = %(resource)s, hold_part_id = 0 WHERE hold_start IS NULL",
            table=SQL.identifier(table),
            resource=SQL.identifier(resource_column),
        )
    )
