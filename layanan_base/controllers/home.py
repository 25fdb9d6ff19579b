from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.home import Home
from odoo.addons.web.controllers.utils import is_user_internal

from .signup import local_path


class LayananHome(Home):
    """The way in: `/` leads a visitor to the service(s) installed, and the login page
    asks for what the visitor's service logs in with (an e-mail address, or an NRK).

    Each service registers its public home once, by extending
    ``_layanan_service_homes`` in its own controller (Odoo's controller inheritance)."""

    def _layanan_service_homes(self):
        """The public homes of the services installed: dicts with ``sequence`` (their
        order on `/`), ``url``, ``name`` and ``summary`` (one line, in the visitor's
        language), ``login`` ("email" or "nrk": what its members log in with) and
        ``paths`` (the URL prefixes of the service: a login page whose ``redirect``
        leads there asks for the service's login)."""
        return []

    def _layanan_login(self, redirect):
        """What the login page asks for, "nrk" or "email", from where it leads back
        to; without a hint, the NRK only when every service installed logs in with it."""
        homes = self._layanan_service_homes()
        path = local_path(redirect, default="").split("?", 1)[0].split("#", 1)[0]
        for home in homes:
            if any(path == prefix or path.startswith(prefix + "/") for prefix in home["paths"]):
                return home["login"]
        kinds = {home["login"] for home in homes}
        return "nrk" if kinds == {"nrk"} else "email"

    # website: a frontend page (language, the portal's layout) when it lists the homes
    @http.route(website=True, sitemap=False)
    def index(self, s_action=None, db=None, **kw):
        if request.db and request.session.uid:
            if not is_user_internal(request.session.uid):
                return request.redirect("/my")  # a member: their own services
        elif request.db:
            request.env["ir.http"]._auth_method_public()
            homes = sorted(self._layanan_service_homes(), key=lambda home: home["sequence"])
            if len(homes) == 1:
                return request.redirect(homes[0]["url"])
            if homes:
                return request.render("layanan_base.service_homes", {"homes": homes})
        return super().index(s_action=s_action, db=db, **kw)

    @http.route()
    def web_login(self, *args, **kw):
        response = super().web_login(*args, **kw)
        if getattr(response, "is_qweb", False):  # the page, not the redirect of a login
            response.qcontext["layanan_login"] = self._layanan_login(
                response.qcontext.get("redirect") or request.params.get("redirect")
            )
        return response
