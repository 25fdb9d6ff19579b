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
