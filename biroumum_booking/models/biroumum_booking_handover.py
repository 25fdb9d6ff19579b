import babel.numbers
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.layanan_base.tools import format_wib, to_wib
from odoo.addons.layanan_base.tools.wib import babel_locale

FUEL_LEVELS = [
    ("0", "Empty"),
    ("25", "1/4"),
    ("50", "1/2"),
    ("75", "3/4"),
    ("100", "Full"),
]


class BiroumumBooking(models.Model):
    """A vehicle's hand-over: the Pengelola records the odometer, the fuel and the
    condition when it goes out and when it comes back, which writes Fleet's odometer
    log; a vehicle not back by the end of its booking gets an activity."""

    _inherit = "biroumum.booking"  # pylint: disable=consider-merging-classes-inherited

    handover_out_at = fields.Datetime(string="Handed over at", readonly=True, copy=False)
    odometer_out = fields.Float(
        string="Odometer out (km)", readonly=True, copy=False, digits=(12, 0)
    )
    fuel_out = fields.Selection(FUEL_LEVELS, string="Fuel out", readonly=True, copy=False)
    condition_out = fields.Text(string="Condition out", readonly=True, copy=False)
    handover_in_at = fields.Datetime(string="Returned at", readonly=True, copy=False)
    odometer_in = fields.Float(
        string="Odometer back (km)", readonly=True, copy=False, digits=(12, 0)
    )
    fuel_in = fields.Selection(FUEL_LEVELS, string="Fuel back", readonly=True, copy=False)
    condition_in = fields.Text(string="Condition back", readonly=True, copy=False)
    distance_km = fields.Float(
        string="Distance (km)",
        compute="_compute_distance_km",
        store=True,
        aggregator="sum",
    )
    overdue_notified = fields.Boolean(readonly=True, copy=False)
    # the borrowing institution, for the use per institution in the analysis
    institution = fields.Char(
        related="partner_id.biroumum_institution", store=True, string="Institution"
    )

    @api.depends("odometer_out", "odometer_in", "handover_in_at")
    def _compute_distance_km(self):
        for booking in self:
            booking.distance_km = (
                booking.odometer_in - booking.odometer_out if booking.handover_in_at else 0.0
            )

    def _format_km(self, value):
        """``12.345`` (Indonesian) / ``12,345``: a whole number of kilometres."""
        return babel.numbers.format_decimal(
            round(value or 0), locale=babel_locale(self.env.lang or "id_ID")
        )

    def _format_moment(self, dt):
        return format_wib(dt, self.env.lang)

    def _vehicle_last_odometer(self):
        """The highest reading in the vehicle's odometer log (Fleet's own rule)."""
        self.ensure_one()
        log = (
            self.env["fleet.vehicle.odometer"]
            .sudo()
            .search(
                [("vehicle_id", "=", self.facility_id.fleet_vehicle_id.id)],
                order="value desc",
                limit=1,
            )
        )
        return log.value

    def _check_handover(self, direction):
        """Whether the vehicle of this booking can go out / come back now: UserError in
        words, checked before the wizard opens and again when it is confirmed."""
        self.ensure_one()
        self._check_actor_staff()
        if self.category != "vehicle" or not self.facility_id.fleet_vehicle_id:
            raise UserError(self.env._("Only a vehicle is handed over."))
        if self.state != "approved":
            raise UserError(self.env._("Only an approved booking's vehicle is handed over."))
        if direction == "out" and self.handover_out_at:
            raise UserError(self.env._("The vehicle of %s was handed over already.", self.name))
        if direction == "in" and not self.handover_out_at:
            raise UserError(self.env._("The vehicle of %s has not been handed over.", self.name))
        if direction == "in" and self.handover_in_at:
            raise UserError(self.env._("The vehicle of %s is back already.", self.name))

    def action_hand_over_vehicle(self):
        return self._open_handover("out")

    def action_return_vehicle(self):
        return self._open_handover("in")

    def _open_handover(self, direction):
        self.ensure_one()
        self._check_handover(direction)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Vehicle handed over")
            if direction == "out"
            else self.env._("Vehicle returned"),
            "res_model": "biroumum.booking.handover.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_booking_id": self.id, "default_direction": direction},
        }

    def _record_handover(self, direction, odometer, fuel, condition, attachments=None):
        """The vehicle goes out (`direction` "out") or comes back ("in"): its odometer
        reading (never below the vehicle's last one, nor below the reading when it went
        out), fuel level and condition, on the booking and in Fleet's odometer log; the
        photos on the chatter's message. A return completes the booking."""
        self.ensure_one()
        self._check_handover(direction)
        vehicle = self.facility_id.fleet_vehicle_id.sudo()
        if odometer is None or odometer < 0:
            raise ValidationError(self.env._("Please enter the odometer reading in km."))
        last = self.odometer_out if direction == "in" else self._vehicle_last_odometer()
        if odometer < last:
            raise ValidationError(
                self.env._(
                    "The odometer reading %(reading)s km is below the last one, %(last)s km: "
                    "please check it.",
                    reading=self._format_km(odometer),
                    last=self._format_km(last),
                )
            )
        now = fields.Datetime.now()
        self.env["fleet.vehicle.odometer"].sudo().create(
            {"vehicle_id": vehicle.id, "value": odometer, "date": to_wib(now).date()}
        )
        prefix = "out" if direction == "out" else "in"
        self.sudo().write(
            {
                f"handover_{prefix}_at": now,
                f"odometer_{prefix}": odometer,
                f"fuel_{prefix}": fuel,
                f"condition_{prefix}": condition or False,
            }
        )
        fuel_label = dict(self._fields["fuel_out"]._description_selection(self.env)).get(fuel, "")
        if direction == "out":
            title = self.env._("Vehicle handed over")
        else:
            title = self.env._("Vehicle returned: %s km driven", self._format_km(self.distance_km))
        lines = [
            title,
            self.env._("Time: %s", self._format_moment(now)),
            self.env._("Odometer: %s km", self._format_km(odometer)),
            self.env._("Fuel: %s", fuel_label),
        ]
        if condition:
            lines.append(self.env._("Condition: %s", condition))
        if attachments:
            # the photos uploaded in the wizard belong to the booking from now on
            attachments.sudo().write({"res_model": self._name, "res_id": self.id})
        self.sudo().message_post(
            body=Markup("<br/>").join(lines),
            attachment_ids=attachments.ids if attachments else [],
        )
        if direction == "in":
            self.activity_unlink(["mail.mail_activity_data_todo"])
            self.action_done()
        return True

    @api.model
    def _cron_vehicle_overdue(self):
        """A vehicle handed over and not back by the end of its booking: an activity for
        the facility's manager, once."""
        overdue = self.sudo().search(
            [
                ("state", "=", "approved"),
                ("category", "=", "vehicle"),
                ("handover_out_at", "!=", False),
                ("handover_in_at", "=", False),
                ("overdue_notified", "=", False),
                ("stop", "<", fields.Datetime.now()),
            ]
        )
        for booking in overdue:
            booking.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Vehicle overdue: %s", booking.facility_id.name),
                note=self.env._(
                    "The vehicle of %(booking)s was due back %(stop)s.",
                    booking=booking.name,
                    stop=booking._format_moment(booking.stop),
                ),
                user_id=(booking.facility_id.manager_user_id or self.env.user).id,
            )
        overdue.write({"overdue_notified": True})
        return len(overdue)
