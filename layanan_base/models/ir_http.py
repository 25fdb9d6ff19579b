from odoo import models
from odoo.http import request

from ..tools import has_control_characters


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

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
