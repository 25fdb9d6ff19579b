from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.layanan_base.controllers.home import LayananHome


class EpesanruanganHome(LayananHome):
    def _layanan_service_homes(self):
        return super()._layanan_service_homes() + [
            {
                "sequence": 30,
                "url": "/ruangan",
                "name": request.env._("Balaikota Room Booking"),
                "summary": request.env._(
                    "Work units (SKPD/UKPD) book the Balaikota's rooms and equipment, "
                    "with their operator's NRK."
                ),
                "login": "nrk",
                "paths": ("/ruangan", "/my/ruangan"),
            }
        ]


class EpesanruanganPublic(http.Controller):
    @http.route("/ruangan", type="http", auth="public", website=True, sitemap=False)
    def ruangan_home(self, **kw):
        """The Balaikota's public home: what the service is and the NRK login."""
        return request.render("epesanruangan.public_home", {})

    # ------------------------------------------------------------------ public schedule
    @http.route("/ruangan/jadwal", type="http", auth="public", website=True, sitemap=False)
    def ruangan_jadwal(self, **kw):
        """The rooms, for anyone: their capacity and place, each with its month of
        availability."""
        # the rooms are the Balaikota's, shown as the lobby screen shows them
        rooms_sudo = request.env["epesanruangan.room"].sudo().search([])
        return request.render("epesanruangan.public_schedule", {"rooms_sudo": rooms_sudo})

    @http.route(
        "/ruangan/jadwal/<int:room_id>", type="http", auth="public", website=True, sitemap=False
    )
    def ruangan_jadwal_room(self, room_id, bulan=None, **kw):
        """A room's month for anyone (``?bulan=YYYY-MM``): the periods that hold it, no
        event, work unit or operator (``_busy_periods`` reads the periods only)."""
        room_sudo = request.env["epesanruangan.room"].sudo().search([("id", "=", room_id)])
        if not room_sudo:
            raise NotFound()
        month = request.env["epesanruangan.booking"]._availability_month_of(room_sudo, bulan)
        return request.render(
            "epesanruangan.public_room_schedule",
            {"room_sudo": room_sudo, "month": month, "month_url": f"/ruangan/jadwal/{room_id}"},
        )
