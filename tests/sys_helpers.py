"""Helpers of the black-box system tests: JSON-RPC as a given user, the Indonesian
texts of the addons' messages, PDF text, fresh test data and the Indonesian language."""

import contextlib
import datetime
import html
import itertools
import pathlib
import re
import subprocess
import tempfile
import threading
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from babel.messages import pofile
from odoo_server import REPO, login, post_call_kw

WIB = datetime.timezone(datetime.timedelta(hours=7))
# Indonesian, and one connection per request (no idle keep-alive sockets left on the
# prefork workers by dozens of parallel clients)
ACCEPT_ID = {"Accept-Language": "id-ID,id;q=0.9", "Connection": "close"}
_counter = itertools.count(1)
_counter_lock = threading.Lock()


def unique(prefix="x"):
    with _counter_lock:
        return f"{prefix}{next(_counter)}{uuid.uuid4().hex[:6]}"


class RpcError(Exception):
    def __init__(self, error):
        self.error = error
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        super().__init__(f"{self.name}: {self.message}")


class Rpc:
    """JSON-RPC (/web/dataset/call_kw) through a session logged in as a user."""

    def __init__(self, url, login_name, password, session=None):
        self.url = url
        self.login = login_name
        self.session = session or login(url, login_name, password)
        self.session.headers.update(ACCEPT_ID)

    def raw(self, model, method, args=(), kwargs=None):
        """The HTTP response of a call_kw, without interpretation."""
        return post_call_kw(self.session, self.url, model, method, args, kwargs)

    def __call__(self, model, method, *args, **kwargs):
        response = self.raw(model, method, args, kwargs)
        assert response.status_code == 200, f"HTTP {response.status_code}: {response.text[:500]}"
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"])
        return body.get("result")

    def count(self, model, domain=()):
        return self(model, "search_count", list(domain), context={"active_test": False})

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["res_id"],
        )
        assert rows, f"no record {xmlid}"
        return rows[0]["res_id"]

    def read1(self, model, record_id, fields):
        return self(model, "read", [record_id], fields)[0]


def csrf_of(html):
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'csrf_token: "([^"]+)"', html
    )
    assert match, "the page has no csrf_token"
    return match.group(1)


# ---------------------------------------------------------------------- Indonesian texts
_po_cache = {}


def _catalog(addon):
    if addon not in _po_cache:
        path = REPO / addon / "i18n" / "id.po"
        with path.open("rb") as handle:
            _po_cache[addon] = pofile.read_po(handle)
    return _po_cache[addon]


def indonesian(addon, msgid):
    """The Indonesian text of an addon's message (the msgid itself when untranslated)."""
    message = _catalog(addon).get(msgid)
    text = message.string if message is not None and message.string else msgid
    return text


def indonesian_re(addon, msgid):
    """A regex of the Indonesian message, its %(name)s / %s placeholders matching anything."""
    text = indonesian(addon, msgid)
    parts = re.split(r"%\(\w+\)s|%s", text)
    return re.compile(".+?".join(re.escape(" ".join(p.split())) for p in parts), re.S)


def browser_login(page, url, login_name, password):
    """Log a Playwright page in through Odoo's login form, as a person does."""
    page.goto(f"{url}/web/login")
    page.fill("input[name=login]", login_name)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.oe_login_form button[type=submit]")
    assert "/web/login" not in page.url, squash(page.inner_text("body"))[:500]


def squash(text):
    """Whitespace collapsed (page text and PDF text break lines anywhere)."""
    return " ".join(text.split())


# ---------------------------------------------------------------------- PDF
def pdf_text(data):
    assert data[:5] == b"%PDF-", f"not a PDF: {data[:80]!r}"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True
        )
    text = out.stdout.decode()
    assert text.strip(), (
        "the PDF has no extractable text: wkhtmltopdf drew its letters as outlines "
        "(a web font; the report should use a system font such as DejaVu Sans)"
    )
    return text


