import http.server
import re
import tempfile
import threading
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from odoo.addons.base.models import ir_actions_report
from odoo.addons.layanan_base.models import ir_actions_report as local_assets

REPORT = "base.ir_module_reference_print"


class Recorder(http.server.BaseHTTPRequestHandler):
    """A stand-in for the server at the report URL: records what wkhtmltopdf asks."""

    paths = []

    def do_GET(self):
        self.paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestReportAssets(TransactionCase):
    def setUp(self):
        super().setUp()
        Recorder.paths = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        port = self.server.server_address[1]
        self.env["ir.config_parameter"].sudo().set_param("report.url", f"http://127.0.0.1:{port}")

    def test_wkhtmltopdf_reads_the_style_sheets_from_files_not_from_the_server(self):
        """A print must not need a worker of the server that prints it: with as many
        prints as workers, every worker waited for a style sheet that no worker was free
        to serve, until limit_time_real killed them all."""
        runs = []
        real_run = ir_actions_report._run_wkhtmltopdf

        def run(args):
            # what wkhtmltopdf is given, read while its files exist
            documents = [
                open(path, encoding="utf-8").read() for path in args if path.endswith(".html")
            ]
            sheets = {
                path: open(path, encoding="utf-8").read()
                for document in documents
                for path in re.findall(r'href="file://([^"]+\.css)"', document)
            }
            runs.append((args, documents, sheets))
            return real_run(args)

        module = self.env.ref("base.module_layanan_base")
        with patch.object(ir_actions_report, "_run_wkhtmltopdf", run):
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(REPORT, module.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(Recorder.paths, [], "wkhtmltopdf asked the server for these")
        ((args, documents, sheets),) = runs
        self.assertEqual(len(documents), 3, "header, footer and the body")
        for document in documents:
            self.assertNotIn("/web/assets/", document)
            links = re.findall(r'href="file://([^"]+\.css)"', document)
            self.assertEqual(len(links), 2, "the report's two style bundles, as files")
        # one copy of each bundle for the whole print, with Bootstrap's rules in it
        self.assertEqual(len(sheets), 2)
        self.assertTrue(any(".text-end{" in css.replace(" ", "") for css in sheets.values()))
        # the folder of the sheets, and only it and the static files they name (fonts),
        # is what wkhtmltopdf may read besides its input
        self.assertIn("--disable-local-file-access", args)
        allowed = [args[i + 1] for i, arg in enumerate(args) if arg == "--allow"]
        folder = next(iter(sheets)).rsplit("/", 1)[0]
        self.assertIn(folder, allowed)
        self.assertTrue(folder.startswith(tempfile.gettempdir()))
        for path in allowed:
            self.assertTrue(path == folder or "/static/" in path + "/", path)
        # nothing to wait for over the network: wkhtmltopdf's own 200 ms, not Odoo's 1 s
        self.assertEqual(args[args.index("--javascript-delay") + 1], "200")

    def test_bundles_not_stored_yet_are_made_without_the_server(self):
        """After an install or an update the report's bundles are not stored until
        someone asks for them: the print makes them itself, it does not ask /web/assets/
        of a worker."""
        self.env["ir.attachment"].search([("url", "=like", "/web/assets/%report_assets%")]).unlink()
        module = self.env.ref("base.module_layanan_base")
        with patch.object(local_assets, "_cache", {}):
            pdf, _kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(REPORT, module.ids)
            )
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(Recorder.paths, [], "wkhtmltopdf asked the server for these")

    def test_a_print_delay_set_by_the_administrator_is_kept(self):
        self.env["ir.config_parameter"].sudo().set_param("report.print_delay", "1500")
        Report = self.env["ir.actions.report"].with_context(layanan_report_allow=["/tmp/x"])
        args = Report._build_wkhtmltopdf_args(
            self.env.ref("base.paperformat_euro"), landscape=False
        )
        self.assertEqual(args[args.index("--javascript-delay") + 1], "1500")
        self.assertEqual(args[args.index("--allow") + 1], "/tmp/x")
