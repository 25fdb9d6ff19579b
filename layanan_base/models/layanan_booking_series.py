import uuid
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import parse_int
from ..tools.recurrence import MAX_OCCURRENCES, occurrences


class SeriesPreview(UserError):
    """Not an error: the occurrences of a recurring request, for the member to choose
    before anything is booked (``preview``: see ``_series_preview``). ``carry``: what
    the confirmation must post again besides what was typed (a file kept meanwhile);
    ``message``: why the dates are shown again (one became taken), or None."""

    def __init__(self, preview, carry=None, message=None):
        super().__init__(message or "series preview")
        self.preview = preview
        self.carry = carry or {}
        self.message = message


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

    def _series_in(self, states):
        """The bookings of this booking's series in `states`, as the current user (the
        "... whole series" buttons act on them, each checked as one is)."""
        self.ensure_one()
        return self._series().filtered(lambda b: b.state in states).with_env(self.env)

    def action_view_series(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Series of %s", self.display_name),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("series_uid", "=", self.series_uid)],
        }

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
            if error.args[0] == "overlap":
                raise UserError(
                    self.env._(
                        "The repetitions of this booking would overlap one another: please "
                        "choose a longer interval."
                    )
                ) from None
            raise UserError(self.env._("Please choose how the booking repeats.")) from None

    @api.model
    def _portal_series_periods(self, post, start, stop):
        """The occurrences of a recurring request (the form's "Ulangi" part: ``repeat``,
        ``repeat_until``, ``repeat_count``, ``repeat_weekday_<0-6>``): none for a single
        booking. UserError in words for a rule that cannot be read."""
        frequency = post.get("repeat") or "none"
        if frequency == "none":
            return []
        env = self.env
        try:
            until = post.get("repeat_until") and date.fromisoformat(post["repeat_until"].strip())
            count = parse_int(post.get("repeat_count") or "0")
            if count < 0:
                raise ValueError(count)
        except (ValueError, AttributeError):
            raise UserError(
                env._("Please give the repetition a valid end date or number of times.")
            ) from None
        weekdays = [day for day in range(7) if post.get(f"repeat_weekday_{day}")]
        return self._series_periods(
            start, stop, frequency, until=until, count=count, weekdays=weekdays
        )

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