def pdf_image_count(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(
            ["pdfimages", "-list", handle.name], capture_output=True, check=True, text=True
        )
    # two header lines, then one line per image
    return max(len(out.stdout.strip().splitlines()) - 2, 0)


# ---------------------------------------------------------------------- files
def jpeg_bytes(color=(200, 30, 30), size=(320, 240)):
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


def tiny_pdf():
    return (REPO / "epesanruangan" / "demo" / "surat_permohonan.pdf").read_bytes()


def write_tmp(data, suffix):
    path = pathlib.Path(tempfile.mkstemp(suffix=suffix)[1])
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------- NIK
_nik_counter = itertools.count(1)


def fresh_nik(day=12, month=5, year=90, female=False):
    """A valid NIK (Semarang 3374 01, birth date encoded), unique in this run."""
    with _counter_lock:
        serial = (next(_nik_counter) * 7 + int(uuid.uuid4().int % 5000)) % 9999 + 1
    dd = day + 40 if female else day
    return f"337401{dd:02d}{month:02d}{year:02d}{serial:04d}"


# ---------------------------------------------------------------------- dates
def wib_day(days_ahead, weekday_ok=True):
    """A date `days_ahead` from today (WIB), moved off Sunday."""
    day = datetime.datetime.now(WIB).date() + datetime.timedelta(days=days_ahead)
    if weekday_ok and day.weekday() == 6:
        day += datetime.timedelta(days=1)
    return day


# ---------------------------------------------------------------------- rate limits
@contextlib.contextmanager
def rate_limits(admin, scopes, per_minute=5, per_day=30):
    """layanan_base's rate limits at these values (the product's defaults) for the
    duration of a test, with no earlier attempt of ``scopes`` (``library_apply``...)
    counted: the test server otherwise allows many (odoo_server.TEST_RATE_LIMITS), all
    the tests' requests coming from 127.0.0.1. The system tests run one at a time."""
    Param, Counter = "ir.config_parameter", "layanan.rate.limit"
    keys = {
        "layanan_base.rate_limit_per_minute": per_minute,
        "layanan_base.rate_limit_per_day": per_day,
    }
    before = {key: admin(Param, "get_param", key) for key in keys}

    def forget():
        domain = ["|"] * (len(scopes) - 1) + [("key", "=like", f"{s}:%") for s in scopes]
        admin(Counter, "unlink", admin(Counter, "search", domain))

    forget()
    for key, value in keys.items():
        admin(Param, "set_param", key, str(value))
    try:
        yield
    finally:
        for key, value in before.items():
            admin(Param, "set_param", key, value)
        forget()


# ---------------------------------------------------------------------- fixtures
LANG_USERS = (
    "siti.rahayu@example.com",
    "dinas.pendidikan@example.com",
    "pengelola@biroumum.example.com",
    "rina.perpus",
    "petugas.perpus",
    "180001",
    "180002",
    "180003",
    "petugas@jakarta.go.id",
    "pss@jakarta.go.id",
    "kasubbag@jakarta.go.id",
    "pimpinan@jakarta.go.id",
)


@pytest.fixture(scope="session")
def admin(odoo):
    return Rpc(odoo.url, "admin", "admin")


@pytest.fixture(scope="session")
def in_indonesian(odoo, admin):
    """The install a user gets speaks Indonesian: Bahasa Indonesia active (the addons'
    id.po loaded) and the demo users in it, in WIB. Nothing is set by hand here."""
    assert admin("res.lang", "search", [("code", "=", "id_ID")]), "id_ID is not active"
    users = admin(
        "res.users",
        "search_read",
        [("login", "in", list(LANG_USERS))],
        ["login", "lang", "tz"],
        context={"active_test": False},
    )
    assert {user["login"] for user in users} == set(LANG_USERS)
    wrong = [user for user in users if (user["lang"], user["tz"]) != ("id_ID", "Asia/Jakarta")]
    assert not wrong, f"demo users not in Indonesian / WIB: {wrong}"
    return True


def session_as(url, login_name, password):
    session = login(url, login_name, password)
    session.headers.update(ACCEPT_ID)
    return session


def public_session():
    session = requests.Session()
    session.headers.update(ACCEPT_ID)
    return session


# ---------------------------------------------------------------------- e-mails
def mail_links(admin_rpc, email, pattern):
    """The links matching `pattern` in the e-mails queued for `email` (the server has no
    mail server: the queue keeps them), newest first, as path and query."""
    mails = admin_rpc(
        "mail.mail",
        "search_read",
        [("email_to", "ilike", email)],
        ["body_html"],
        order="id desc",
    )
    links = []
    for mail in mails:
        for href in re.findall(r'href="([^"]+)"', mail["body_html"] or ""):
            href = html.unescape(href)
            if re.search(pattern, href):
                url = urlsplit(href)
                links.append(f"{url.path}?{url.query}")
    return links


# ---------------------------------------------------------------------- the pages
# The pages a citizen reaches on the three services, as a visitor and as each demo
# account: the accessibility scan (test_accessibility.py) and the Indonesian-text scan
# (test_indonesian_everywhere.py) open this one list, so that neither leaves out a page
# the other visits. A path's {names} are the demo records' ids and private links
# (the `page_ids` fixture).
VISITOR_PAGES = [
    "/",
    "/web/login",
    "/web/login?redirect=/my/ruangan",
    "/web/login?redirect=/my/library-card",
    "/web/signup",
    "/web/reset_password",
    # Biro Umum
    "/layanan",
    "/layanan/ruang-rapat",
    "/layanan/kendaraan",
    "/layanan/fasilitas/{facility}",
    "/layanan/verifikasi/{token}",
    # the library: its page, the online application and what its e-mail links to (an
    # application waiting at the counter, one sent back for corrections), the complaint
    # form and a resolved complaint's page, the member card's QR code
    "/perpustakaan",
    "/perpustakaan/daftar",
    "/perpustakaan/daftar/terkirim",
    "{application_submitted}",
    "{application_to_revise}",
    "/perpustakaan/pengaduan",
    "{complaint_resolved}",
    "/perpustakaan/kartu/{card_token}",
    # the Balaikota
    "/ruangan",
    "/ruangan/layar",
    "/ruangan/jadwal",
    "/ruangan/jadwal/{room}",
]
# who logs in (demo data), and the pages they open
PORTAL_PAGES = {
    "biroumum": (
        "siti.rahayu@example.com",
        "siti",
        [
            "/my",
            "/my/account",
            "/my/bookings",
            "/my/bookings/{booking}",
            "/my/daftar-tunggu",
            "/my/invoices",
            "/my/invoices/{invoice}",
            "/layanan/fasilitas/{facility}",
            # an account without a library card: the page says how to get one
            "/my/library-card",
        ],
    ),
    # a library member with an account (the card's e-mail links it)
    "library": (
        "rina.perpus",
        "rina.perpus",
        [
            "/my",
            "/my/account",
            "/my/library-card",
            # the card's e-mailed link, expired or not this account's: refused in words
            "/my/library-card/link?token=x",
        ],
    ),
    "balaikota": (
        "180001",
        "180001",
        ["/my", "/my/ruangan", "/my/ruangan/{request}", "/my/ruangan/baru"],
    ),
}


def _private_link(admin_rpc, model, record_id):
    """The record's private link, as its e-mail gives it (path and query)."""
    return admin_rpc(model, "get_portal_url", [record_id])


@pytest.fixture(scope="session")
def page_ids(odoo, admin):
    """The demo records' ids and private links that VISITOR_PAGES and PORTAL_PAGES name."""
    booking = admin.ref("biroumum_booking.booking_approved_demo")
    values = admin.read1("biroumum.booking", booking, ["invoice_id", "verification_token"])
    assert values["invoice_id"], "the approved demo booking has an invoice"
    card = admin.ref("library_membership.library_member_active_demo")
    return {
        "facility": admin.ref("biroumum_booking.facility_room_a_demo"),
        "booking": booking,
        "invoice": values["invoice_id"][0],
        "token": values["verification_token"],
        "application_submitted": _private_link(
            admin, "library.member", admin.ref("library_membership.library_member_submitted_demo")
        ),
        "application_to_revise": _private_link(
            admin, "library.member", admin.ref("library_membership.library_member_to_revise_demo")
        ),
        "complaint_resolved": _private_link(
            admin,
            "library.complaint",
            admin.ref("library_membership.library_complaint_resolved_demo"),
        ),
        "card": card,
        "card_token": admin.read1("library.member", card, ["verification_token"])[
            "verification_token"
        ],
        "request": admin.ref("epesanruangan.booking_scheduled"),
        "request_done": admin.ref("epesanruangan.booking_done"),
        "room": admin.ref("epesanruangan.room_rapat_pimpinan"),
    }
