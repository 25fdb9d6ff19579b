import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.recurrence import MAX_OCCURRENCES, occurrences


class LayananBookingMixin(models.AbstractModel):
    """Series of bookings: the periods of a repetition (``_series_periods``), each
    checked as a single booking would be (``_series_preview``), made together with one
    ``series_uid``; the backend's *Repeat* window (``action_repeat``) and the service's
    hooks (``_repeat_check``, ``_repeat_create``)."""

    _inherit = "layanan.booking.mixin"  # pylint: disable=consider-merging-classes-inherited

    # the bookings made together by one recurring request or Repeat share it
    series_uid = fields.Char(string="Series", index="btree_not_null", copy=False, readonly=True)
    series_count = fields.Integer(string="Bookings in the series", compute="_compute_series_count")

    @api.depends("series_uid")
    def _compute_series_count(self):
        uids = [uid for uid in self.mapped("series_uid") if uid]
        counts = {}
        if uids:
            groups = self.sudo()._read_group(
                [("series_uid", "in", uids)], ["series_uid"], ["__count"]
            )
            counts = dict(groups)
        for booking in self:
            booking.series_count = counts.get(booking.series_uid, 0)

    def _series(self):
        """These bookings with the others of their series (sudo), the earliest first."""
        uids = [uid for uid in self.mapped("series_uid") if uid]
        if not uids:
            return self.sudo()
        return self.sudo().search([("series_uid", "in", uids)], order="start, id") | self.sudo()

    @api.model
    @api.model
    def _series_periods(self, start, stop, frequency, until=None, count=None, weekdays=None):
        """The periods of a repetition of [start, stop) (``tools.recurrence``), the first
        one first; UserError in words for a rule that cannot be followed."""
        try:
            return occurrences(start, stop, frequency, until=until, count=count, weekdays=weekdays)
        except ValueError as error:
            if error.args[0] == "count":
                raise UserError(
                    self.env._("A series has at most %s bookings.", MAX_OCCURRENCES)
                ) from None
            if error.args[0] == "end":
                raise UserError(
                    self.env._("Please say until when the booking repeats, or how many times.")
                ) from None
            raise UserError(self.env._("Please choose how the booking repeats.")) from None

    def action_repeat(self):
        """The window that repeats this booking (layanan.booking.repeat.wizard)."""
        self.ensure_one()
        self._check_repeat_actor()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Repeat %s", self.display_name),
            "res_model": "layanan.booking.repeat.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    def _check_repeat_actor(self):
        """Who may repeat a booking from the backend: the service says."""
        raise UserError(self.env._("This booking cannot be repeated here."))

    def _repeat_check(self, start, stop):
        """The rules an occurrence of this booking's repetition must pass (raises in
        words): the service's own."""
        raise UserError(self.env._("This booking cannot be repeated here."))

    def _repeat_create(self, periods):
        """Make the occurrences `periods` of this booking, as one series with it."""
        raise UserError(self.env._("This booking cannot be repeated here."))

    def _series_preview(self, periods, check):
        """Which of `periods` ([(start, stop)]) can be booked: [{"start", "stop",
        "reason"}], `reason` False for a free one, else why not in words, as
        `check(start, stop)` raises it (a ValidationError or UserError: the clash with
        its facility and period, the opening hours, the booking window)."""
        preview = []
        for start, stop in periods:
            reason = False
            try:
                check(start, stop)
            except (ValidationError, UserError) as error:
                reason = error.args[0]
            preview.append({"start": start, "stop": stop, "reason": reason})
        return preview

    @api.model
    def _new_series_uid(self):
        return uuid.uuid4().hex
