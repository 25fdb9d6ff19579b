"""wkhtmltopdf reads a report's style sheets from files, never from the server.

Odoo's report layout links its asset bundles by URL (``/web/assets/...css``), and
wkhtmltopdf fetches them over HTTP from the report URL: from the worker pool in which a
worker is waiting for that wkhtmltopdf. With as many simultaneous prints as workers,
every worker waits for a request that no worker is free to answer, until
``limit_time_real`` kills them all (measured: 7 prints on 2 workers, both workers killed
after the limit, every print and every other page lost).

Here each bundle that a report links is written once per print into a folder of its own,
the links point at those files, and wkhtmltopdf is allowed to read that folder (and only
the static files the style sheets name, e.g. fonts) with ``--allow``: it makes no
request to the server for them.
"""

import collections
import io
import logging
import os
import re
import tempfile
import threading

from odoo import SUPERUSER_ID, api, models
from odoo.tools.misc import file_path

_logger = logging.getLogger(__name__)

# <link ... href="/web/assets/<unique>/<name>.css"/> and <script ... src="/web/assets/...js">
ASSET_REF = re.compile(r"""(\b(?:href|src)=["'])(/web/assets/[^"'?#]+\.(?:css|js))(["'])""")
# url(/module/static/...) in a style sheet: resolved against the sheet, now a file
STATIC_URL = re.compile(r"""url\(\s*(["']?)(/[\w.-]+/static/[^"')?#\s]+)[^"')\s]*\1\s*\)""")
# wkhtmltopdf's own default wait for JavaScript, in ms (Odoo's is 1000)
LOCAL_PRINT_DELAY = "200"
# the style sheets of a bundle URL never change (its unique is the hash of its content)
_CACHE_SIZE = 16
_cache = collections.OrderedDict()
_cache_lock = threading.Lock()


def _static_file(url):
    """The file on disk of a module's static URL, or None."""
    relative = os.path.normpath(url.lstrip("/"))
    if relative.split(os.sep)[1:2] != ["static"]:
        return None
    try:
        return file_path(relative, filter_ext=())
    except (FileNotFoundError, ValueError):
        return None


def _local_css(css, base_url):
    """The style sheet with its static URLs as files; (css, folders they are in).

    A URL that is no module's static file stays on the server (absolute), as before."""
    folders = set()

    def local(match):
        path = _static_file(match.group(2))
        if not path:
            return f'url("{base_url}{match.group(2)}")'
        folders.add(os.path.dirname(path))
        return f'url("file://{path}")'

    return STATIC_URL.sub(local, css), folders


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _local_asset(self, url, base_url):
        """(content, folders) of an asset bundle's file, or None when it cannot be made."""
        key = (self.env.cr.dbname, url, base_url)
        with _cache_lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
        attachment = self.env["ir.attachment"].sudo()._get_serve_attachment(url)
        content = attachment.raw.decode() if attachment else self._generate_asset(url)
        if content is None:
            return None
        folders = set()
        if url.endswith(".css"):
            content, folders = _local_css(content, base_url)
        with _cache_lock:
            _cache[key] = (content, folders)
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
        return content, folders

    def _generate_asset(self, url):
        """The content of a bundle that is not stored yet (the first print after an
        install or an update): generated and stored here, as the /web/assets/ route
        would (in a transaction of its own, so also from a read-only request), rather
        than by that route in another worker."""
        filename = url.rsplit("/", 1)[-1]
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                name, rtl, kind, autoprefix = env["ir.asset"]._parse_bundle_name(filename, False)
                bundle = env["ir.qweb"]._get_asset_bundle(
                    name, css=kind == "css", js=kind == "js", rtl=rtl, autoprefix=autoprefix
                )
                if kind == "css" and bundle.stylesheets:
                    return bundle.css().raw.decode()
                if kind == "js" and bundle.javascripts:
                    return bundle.js().raw.decode()
            except ValueError:
                _logger.warning("Report asset %s cannot be generated", url, exc_info=True)
        return None

    def _localize_assets(self, folder, documents):
        """The documents (HTML) with their asset bundles read from files in `folder`;
        returns (documents, the folders wkhtmltopdf must be allowed to read)."""
        base_url = self._get_report_url().rstrip("/")
        files, allowed = {}, {folder}

        def local(match):
            url = match.group(2)
            if url not in files:
                asset = self._local_asset(url, base_url)
                if asset is None:
                    _logger.warning("Report asset %s is not found: wkhtmltopdf fetches it", url)
                    files[url] = None
                else:
                    content, folders = asset
                    path = os.path.join(folder, f"{len(files)}-{os.path.basename(url)}")
                    with open(path, "w", encoding="utf-8") as handle:
                        handle.write(content)
                    files[url] = path
                    allowed.update(folders)
            if not files[url]:
                return match.group(0)
            return f"{match.group(1)}file://{files[url]}{match.group(3)}"

        return [document and ASSET_REF.sub(local, str(document)) for document in documents], allowed

    @api.model
    def _build_wkhtmltopdf_args(
        self, paperformat_id, landscape, specific_paperformat_args=None, set_viewport_size=False
    ):
        args = super()._build_wkhtmltopdf_args(
            paperformat_id, landscape, specific_paperformat_args, set_viewport_size
        )
        allowed = self.env.context.get("layanan_report_allow")
        for folder in sorted(allowed or ()):
            args.extend(["--allow", folder])
        delay = self.env["ir.config_parameter"].sudo().get_param("report.print_delay")
        if allowed and not delay and "--javascript-delay" in args:
            # Odoo waits 1 s (its default) for style sheets that wkhtmltopdf fetched over
            # HTTP; read from files they are there at once: wkhtmltopdf's own 200 ms do.
            # A delay set in report.print_delay is kept.
            args[args.index("--javascript-delay") + 1] = LOCAL_PRINT_DELAY
        return args

    @api.model
    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        with tempfile.TemporaryDirectory(prefix="report.assets.") as folder:
            documents, allowed = self._localize_assets(folder, [header, footer, *bodies])
            header, footer, *bodies = documents
            return super(
                IrActionsReport, self.with_context(layanan_report_allow=sorted(allowed))
            )._run_wkhtmltopdf(
                bodies,
                report_ref=report_ref,
                header=header,
                footer=footer,
                landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """One record's document stored by the step that made it final (see
        layanan.stored.document) is served as stored: no rendering, no worker held."""
        if res_ids and len(res_ids) == 1:
            report_sudo = self._get_report(report_ref)
            Model = self.env[report_sudo.model]
            if (
                isinstance(Model, self.env.registry["layanan.stored.document"])
                and report_sudo.report_name == Model._document_report
            ):
                record = Model.browse(res_ids)
                record._document_check_printable()
                stored = record._document_stored()
                if stored:
                    return {record.id: {"stream": io.BytesIO(stored.raw), "attachment": None}}
        return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
