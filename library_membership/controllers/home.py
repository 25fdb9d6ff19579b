from odoo.http import request

from odoo.addons.layanan_base.controllers.home import LayananHome


class LibraryHome(LayananHome):
    def _layanan_service_homes(self):
        return super()._layanan_service_homes() + [
            {
                "sequence": 20,
                "url": "/perpustakaan",
                "name": request.env._("Provincial Library"),
                "summary": request.env._(
                    "The library member card: register online, free of charge."
                ),
                "login": "email",
                "paths": ("/perpustakaan", "/my/library-card"),
            }
        ]
