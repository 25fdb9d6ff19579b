from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    format_wib_period,
    parse_int,
    parse_wib_datetime,
)
from odoo.addons.layanan_base.tools.recurrence import weekday_names

from ..models.biroumum_facility import CATEGORIES, CATEGORY_SLUGS, format_idr

SLUG_OF = {category: slug for slug, category in CATEGORY_SLUGS.items()}


class BiroumumLayanan(http.Controller):
    """The public pages: the facilities, their availability and booking form, the
    price of a period, and the verification page of a printed document."""

    # ------------------------------------------------------------------ catalogue
    def _category_labels(self):
        return dict(
            request.env["biroumum.facility"]._fields["category"]._description_selection(request.env)
        )

    @http.route("/layanan", type="http", auth="public", website=True, sitemap=False)
    def layanan_index(self, **kw):
        labels = self._category_labels()
        categories = [(SLUG_OF[key], labels[key]) for key, _label in CATEGORIES]
        signup_enabled = request.env["res.users"].sudo()._get_signup_invitation_scope() == "b2c"
        return request.render(
            "biroumum_booking.portal_layanan_index",
            {"categories": categories, "signup_enabled": signup_enabled},
        )

    @http.route("/layanan/<string:slug>", type="http", auth="public", website=True, sitemap=False)
    def layanan_category(self, slug, **kw):
        category = CATEGORY_SLUGS.get(slug) or (slug if slug in SLUG_OF else None)
        if not category:
            raise NotFound()
        Facility = request.env["biroumum.facility"]
        # "which facilities are free then?": only those, or a message
        period = self._query_period(kw)
        error = False
        if period:
            facilities = Facility._free_facilities(category, *period)
        else:
            facilities = Facility.search([("category", "=", category)])
            if kw.get("mulai") or kw.get("selesai"):
                error = request.env._("Please enter a valid period: the end after the start.")
        period_input = {k: kw.get(k) or "" for k in ("mulai", "selesai")}
        return request.render(
            "biroumum_booking.portal_layanan_category",
            {
                "category": category,
                "category_label": self._category_labels()[category],
                "facilities": facilities,
                "slug_of": SLUG_OF,
                "period": period,
                "period_error": error,
                # the facility's page pre-fills its form with the period
                "period_query": f"?{urlencode(period_input)}" if period else "",
                # what the member typed, shown again even when it was not a valid period
                "period_input": period_input,
            },
        )

    def _query_period(self, kw):
        """The period of the address (`mulai`, `selesai`: WIB, as the datetime-local
        inputs send it) as naive UTC (start, stop); None when absent or not a period."""
        try:
            start = parse_wib_datetime(kw.get("mulai"))
            stop = parse_wib_datetime(kw.get("selesai"))
        except (ValueError, TypeError):
            return None
        return (start, stop) if start < stop else None

    def _get_facility(self, facility_id):
        facility = request.env["biroumum.facility"].search([("id", "=", facility_id)])
        if not facility:
            raise NotFound()
        return facility

    def _facility_values(self, facility, month=None, **extra):
        terms = request.env["biroumum.terms"].sudo()._get_current(facility.category)
        values = {
            "facility": facility,
            "category_label": self._category_labels()[facility.category],
            "slug": SLUG_OF[facility.category],
            # the availability calendar: the month of the address (?bulan=YYYY-MM)
            "month": request.env["biroumum.booking"]._availability_month_of(facility, month),
            "month_url": f"/layanan/fasilitas/{facility.id}",
            "terms": terms,
            "form": {},
            "error": False,
            "is_public": request.env.user._is_public(),
            # the form's maxlength: the model's own limits
            "text_limits": request.env["biroumum.booking"]._text_limits,
            "format_period": lambda start, stop: format_wib_period(start, stop, request.env.lang),
            "series_preview": None,
            "waitlist_possible": False,
            # the weekly repetition's days, Monday first, in the member's language
            "weekday_names": weekday_names(request.env.lang),
        }
        values.update(extra)
        return values

    @http.route(
        "/layanan/fasilitas/<int:facility_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def layanan_facility(self, facility_id, **kw):
        facility = self._get_facility(facility_id)
        # the period chosen on the category page ("Tampilkan yang kosong"), if it is one
        form = {}
        if self._query_period(kw):
            form = {"start": kw["mulai"].strip()[:16], "stop": kw["selesai"].strip()[:16]}
        values = self._facility_values(facility, month=kw.get("bulan"), form=form)
        return request.render("biroumum_booking.portal_layanan_facility", values)

    # ------------------------------------------------------------------ booking
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
        try:
            with env.cr.savepoint():
                booking_sudo = env["biroumum.booking"]._create_from_portal(facility, post)
        except UserError as e:
            # what the member typed, shown again: no longer than the booking takes
            limits = env["biroumum.booking"]._text_limits
            form = {
                k: v[: limits.get(k, LINE_LENGTH)] for k, v in post.items() if isinstance(v, str)
            }
            # a recurring request: its dates, free or not, for the member to choose
            preview = getattr(e, "preview", None)
            values = self._facility_values(
                facility,
                form=form,
                error=False if preview is not None else e.args[0],
                series_preview=preview,
                # a taken period: the member may wait for it
                waitlist_possible=preview is None
                and env["biroumum.booking"]._portal_period_taken(facility, post),
            )
            return request.render("biroumum_booking.portal_layanan_facility", values)
        return request.redirect(f"/my/bookings/{booking_sudo.id}?submitted=1")

    @http.route(
        "/layanan/fasilitas/<int:facility_id>/daftar-tunggu",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def layanan_waitlist_join(self, facility_id, **post):
        """The member waits for the period they asked for and found taken."""
        env = request.env
        facility = self._get_facility(facility_id)
        try:
            with env.cr.savepoint():
                env["biroumum.booking"]._waitlist_join_from_portal(facility, post)
        except UserError as e:
            values = self._facility_values(facility, form=dict(post), error=e.args[0])
            return request.render("biroumum_booking.portal_layanan_facility", values)
        return request.redirect("/my/daftar-tunggu")

    @http.route("/layanan/harga", type="jsonrpc", auth="public", sitemap=False)
    def layanan_price(self, facility_id=None, start=None, stop=None, attendees=None, **kw):
        """The price of a request, computed on the server once it is bookable (the form
        shows why it is not before PESAN)."""
        env = request.env
        try:
            facility = self._get_facility(int(facility_id))
            start_dt, stop_dt = parse_wib_datetime(start), parse_wib_datetime(stop)
        except (ValueError, TypeError, OverflowError, NotFound):
            return {"error": env._("Please fill in a valid start and end date and time.")}
        try:
            people = parse_int(attendees if attendees is not None else "")
        except (ValueError, TypeError):
            people = 0
        try:
            env["biroumum.booking"]._check_bookable(facility, start_dt, stop_dt, people)
        except ValidationError as e:
            return {"error": e.args[0]}
        quantity, price, amount = env["biroumum.booking"]._price_for(
            facility, env.user.partner_id, start_dt, stop_dt
        )
        unit = env._("hours") if facility.tariff_unit == "hour" else env._("days")
        text = f"{int(quantity)} {unit} x {format_idr(price)} = {format_idr(amount)}"
        return {
            "quantity": quantity,
            "amount": amount,
            "text": text if amount else env._("Free of charge"),
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
