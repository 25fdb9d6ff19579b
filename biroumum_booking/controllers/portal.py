import base64

import babel.dates
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.layanan_base.tools import LINE_LENGTH, parse_wib_datetime, wib_today
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.biroumum_facility import CATEGORIES, CATEGORY_SLUGS, format_idr

SLUG_OF = {category: slug for slug, category in CATEGORY_SLUGS.items()}
AVAILABILITY_DAYS = 21
MAX_LETTER_BYTES = 5 * 1024 * 1024


def check_text(env, *values):
    """Raise a UserError in words for form values PostgreSQL cannot store as text: a NUL
    byte, or a file where text is expected."""
    for value in values:
        if value and (not isinstance(value, str) or "\x00" in value):
            raise UserError(
                env._("The form contains a character that is not allowed. Please check your text.")
            )


class BiroumumPortal(CustomerPortal):
    # ------------------------------------------------------------------ portal home
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "booking_count" in counters:
            Booking = request.env["biroumum.booking"]
            values["booking_count"] = (
                Booking.search_count([("partner_id", "=", request.env.user.partner_id.id)])
                if Booking.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------ catalogue
    def _category_labels(self):
        return dict(
            request.env["biroumum.facility"]._fields["category"]._description_selection(request.env)
        )

    @http.route("/layanan", type="http", auth="public", website=True, sitemap=False)
    def layanan_index(self, **kw):
        labels = self._category_labels()
        categories = [(SLUG_OF[key], labels[key]) for key, _label in CATEGORIES]
        return request.render("biroumum_booking.portal_layanan_index", {"categories": categories})

    @http.route("/layanan/<string:slug>", type="http", auth="public", website=True, sitemap=False)
    def layanan_category(self, slug, **kw):
        category = CATEGORY_SLUGS.get(slug) or (slug if slug in SLUG_OF else None)
        if not category:
            raise NotFound()
        Facility = request.env["biroumum.facility"]
        period, error = {}, False
        if kw.get("mulai") or kw.get("selesai"):
            # "which facilities are free then?": only those, or a message
            try:
                start = parse_wib_datetime(kw.get("mulai"))
                stop = parse_wib_datetime(kw.get("selesai"))
                if stop <= start:
                    raise ValueError
                period = {"mulai": kw["mulai"], "selesai": kw["selesai"]}
            except (ValueError, TypeError):
                error = request.env._("Please enter a valid period: the end after the start.")
        if period:
            facilities = Facility._free_facilities(category, start, stop)
        else:
            facilities = Facility.search([("category", "=", category)])
        return request.render(
            "biroumum_booking.portal_layanan_category",
            {
                "category": category,
                "category_label": self._category_labels()[category],
                "facilities": facilities,
                "slug_of": SLUG_OF,
                "period": period,
                "period_error": error,
                # what the member typed, shown again even when it was not a valid period
                "period_input": {k: kw.get(k) or "" for k in ("mulai", "selesai")},
            },
        )

    def _get_facility(self, facility_id):
        facility = request.env["biroumum.facility"].search([("id", "=", facility_id)])
        if not facility:
            raise NotFound()
        return facility

    def _facility_values(self, facility, **extra):
        terms = request.env["biroumum.terms"].sudo()._get_current(facility.category)
        values = {
            "facility": facility,
            "category_label": self._category_labels()[facility.category],
            "slug": SLUG_OF[facility.category],
            "days": request.env["biroumum.booking"]._availability(
                facility, wib_today(), AVAILABILITY_DAYS
            ),
            "terms": terms,
            "form": {},
            "error": False,
            "is_public": request.env.user._is_public(),
            # the form's maxlength: the model's own limits
            "text_limits": request.env["biroumum.booking"]._text_limits,
            "format_day": self._format_day,
        }
        values.update(extra)
        return values

    def _format_day(self, day):
        return babel.dates.format_date(day, "EEE, d MMM", locale=request.env.lang or "id_ID")

    @http.route(
        "/layanan/fasilitas/<int:facility_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def layanan_facility(self, facility_id, **kw):
        facility = self._get_facility(facility_id)
        return request.render(
            "biroumum_booking.portal_layanan_facility", self._facility_values(facility)
        )

    # ------------------------------------------------------------------ booking
    def _booking_vals(self, facility, post):
        """Only what a member may choose; the price is computed by the server."""
        env = request.env
        try:
            start = parse_wib_datetime(post.get("start"))
            stop = parse_wib_datetime(post.get("stop"))
        except ValueError:
            raise UserError(env._("Please fill in a valid start and end date and time.")) from None
        try:
            attendees = int(post.get("attendees") or 1)
        except (ValueError, TypeError):
            raise UserError(env._("The number of people must be a whole number.")) from None
        env["biroumum.booking"]._check_attendees_value({"attendees": attendees})
        if stop <= start:
            raise UserError(env._("The end must be after the start."))
        check_text(env, *(post.get(key) for key in ("purpose", "notes", "destination")))
        purpose = (post.get("purpose") or "").strip()
        if not purpose:
            raise UserError(env._("Please fill in the purpose (event) of the booking."))
        vals = {
            "facility_id": facility.id,
            "partner_id": env.user.partner_id.id,
            "start": start,
            "stop": stop,
            "purpose": purpose,
            "attendees": attendees,
            "notes": post.get("notes") or False,
        }
        if facility.category == "vehicle":
            vals["destination"] = (post.get("destination") or "").strip() or False
            vals["with_driver"] = bool(post.get("with_driver"))
        letter = post.get("request_letter")
        if letter and getattr(letter, "filename", None):
            check_text(env, letter.filename)
            content = letter.read()
            if len(content) > MAX_LETTER_BYTES:
                raise UserError(env._("The request letter is larger than 5 MB."))
            vals["request_letter"] = base64.b64encode(content)
            # the file's name comes from the member's device, not from the form: kept
            # to what the booking stores rather than refused
            limit = env["biroumum.booking"]._text_limits["request_letter_name"]
            vals["request_letter_name"] = letter.filename[-limit:]
        return vals

    @http.route(
        "/layanan/fasilitas/<int:facility_id>/pesan",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def layanan_book(self, facility_id, **post):
        env = request.env
        facility = self._get_facility(facility_id)
        terms = env["biroumum.terms"].sudo()._get_current(facility.category)
        # what the member typed, shown again: no longer than the booking takes
        limits = env["biroumum.booking"]._text_limits
        form = {k: v[: limits.get(k, LINE_LENGTH)] for k, v in post.items() if isinstance(v, str)}
        try:
            if post.get("terms_accepted") != "on" or str(terms.id) != post.get("terms_id"):
                raise UserError(env._("You must accept the Terms and Conditions before booking."))
            vals = self._booking_vals(facility, post)
            with env.cr.savepoint():
                # the member's own booking: fields chosen above, partner forced to the member
                booking_sudo = env["biroumum.booking"].sudo().create(vals)
                booking_sudo._accept_terms(terms)
                booking_sudo.with_env(env).action_submit()
        except UserError as e:
            values = self._facility_values(facility, form=form, error=e.args[0])
            return request.render("biroumum_booking.portal_layanan_facility", values)
        return request.redirect(f"/my/bookings/{booking_sudo.id}?submitted=1")

    @http.route("/layanan/harga", type="jsonrpc", auth="public", sitemap=False)
    def layanan_price(self, facility_id=None, start=None, stop=None, **kw):
        """The price of a period, computed on the server (shown before PESAN)."""
        env = request.env
        try:
            facility = self._get_facility(int(facility_id))
            start_dt, stop_dt = parse_wib_datetime(start), parse_wib_datetime(stop)
        except (ValueError, TypeError, OverflowError, NotFound):
            return {"error": env._("Please fill in a valid start and end date and time.")}
        if stop_dt <= start_dt:
            return {"error": env._("The end must be after the start.")}
        quantity, price, amount = env["biroumum.booking"]._price_for(
            facility, env.user.partner_id, start_dt, stop_dt
        )
        unit = env._("hours") if facility.tariff_unit == "hour" else env._("days")
        return {
            "quantity": quantity,
            "amount": amount,
            "text": f"{int(quantity)} {unit} x {format_idr(price)} = {format_idr(amount)}",
        }

    # ------------------------------------------------------------------ public verification
    @http.route(
        "/layanan/verifikasi/<string:token>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def layanan_verify(self, token, **kw):
        """What the QR code of a printed invoice / Bukti Peminjaman opens, for anyone who
        holds the paper: whether the booking is valid, and nothing more (its own token,
        never the member's portal access_token)."""
        booking_sudo = request.env["biroumum.booking"]._search_verification_token(
            token, [("state", "!=", "draft")]
        )
        if not booking_sudo:
            raise NotFound()
        return request.render(
            "biroumum_booking.portal_layanan_verify", {"booking_sudo": booking_sudo}
        )

    # ------------------------------------------------------------------ my bookings
    @http.route(
        ["/my/bookings", "/my/bookings/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_bookings(self, page=1, **kw):
        Booking = request.env["biroumum.booking"]
        domain = [("partner_id", "=", request.env.user.partner_id.id)]
        count = Booking.search_count(domain)
        pager = portal_pager(url="/my/bookings", total=count, page=page, step=self._items_per_page)
        bookings = Booking.search(
            domain, limit=self._items_per_page, offset=pager["offset"], order="start desc, id desc"
        )
        # the member's own bookings, found above under their rules; shown through sudo, for
        # they may be of a facility since archived, which the portal rule no longer shows
        bookings_sudo = bookings.sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "bookings_sudo": bookings_sudo,
                "pager": pager,
                "page_name": "bookings",
                "state_labels": dict(Booking._fields["state"]._description_selection(request.env)),
            }
        )
        return request.render("biroumum_booking.portal_my_bookings", values)

    def _booking_page(self, booking_sudo, **extra):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "booking_sudo": booking_sudo,
                "page_name": "booking",
                "can_cancel": booking_sudo.state in ("draft", "submitted", "approved")
                and fields.Datetime.now() <= booking_sudo._member_cancel_deadline(),
                "can_print": booking_sudo.state in ("approved", "done"),
                "error": False,
                "submitted": False,
            }
        )
        values.update(extra)
        return request.render("biroumum_booking.portal_my_booking", values)

    @http.route("/my/bookings/<int:booking_id>", type="http", auth="public", website=True)
    def portal_my_booking(self, booking_id, access_token=None, submitted=None, **kw):
        try:
            booking_sudo = self._document_check_access("biroumum.booking", booking_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._booking_page(booking_sudo, submitted=bool(submitted))

    @http.route(
        "/my/bookings/<int:booking_id>/batal",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_booking_cancel(self, booking_id, **kw):
        try:
            booking_sudo = self._document_check_access("biroumum.booking", booking_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                # as the member: action_cancel checks the owner and the cut-off
                booking_sudo.with_env(request.env).action_cancel()
        except UserError as e:
            return self._booking_page(booking_sudo, error=e.args[0])
        return request.redirect(f"/my/bookings/{booking_id}")

    @http.route("/my/bookings/<int:booking_id>/cetak", type="http", auth="user", website=True)
    def portal_my_booking_print(self, booking_id, access_token=None, **kw):
        try:
            booking_sudo = self._document_check_access("biroumum.booking", booking_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if booking_sudo.state not in ("approved", "done"):
            raise NotFound()
        return self._show_report(
            model=booking_sudo,
            report_type="pdf",
            report_ref="biroumum_booking.action_report_booking",
            download=True,
        )
