import hashlib

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from .signup import local_path

FEED_HEADERS = [("Content-Type", "text/calendar; charset=utf-8")]


class LayananCalendarFeed(http.Controller):
    """The calendar feeds (iCalendar) that calendar apps subscribe to: a private one
    per token, a public busy one per resource; and the portal's buttons for the
    user's own feed."""

    def _speak_indonesian(self):
        """No visitor to ask (a calendar app sends no language): the feeds' public
        words are the users' language, as the lobby screen's are."""
        if "id_ID" in dict(request.env["res.lang"].get_installed()):
            request.update_context(lang="id_ID")

    def _not_found(self):
        return request.make_response(
            request.env._("This calendar feed does not exist or was revoked."),
            headers=[("Content-Type", "text/plain; charset=utf-8")],
            status=404,
        )

    def _ics_response(self, body, cache):
        response = request.make_response(
            body.encode(),
            headers=[*FEED_HEADERS, ("Cache-Control", cache)],
        )
        response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
        return response.make_conditional(request.httprequest)

    @http.route(
        "/layanan/ical/<string:token>.ics",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        save_session=False,
    )
    def calendar_feed(self, token, **kw):
        self._speak_indonesian()
        feed_sudo = request.env["layanan.calendar.feed"].sudo()
        feed_sudo = feed_sudo.search([("token", "=", token)], limit=1) if token else feed_sudo
        # a revoked feed is archived (not found above); an archived owner's feeds stop
        if not feed_sudo or not feed_sudo.user_id.active:
            return self._not_found()
        try:
            body = feed_sudo._render_ics()
        except AccessError:
            # the owner may no longer read these bookings (a manager moved elsewhere)
            return self._not_found()
        feed_sudo._touch()
        return self._ics_response(body, "private, max-age=300")

    @http.route(
        "/layanan/ical/publik/<string:slug>/<int:res_id>.ics",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        save_session=False,
    )
    def calendar_feed_public(self, slug, res_id, **kw):
        self._speak_indonesian()
        resource_sudo = request.env["layanan.calendar.feed"]._public_resource(slug, res_id)
        if not resource_sudo:
            return self._not_found()
        Booking = request.env[resource_sudo._booking_model].sudo()
        return self._ics_response(Booking._public_feed_ics(resource_sudo), "public, max-age=300")

    @http.route("/my/kalender", type="http", auth="user", methods=["POST"], website=True)
    def calendar_feed_portal(self, model=None, operation=None, redirect=None, **kw):
        """The portal's "Calendar subscription" block: a new address, or revoke."""
        try:
            request.env["layanan.calendar.feed"]._portal_action(model, operation)
        except (UserError, AccessError) as error:
            return request.make_response(
                error.args[0], headers=[("Content-Type", "text/plain; charset=utf-8")], status=400
            )
        return request.redirect(local_path(redirect, default="/my"))
