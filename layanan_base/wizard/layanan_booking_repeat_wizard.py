from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import format_wib_period

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class LayananBookingRepeatWizard(models.TransientModel):
    """Repeat a booking from the backend: the rule (daily, weekly on chosen days,
    monthly; until a date or N times), each later occurrence shown free or not (why),
    then the free ones made as one series with the booking (the booking model's
    ``_repeat_create``)."""

    _name = "layanan.booking.repeat.wizard"
    _description = "Repeat a booking"

    res_model = fields.Char(string="Booking model", required=True, readonly=True)
    res_id = fields.Integer(string="Booking ID", required=True, readonly=True)
    frequency = fields.Selection(
        [("daily", "Every day"), ("weekly", "Every week"), ("monthly", "Every month")],
        default="weekly",
        required=True,
    )
    until = fields.Date(string="Until (date)")
    count = fields.Integer(string="Or how many times", help="The booking itself included.")
    mon = fields.Boolean()
    tue = fields.Boolean()
    wed = fields.Boolean()
    thu = fields.Boolean()
    fri = fields.Boolean()
    sat = fields.Boolean()
    sun = fields.Boolean()
    preview = fields.Html(compute="_compute_preview", sanitize=False)
    free_count = fields.Integer(string="Free dates", compute="_compute_preview")

    def _booking(self):
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id).exists()

    def _periods(self):
        """The later occurrences (the booking itself is the first), and their checks."""
        booking = self._booking()
        weekdays = [day for day, name in enumerate(WEEKDAYS) if self[name]]
        periods = booking._series_periods(
            booking.start,
            booking.stop,
            self.frequency,
            until=self.until,
            count=self.count or None,
            weekdays=weekdays,
        )[1:]
        return booking._series_preview(periods, booking._repeat_check)

    @api.depends("frequency", "until", "count", *WEEKDAYS)
    def _compute_preview(self):
        for wizard in self:
            wizard.free_count = 0
            if not (wizard.res_model and wizard.res_id and (wizard.until or wizard.count)):
                wizard.preview = False
                continue
            try:
                rows = wizard._periods()
            except UserError as error:
                wizard.preview = Markup('<p class="text-danger">%s</p>') % error.args[0]
                continue
            items = [
                Markup('<li class="%s">%s: %s</li>')
                % (
                    "text-success" if not row["reason"] else "text-danger",
                    format_wib_period(row["start"], row["stop"], self.env.lang),
                    escape(self.env._("free")) if not row["reason"] else escape(row["reason"]),
                )
                for row in rows
            ]
            wizard.free_count = sum(1 for row in rows if not row["reason"])
            wizard.preview = Markup("<ol>%s</ol>") % Markup("").join(items)

    def action_create(self):
        """The free occurrences, made as one series with the booking."""
        self.ensure_one()
        rows = [row for row in self._periods() if not row["reason"]]
        if not rows:
            raise UserError(self.env._("None of the dates of the series is free."))
        booking = self._booking()
        booking._repeat_create([(row["start"], row["stop"]) for row in rows])
        return booking.action_view_series()
