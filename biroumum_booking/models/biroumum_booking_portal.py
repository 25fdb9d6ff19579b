import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.layanan_base.models.layanan_booking_series import SeriesPreview
from odoo.addons.layanan_base.tools import (
    form_text,
    int_param,
    parse_int,
    parse_wib_datetime,
    read_upload,
)

from .biroumum_booking import MEMBER_FIELDS
from .biroumum_facility import DETAILED_DAYS
from .res_config_settings import BOOKING_WINDOW

MAX_LETTER_BYTES = 5 * 1024 * 1024


class BiroumumBooking(models.Model):
    """What the portal asks of the bookings: their pages and what the facilities'
    availability calendars (layanan.booking.mixin._availability_month) need to know."""

    _inherit = "biroumum.booking"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _check_bookable(self, facility, start, stop, attendees=0):
        """Every rule a member's request of `facility` for this period must pass (a
        taken slot, the past, the opening hours and holidays, the booking window, the
        capacity), checked without making it: the form asks as soon as the period is
        entered, before the terms dialog. ValidationError in words."""
        request = self.new(
            {"facility_id": facility.id, "start": start, "stop": stop, "attendees": attendees}
        )
        request._check_rules()

    def _compute_access_url(self):
        super()._compute_access_url()
        for booking in self:
            booking.access_url = f"/my/bookings/{booking.id}"
        return None

    # ------------------------------------------------------------------ availability
    @api.model
    def _availability_window_days(self):
        return int_param(self.env, BOOKING_WINDOW)

    @api.model
    def _availability_opening(self, resource, start, stop):
        """The facility's opening hours and holidays (``_opening_intervals``), asked
        2 x DETAILED_DAYS at a time: a month asked at once would be detailed at its ends
        only."""
        step = timedelta(days=2 * DETAILED_DAYS)
        opening, holidays, begin = [], [], start
        while begin < stop:
            end = min(begin + step, stop)
            part = resource._opening_intervals(begin, end)[resource.id]
            if part is None:
                return None
            opening += part[0]
            holidays += part[1]
            begin = end
        return opening, holidays

    # ------------------------------------------------------------------ the booking form
    @api.model
    def _create_from_portal(self, facility, post):
        """The current member's booking of `facility` from its page's form (`post`):
        read, kept to what a member may set (MEMBER_FIELDS), created for the member,
        its terms accepted and submitted as the member (action_submit checks the
        rules). Raises UserError/ValidationError in words."""
        env = self.env
        terms = env["biroumum.terms"].sudo()._get_current(facility.category)
        if post.get("terms_accepted") != "on" or str(terms.id) != post.get("terms_id"):
            raise UserError(env._("You must accept the Terms and Conditions before booking."))
        vals = self._portal_booking_vals(facility, post)
        # portal users may not create bookings: the member's own, through sudo, with
        # the member's fields only and the member as the booker
        vals = {key: value for key, value in vals.items() if key in MEMBER_FIELDS}
        periods = self._portal_series_periods(post, vals["start"], vals["stop"])
        if periods:
            return self._create_series_from_portal(facility, vals, periods, terms, post)
        booking_sudo = self.sudo().create({**vals, "partner_id": env.user.partner_id.id})
        booking_sudo._accept_terms(terms)
        booking_sudo.with_env(env).action_submit()
        return booking_sudo

    # ------------------------------------------------------------------ waiting list
    @api.model
    def _portal_period_taken(self, facility, post):
        """Whether the period of the form is held by another booking (or offered to the
        waiting list): what a waiting list is for. False for a period that cannot be
        read or that fails for another reason."""
        try:
            start = parse_wib_datetime(post.get("start"))
            stop = parse_wib_datetime(post.get("stop"))
        except ValueError:
            return False
        if not (start and stop) or stop <= start or start <= fields.Datetime.now():
            return False
        probe = self.new({"facility_id": facility.id, "start": start, "stop": stop})
        return bool(probe._clashing(limit=1)) or bool(
            self.env["layanan.booking.waitlist"]._offer_holding(
                self._name, facility, start, stop, self.env.user.partner_id
            )
        )

    @api.model
    def _waitlist_join_from_portal(self, facility, post):
        """The current member joins the waiting list of the form's period, with what
        they typed (read and checked as for a booking) and the terms they accepted."""
        env = self.env
        terms = env["biroumum.terms"].sudo()._get_current(facility.category)
        if post.get("terms_accepted") != "on" or str(terms.id) != post.get("terms_id"):
            raise UserError(env._("You must accept the Terms and Conditions before booking."))
        vals = self._portal_booking_vals(facility, post)
        kept = {
            key: value
            for key, value in vals.items()
            if key in MEMBER_FIELDS
            and key not in ("start", "stop", "facility_id")
            and key not in ("request_letter", "request_letter_name")
            and isinstance(value, (str, int, float, bool))
        }
        kept["terms_id"] = terms.id
        return env["layanan.booking.waitlist"]._join(
            self._name, facility, vals["start"], vals["stop"], kept
        )

    def _waitlist_book(self, entry):
        """The member of the waiting list `entry` takes its offer: their booking, made
        and submitted as from the form (the rules checked again), with the terms they
        accepted when they joined, if they are still the category's."""
        env = self.env
        facility = env["biroumum.facility"].browse(entry.resource_id).exists()
        if not facility:
            raise UserError(env._("This facility is no longer offered."))
        vals = dict(entry.booking_vals or {})
        terms = env["biroumum.terms"].sudo()._get_current(facility.category)
        if vals.pop("terms_id", None) != terms.id:
            raise UserError(
                env._(
                    "The Terms and Conditions changed since you joined the waiting list: "
                    "please book from the facility's page."
                )
            )
        vals = {key: value for key, value in vals.items() if key in MEMBER_FIELDS}
        booking_sudo = self.sudo().create(
            {
                **vals,
                "facility_id": facility.id,
                "start": entry.start,
                "stop": entry.stop,
                "partner_id": env.user.partner_id.id,
            }
        )
        booking_sudo._accept_terms(terms)
        booking_sudo.with_env(env).action_submit()
        return booking_sudo

    # ------------------------------------------------------------------ backend series
    def _check_repeat_actor(self):
        self._check_actor_staff()
        if self.state not in ("draft", "submitted", "approved"):
            raise UserError(self.env._("Only a booking that stands is repeated."))

    def _repeat_check(self, start, stop):
        self._check_bookable(self.facility_id, start, stop, self.attendees)

    def _repeat_create(self, periods):
        """The occurrences of this booking (staff, from the backend): the same booker,
        facility, purpose and accepted terms, one series with it, submitted when it is
        (the manager then approves them, one by one or the whole series)."""
        self.ensure_one()
        self._check_repeat_actor()
        booking_sudo = self.sudo()
        if not booking_sudo.series_uid:
            booking_sudo.series_uid = self._new_series_uid()
        shared = {
            key: booking_sudo[key].id if key in ("facility_id", "partner_id") else booking_sudo[key]
            for key in (
                "facility_id",
                "partner_id",
                "purpose",
                "attendees",
                "notes",
                "destination",
                "with_driver",
                "override_holiday",
                "series_uid",
            )
        }
        copies = booking_sudo.create(
            [{**shared, "start": start, "stop": stop} for start, stop in periods]
        )
        copies.write(
            {
                "terms_id": booking_sudo.terms_id.id,
                "terms_accepted_at": booking_sudo.terms_accepted_at,
            }
        )
        if self.state != "draft":
            copies.with_env(self.env).action_submit()
        return copies

    @api.model
    def _create_series_from_portal(self, facility, vals, periods, terms, post):
        """A recurring request: first the preview (which occurrences are free, which are
        not and why: SeriesPreview), then, once the member chose to book the free ones
        (``series_confirm``), those, as one series, submitted together; the others are
        left out. Returns the first booking made."""
        env = self.env
        partner = env.user.partner_id

        def check(start, stop):
            self._check_bookable(facility, start, stop, vals.get("attendees") or 0)

        preview = self._series_preview(periods, check)
        free = [row for row in preview if not row["reason"]]
        if post.get("series_confirm") != "free":
            raise SeriesPreview(preview)
        if not free:
            raise UserError(env._("None of the dates of the series is free."))
        uid = self._new_series_uid()
        bookings_sudo = self.sudo().create(
            [
                {
                    **vals,
                    "start": row["start"],
                    "stop": row["stop"],
                    "partner_id": partner.id,
                    "series_uid": uid,
                }
                for row in free
            ]
        )
        for booking_sudo in bookings_sudo:
            booking_sudo._accept_terms(terms)
        bookings_sudo.with_env(env).action_submit()
        return bookings_sudo[:1]

    @api.model
    def _portal_booking_vals(self, facility, post):
        """What the member typed in the booking form, read; the price is the server's."""
        env = self.env
        try:
            start = parse_wib_datetime(post.get("start"))
            stop = parse_wib_datetime(post.get("stop"))
        except ValueError:
            raise UserError(env._("Please fill in a valid start and end date and time.")) from None
        try:
            attendees = parse_int(post.get("attendees") or "1")
        except ValueError:
            raise UserError(env._("The number of people must be a whole number.")) from None
        self._check_attendees_value({"attendees": attendees})
        self._check_period(start, stop)
        check_text(env, *(post.get(key) for key in ("purpose", "notes", "destination")))
        vals = {
            "facility_id": facility.id,
            "start": start,
            "stop": stop,
            "purpose": form_text(post, "purpose"),
            "attendees": attendees,
            "notes": post.get("notes") or False,
        }
        if not vals["purpose"]:
            raise UserError(env._("Please fill in the purpose (event) of the booking."))
        if facility.category == "vehicle":
            vals["destination"] = form_text(post, "destination") or False
            vals["with_driver"] = bool(post.get("with_driver"))
        return {**vals, **self._portal_letter_vals(post.get("request_letter"))}

    @api.model
    def _portal_letter_vals(self, upload):
        """The request letter sent with the form, at most 5 MB."""
        content, name = read_upload(upload, MAX_LETTER_BYTES)
        if content is None:
            return {}
        check_text(self.env, upload.filename)
        if len(content) > MAX_LETTER_BYTES:
            raise UserError(self.env._("The request letter is larger than 5 MB."))
        # the file's name comes from the member's device, not from the form: kept to
        # what the booking stores rather than refused
        limit = self._text_limits["request_letter_name"]
        return {
            "request_letter": base64.b64encode(content),
            "request_letter_name": upload.filename[-limit:],
        }


def check_text(env, *values):
    """Raise a UserError in words for form values PostgreSQL cannot store as text: a NUL
    byte, or a file where text is expected."""
    for value in values:
        if value and (not isinstance(value, str) or "\x00" in value):
            raise UserError(
                env._("The form contains a character that is not allowed. Please check your text.")
            )
