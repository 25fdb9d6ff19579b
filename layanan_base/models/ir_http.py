from odoo import models
from odoo.http import request

from ..tools import has_control_characters


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _match(cls, path):
        cls._layanan_visitor_lang()
        return super()._match(path)

    @classmethod
    def _layanan_visitor_lang(cls):
        """A visitor who is not logged in and has not chosen a language (the portal's
        language selector sets the ``frontend_lang`` cookie) speaks the public user's
        language, Bahasa Indonesia, whatever the browser asks for: the login, sign-up
        and password pages and our public pages are the agency's, in its language.
        A visitor who chose one (or whom a public page gave one: the cookie) keeps it on
        the login page too, which is not a frontend route that reads the cookie.
        (Core takes the browser's Accept-Language, and English when there is none.)"""
        if request.session.uid:
            return
        lang = request.cookies.get("frontend_lang")
        if not lang or lang not in dict(request.env["res.lang"].get_installed()):
            lang = request.env.ref("base.public_user").sudo().lang
        if lang and lang != request.env.context.get("lang"):
            request.session.context["lang"] = lang
            request.update_context(lang=lang)

    @classmethod
    def _get_default_lang(cls):
        """For a visitor (not logged in) the site's language is the public user's:
        core's routing redirects a request whose language is not this default to a
        URL prefixed with it (/id/...); a visitor who chose English gets /en/..."""
        if not request.session.uid:
            code = request.env.ref("base.public_user").sudo().lang
            lang = code and request.env["res.lang"]._get_data(code=code)
            if lang:
                return lang
        return super()._get_default_lang()

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The portal pages' scripts speak the visitor's language: core gives the
        frontend the translations of web and portal only (the website app, which we do
        not use, adds every installed module), so mail's chatter under a request or an
        invoice said "The conversation is empty." on an Indonesian page."""
        return [*super()._get_translation_frontend_modules_name(), "mail"]

    @classmethod
    def _serve_fallback(cls):
        """A path that no route matched and that holds a NUL or another control
        character is "not found" at once.

        Core's fallback looks such a path up as an attachment URL, and PostgreSQL cannot
        take a NUL in a query: the visitor got an HTTP 500 and the log a traceback
        (``/x%00``, or ``/layanan/abc%00`` whose route answers 404 and falls back too).
        No attachment, page or redirect has such a URL, so nothing that was served
        before is lost; every other path goes on to core's fallback unchanged."""
        if has_control_characters(request.httprequest.path):
            return None
        return super()._serve_fallback()
