import re
import secrets

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools.qr import qr_svg_data_uri

# what secrets.token_urlsafe(32) makes: 43 characters of the URL-safe base64 alphabet
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def new_verification_token():
    return secrets.token_urlsafe(32)


class LayananVerificationMixin(models.AbstractModel):
    """The public verification page of a printed document, opened by a token of its own.

    The QR code of a paper (an invoice, a booking confirmation, a member card) is read by
    anyone who holds the paper: it carries this token, which opens one page saying
    whether the document is valid, and nothing else. The portal's ``access_token``
    (which opens the record, its PDFs and its chatter) is never printed.

    The token is made with the record (a field default, in the transaction that creates
    it), never while a page or a report is rendered; a model that gets the field on an
    existing table gives each row a token of its own (see ``_init_column``)."""

    _name = "layanan.verification.mixin"
    _description = "Public verification token of a printed document"
    # the public page, e.g. "/layanan/verifikasi": the token follows
    _verification_path = None

    verification_token = fields.Char(
        readonly=True,
        copy=False,
        default=lambda self: new_verification_token(),
        help="Printed in the document's QR code: opens its public verification page only.",
    )

    _verification_token_unique = models.Constraint(
        "UNIQUE(verification_token)", "A verification token is unique."
    )

    def _init_column(self, column_name):
        """Odoo fills a new column with ONE value of the field's default for all existing
        rows: every old document would share a token. Each row gets its own."""
        if column_name != "verification_token":
            return super()._init_column(column_name)
        table = SQL.identifier(self._table)
        rows = self.env.execute_query(
            SQL("SELECT id FROM %s WHERE verification_token IS NULL", table)
        )
        for batch in split_every(1000, [row[0] for row in rows]):
            values = SQL(", ").join(
                SQL("(%s, %s)", record_id, new_verification_token()) for record_id in batch
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE %s AS t SET verification_token = v.token FROM (VALUES %s) "
                    "AS v(id, token) WHERE t.id = v.id",
                    table,
                    values,
                )
            )
        return None

    @api.model
    def _search_verification_token(self, token, domain=()):
        """The record (sudo) whose verification token this is, or an empty recordset:
        for any string a URL may carry (none that is not a token is even searched)."""
        records_sudo = self.sudo()
        if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
            return records_sudo.browse()
        return records_sudo.search([("verification_token", "=", token), *domain], limit=1)

    def _verification_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}{self._verification_path}/{self.verification_token}"

    def _verification_qr(self, border=4):
        """The QR code of the verification page, as an SVG data URI (no request to draw
        it, and fast enough for a batch of cards)."""
        return qr_svg_data_uri(self._verification_url(), border=border)
