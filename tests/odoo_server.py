"""A live Odoo 19 server for the system tests: a fresh database with the three addons
and their demo data, served by a multi-process Odoo on a free loopback port."""

import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid

import requests

REPO = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ("biroumum_booking", "library_membership", "epesanruangan")
ODOO_PATH = pathlib.Path(os.environ.get("ODOO_PATH", "/opt/odoo19"))
ODOO_PYTHON = os.environ.get("ODOO_PYTHON", "python3")
LOG_DIR = pathlib.Path(os.environ.get("TEST_LOG_DIR", REPO / ".test-logs"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    """Creates the database, starts the server, stops it and drops the database."""

    def __init__(self, workers=4, db=None, cron_threads=0):
        self.workers = workers
        self.cron_threads = cron_threads
        self.db = db or f"systest_{uuid.uuid4().hex[:10]}"
        self.port = free_port()
        self.gevent_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.data_dir = LOG_DIR / f"{self.db}-data"
        self.log = LOG_DIR / f"{self.db}.log"

    def _base_cmd(self):
        if not (ODOO_PATH / "odoo-bin").exists():
            raise RuntimeError(f"no odoo-bin in ODOO_PATH={ODOO_PATH}: set ODOO_PATH")
        return [
            ODOO_PYTHON,
            str(ODOO_PATH / "odoo-bin"),
            f"--addons-path={ODOO_PATH / 'odoo' / 'addons'},{ODOO_PATH / 'addons'},{REPO}",
            f"--data-dir={self.data_dir}",
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            "--no-database-list",
        ]

    def create_database(self):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        template = os.environ.get("SYSTEM_TESTS_TEMPLATE_DB")
        if template:
            # a database already holding the addons and demo data, cloned (fast path),
            # with its filestore (the demo's photos, logos and stored PDFs): without it
            # every image of an attachment is a server error
            subprocess.run(["createdb", "-T", template, self.db], check=True)
            filestore = pathlib.Path(
                os.environ.get(
                    "SYSTEM_TESTS_TEMPLATE_FILESTORE",
                    pathlib.Path.home() / ".local" / "share" / "Odoo" / "filestore" / template,
                )
            )
            if filestore.is_dir():
                shutil.copytree(filestore, self.data_dir / "filestore" / self.db)
            return
        cmd = self._base_cmd() + [
            "-i",
            ",".join(ADDONS),
            "--with-demo",
            "--stop-after-init",
            "--max-cron-threads=0",
            "--log-level=warn",
            f"--logfile={self.log}",
        ]
        subprocess.run(cmd, check=True, timeout=1200)

    # Every client of the system tests is 127.0.0.1: under layanan_base's rate limits (5
    # a minute per IP) the tests' sign-ups, applications and complaints would depend on
    # one another. The test server allows many; the tests of the limit itself lower it
    # for their own duration (sys_helpers.rate_limits).
    TEST_RATE_LIMITS = {
        "layanan_base.rate_limit_per_minute": "10000",
        "layanan_base.rate_limit_per_day": "1000000",
    }

    def configure_database(self):
        for key, value in self.TEST_RATE_LIMITS.items():
            subprocess.run(
                [
                    "psql",
                    "-X",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-d",
                    self.db,
                    "-c",
                    f"UPDATE ir_config_parameter SET value = '{value}' WHERE key = '{key}'",
                ],
                check=True,
            )

    def start(self):
        self.create_database()
        self.configure_database()
        cmd = self._base_cmd() + [
            f"--workers={self.workers}",
            f"--max-cron-threads={self.cron_threads}",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={self.gevent_port}",
            "--limit-time-real=300",
            "--limit-time-cpu=240",
            "--log-level=info",
            f"--logfile={self.log}",
        ]
        self.process = subprocess.Popen(cmd, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo exited with {self.process.returncode}; see {self.log}")
            try:
                if requests.get(f"{self.url}/web/health", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"Odoo did not answer on {self.url} within 120 s; see {self.log}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        subprocess.run(["dropdb", "--if-exists", "--force", self.db], check=False)
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def log_problems(self):
        """The ERROR and CRITICAL lines the server logged (tracebacks, HTTP 500s)."""
        if not self.log.exists():
            return []
        pattern = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
        return [line for line in self.log.read_text().splitlines() if pattern.match(line)]


def csrf_token(session, url):
    """The CSRF token of the form on the page at `url`."""
    page = session.get(url, timeout=60)
    page.raise_for_status()
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def post_call_kw(session, base_url, model, method, args=(), kwargs=None, timeout=120):
    """The HTTP response of a /web/dataset/call_kw request, as the web client sends it."""
    return session.post(
        f"{base_url}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs or {},
            },
        },
        timeout=timeout,
    )


def call_kw(session, base_url, model, method, args=(), kwargs=None, timeout=120):
    """The JSON body of a /web/dataset/call_kw request (an HTTP error raises)."""
    response = post_call_kw(session, base_url, model, method, args, kwargs, timeout)
    response.raise_for_status()
    return response.json()


def call_result(session, base_url, model, method, args=(), kwargs=None, timeout=120):
    """call_kw's result; fails with Odoo's error when the call was refused. (Odoo leaves
    "result" out of the answer when the method returned None.)"""
    body = call_kw(session, base_url, model, method, args, kwargs, timeout)
    assert "error" not in body, body["error"]
    return body.get("result")


def login(base_url, login_name, password):
    """An HTTP session logged in through Odoo's login page, as a browser does."""
    session = requests.Session()
    page = session.get(f"{base_url}/web/login", timeout=30)
    page.raise_for_status()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base_url}/web/login",
        data={"login": login_name, "password": password, "csrf_token": token},
        timeout=30,
    )
    response.raise_for_status()
    if "/web/login" in response.url:
        raise AssertionError(f"login as {login_name} failed")
    return session
