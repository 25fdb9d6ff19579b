from odoo import api, fields, models


class EpesanruanganRescheduleWizard(models.TransientModel):
    _name = "epesanruangan.reschedule.wizard"
    _description = "Change Room or Time"

    booking_id = fields.Many2one("epesanruangan.booking", required=True, ondelete="cascade")
    participants = fields.Integer(related="booking_id.participants")
    room_id = fields.Many2one("epesanruangan.room", required=True)
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
    free_room_ids = fields.Many2many("epesanruangan.room", compute="_compute_free_room_ids")
    alternative_ids = fields.One2many(
        "epesanruangan.alternative", "wizard_id", string="Free Alternatives"
    )

    @api.depends("start", "stop", "participants")
    def _compute_free_room_ids(self):
        Room = self.env["epesanruangan.room"]
        for wizard in self:
            if wizard.start and wizard.stop and wizard.stop > wizard.start:
                wizard.free_room_ids = Room._free_rooms(
                    wizard.start, wizard.stop, wizard.participants, wizard.booking_id.ids
                )
            else:
                wizard.free_room_ids = Room

    def action_apply(self):
        self.ensure_one()
        self.booking_id.action_reschedule(self.room_id, self.start, self.stop)
        return {"type": "ir.actions.act_window_close"}


class EpesanruanganAlternative(models.TransientModel):
    _name = "epesanruangan.alternative"
    _description = "Free Alternative for a Booking"
    _order = "kind, start, room_id"

    wizard_id = fields.Many2one("epesanruangan.reschedule.wizard", ondelete="cascade")
    room_id = fields.Many2one("epesanruangan.room", required=True)
    capacity = fields.Integer(related="room_id.capacity")
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
    kind = fields.Selection(
        [("room", "Another room, same time"), ("time", "Same room, another time")],
        required=True,
    )

    def action_apply(self):
        self.ensure_one()
        self.wizard_id.booking_id.action_reschedule(self.room_id, self.start, self.stop)
        return {"type": "ir.actions.act_window_close"}
