from odoo.http import request

from odoo.addons.layanan_base.controllers.home import LayananHome


class BiroumumHome(LayananHome):
    def _layanan_service_homes(self):
        return super()._layanan_service_homes() + [
            {
                "sequence": 10,
                "url": "/layanan",
                "name": request.env._("Biro Umum Services"),
                "summary": request.env._(
                    "Borrow the province's vehicles, buildings, meeting rooms and venues."
                ),
                "login": "email",
                "paths": ("/layanan", "/my/bookings", "/my/invoices"),
            }
        ]
