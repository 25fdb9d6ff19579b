from odoo import api, fields, models

from odoo.addons.layanan_base.tools import NAME_LENGTH


class EpesanruanganEquipment(models.Model):
    _name = "epesanruangan.equipment"
    _inherit = ["layanan.text.limits"]
    _description = "Equipment (Perlengkapan)"
    _order = "name"
    _text_limits = {"name": NAME_LENGTH, "uom": NAME_LENGTH}

    name = fields.Char(required=True)
    stock = fields.Integer(required=True, default=1, help="Total quantity owned")
    uom = fields.Char(string="Unit of Measure", default="unit")
    active = fields.Boolean(default=True)

    _stock_positive = models.Constraint(
        "CHECK(stock >= 0)", "The stock of an equipment item cannot be negative."
    )

    @api.model
    def _lock(self, equipment_ids):
        """Lock the stock rows counted, so concurrent approvals wait for each other.

        Odoo runs in REPEATABLE READ: a transaction that waited for the lock still
        counts from its old snapshot. Touching the rows (a no-op UPDATE, which also
        locks them) makes the waiting transaction fail with a serialization error
        instead; Odoo then retries the request, which counts again and sees the
        allocation of the first one.
        """
        if equipment_ids:
            self.env.cr.execute(
                "SELECT id FROM epesanruangan_equipment WHERE id IN %s ORDER BY id FOR UPDATE",
                (tuple(equipment_ids),),
                log_exceptions=False,  # a serialization failure is expected: Odoo retries
            )
            self.env.cr.execute(
                "UPDATE epesanruangan_equipment SET stock = stock WHERE id IN %s",
                (tuple(equipment_ids),),
                log_exceptions=False,
            )

    def _available_qty(self, start, stop, exclude_booking_ids=()):
        """Stock minus what overlapping validated/scheduled bookings hold.

        One query for all items of ``self``; returns ``{equipment_id: qty}``.
        """
        if not self:
            return {}
        self.env["epesanruangan.booking"].flush_model(["start", "stop", "state"])
        self.env["epesanruangan.booking.line"].flush_model(["qty_approved", "equipment_id"])
        self.env.cr.execute(
            """
            SELECT e.id, e.stock - COALESCE(SUM(l.qty_approved), 0)
              FROM epesanruangan_equipment e
              LEFT JOIN epesanruangan_booking_line l ON l.equipment_id = e.id
                   AND l.booking_id IN (
                       SELECT b.id FROM epesanruangan_booking b
                        WHERE b.state IN ('validated', 'scheduled')
                          AND b.start < %s AND b.stop > %s
                          AND NOT (b.id = ANY(%s)))
             WHERE e.id IN %s
             GROUP BY e.id, e.stock
            """,
            (stop, start, list(exclude_booking_ids) or [0], tuple(self.ids)),
        )
        return dict(self.env.cr.fetchall())
