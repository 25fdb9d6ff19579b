"""Accounts on a live server, black box (plain HTTP and JSON-RPC), as an attacker tries
them (issue 14, items 1 and 7):

- the library account takeover: an account made at /web/signup with an applicant's
  address before the card print reads nothing of the member; the applicant, who reads
  the e-mail, gets the card;
- the sign-up and the password reset do not say who is registered, log no error, and
  are rate-limited;
- an account whose address is not confirmed cannot book.

Each test talks from a loopback address of its own (127.0.0.x), so that the rate limits
per IP of one test do not spill over into the others."""

import base64
import contextlib
import email
import email.policy
import html
import re
import socketserver
import threading
import time
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from sys_helpers import (
    ACCEPT_ID,
    Rpc,
    admin,  # noqa: F401 (fixture)
    csrf_of,
    fresh_nik,
    in_indonesian,  # noqa: F401 (fixture)
    indonesian,
    jpeg_bytes,
    mail_links,
    rate_limits,
    squash,
    unique,
    wib_day,
)

LB = "layanan_base"
BU = "biroumum_booking"
SENT_CLASS = "o_layanan_signup_sent"
# the Biro Umum's fields of the sign-up form
MEMBER_FIELDS = {
    "phone": "081234567890",
    "biroumum_nik": "3374054107900001",
    "street": "Jl. Pemuda No. 1, Semarang",
}


class SourceAddress(requests.adapters.HTTPAdapter):
    """Connect from a given loopback address: the server sees it as the client's IP."""

    def __init__(self, ip, **kwargs):
        self.ip = ip
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.ip, 0)
        super().init_poolmanager(*args, **kwargs)


def session_from(ip):
    session = requests.Session()
    session.headers.update(ACCEPT_ID)
    session.mount("http://", SourceAddress(ip))
    return session


def hidden_inputs(page, form_class):
    """The hidden inputs of the form (the CSRF token, and whatever else the form carries)."""
    form = re.search(rf'<form[^>]*class="[^"]*{form_class}[^"]*".*?</form>', page, re.S)
    assert form, f"no form {form_class}"
    inputs = {}
    for tag in re.findall(r"<input[^>]*>", form.group(0)):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                inputs[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return inputs


def form_login(session, url, login_name, password):
    """Log in through the login form; True when it let the person in."""
    token = csrf_of(session.get(f"{url}/web/login", timeout=60).text)
    response = session.post(
        f"{url}/web/login",
        data={"csrf_token": token, "login": login_name, "password": password},
        timeout=60,
    )
    return response.status_code == 200 and "/web/login" not in response.url


def signup(session, url, login_name, password, name="Penyerang"):
    token = csrf_of(session.get(f"{url}/web/signup", timeout=60).text)
    data = {
        "csrf_token": token,
        "name": name,
        "login": login_name,
        "password": password,
        "confirm_password": password,
        **MEMBER_FIELDS,
    }
    return session.post(f"{url}/web/signup", data=data, timeout=60)


def answer(response):
    """The page's text without its scripts, tokens and the address it names."""
    text = re.sub(r"<(script|head)\b.*?</\1>", " ", response.text, flags=re.S)
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", text)))


class _SmtpSink(socketserver.ThreadingTCPServer):
    """A mail server that keeps what it receives: the mailbox of the test's people, for
    the e-mails that Odoo sends at once and does not keep (the password reset)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.messages = []

    def links(self, to, pattern):
        """The links matching `pattern` in the messages received for `to`, newest first."""
        links = []
        for raw in reversed(self.messages):
            message = email.message_from_bytes(raw, policy=email.policy.default)
            if to.lower() not in str(message["To"]).lower():
                continue
            for part in message.walk():
                if part.get_content_type() != "text/html":
                    continue
                for href in re.findall(r'href="([^"]+)"', part.get_content()):
                    href = html.unescape(href)
                    if re.search(pattern, href):
                        url = urlsplit(href)
                        links.append(f"{url.path}?{url.query}")
        return links


class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        lines, in_data = [], False
        while line := self.rfile.readline():
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    self.server.messages.append(b"".join(lines))
                    lines, in_data = [], False
                    self.wfile.write(b"250 OK\r\n")
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            command = line[:4].upper()
            if command == b"EHLO":
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif command == b"DATA":
                in_data = True
                self.wfile.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 Bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


@contextlib.contextmanager
def receiving(admin_rpc, sink):
    """The server sends its mail to `sink` meanwhile (only meanwhile: the other mails
    of the test session stay in the queue, as the server has no mail server)."""
    server_id = admin_rpc(
        "ir.mail_server",
        "create",
        {
            "name": "Test mailbox",
            "smtp_host": "127.0.0.1",
            "smtp_port": sink.server_address[1],
            "smtp_encryption": "none",
            "sequence": 1,
        },
    )
    try:
        yield sink
    finally:
        admin_rpc("ir.mail_server", "unlink", [server_id])


@pytest.fixture(scope="module")
def mailbox():
    """A mailbox that the tests read: the e-mails that Odoo sends at once and does not
    keep (the password reset)."""
    sink = _SmtpSink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.shutdown()
        sink.server_close()


def fresh_minute():
    """Start a burst at the beginning of a minute: the per-minute counters are counted in
    windows aligned on the minute."""
    if time.time() % 60 > 45:
        time.sleep(61 - time.time() % 60)


def _apply_online(odoo, session, email, name, day):
    """The public form of the library, as an applicant fills it."""
    url = f"{odoo.url}/perpustakaan/daftar"
    page = session.get(url, timeout=60).text
    category = re.search(r'<select[^>]*name="category_id".*?<option value="(\d+)"', page, re.S)
    data = {
        **hidden_inputs(page, "o_library_register_form"),
        "name": name,
        "id_type": "ktp",
        "nik": fresh_nik(day=day, month=9, year=98, female=True),
        "place_of_birth": "Semarang",
        "birthdate": f"1998-09-{day:02d}",
        "gender": "female",
        "street": "Jl. Diponegoro No. 5, Semarang",
        "phone": f"0812{uuid.uuid4().int % 10**8:08d}",
        "email": email,
        "occupation": "Mahasiswa",
        "category_id": category.group(1),
    }
    scan = ("ktp.jpg", jpeg_bytes((30, 90, 200)), "image/jpeg")
    response = session.post(url, data=data, files={"id_document": scan}, timeout=120)
    # the same answer for every application (it tells nobody who is a member); the
    # private link goes to the address typed
    assert response.url.endswith("/perpustakaan/daftar/terkirim"), answer(response)[:800]


def test_library_takeover_is_refused_and_the_applicant_gets_the_card(
    odoo,
    admin,  # noqa: F811
    in_indonesian,  # noqa: F811
    mailbox,
):
    url = odoo.url
    victim = f"{unique('ayu')}@example.com"
    name = f"Ayu Korban {unique('').upper()}"
    applicant = session_from("127.0.0.21")
    attacker = session_from("127.0.0.22")
    # 1. the applicant applies online with the address
    _apply_online(odoo, applicant, victim, name, day=3)
    # 2. an attacker signs up with the applicant's address: the page says "look in your
    #    e-mail", the account is not logged in and not confirmed
    response = signup(attacker, url, victim, "Jahat-12345")
    assert SENT_CLASS in response.text, answer(response)[:800]
    assert "/web/login" in attacker.get(f"{url}/my", timeout=60).url
    [account] = admin("res.users", "search_read", [("login", "=", victim)], ["email_confirmed"])
    assert account["email_confirmed"] is False
    # 3. the officer serves the applicant and prints the card
    officer = Rpc(url, "petugas.perpus", "petugas.perpus")
    [member_id] = officer("library.member", "search", [("email", "=", victim)])
    assert officer("library.member", "action_crosscheck", [member_id]) is True
    photo = base64.b64encode(jpeg_bytes((180, 140, 100), (300, 400))).decode()
    officer("library.member", "write", [member_id], {"image_1920": photo})
    officer("library.member", "action_photo_taken", [member_id])
    officer("library.member", "action_print_card", [member_id])
    member = officer.read1("library.member", member_id, ["state", "member_number", "partner_id"])
    assert member["state"] == "active"
    number = member["member_number"]
    assert (
        member["partner_id"][0]
        != admin.read1("res.users", account["id"], ["partner_id"])["partner_id"][0]
    ), "the card is never linked by the e-mail address"
    # 4. the attacker logs in and reads nothing: the card page, the ID scan, RPC
    assert form_login(attacker, url, victim, "Jahat-12345")
    page = attacker.get(f"{url}/my/library-card", timeout=60).text
    assert number not in page and name not in page
    scan = attacker.get(f"{url}/web/content/library.member/{member_id}/id_document", timeout=60)
    assert scan.status_code in (403, 404), scan.status_code
    assert scan.content[:3] != b"\xff\xd8\xff"
    as_attacker = Rpc(url, victim, None, session=attacker)
    read = as_attacker.raw("library.member", "read", [[member_id], ["nik", "birthdate"]]).json()
    assert "AccessError" in read["error"]["data"]["name"], read
    assert as_attacker("library.member", "search_read", [], ["nik", "street"]) == []
    # 5. the applicant reads the e-mail at the address: the card's link (an account has
    #    the address), which first asks to log in
    [link] = mail_links(admin, victim, r"/my/library-card/link\?token=")
    assert not mail_links(admin, victim, r"/web/signup\?.*token=")
    response = applicant.get(f"{url}{link}", timeout=60)
    assert "/web/login" in response.url
    # 6. the applicant sets a password through "Reset password" (the e-mail goes to the
    #    address; Odoo sends it at once and keeps no copy), which shuts the attacker out
    [reset_page] = mail_links(admin, victim, r"/web/reset_password\?login=")
    page = applicant.get(f"{url}{reset_page}", timeout=60).text
    with receiving(admin, mailbox):
        applicant.post(
            f"{url}/web/reset_password",
            data={**hidden_inputs(page, "oe_reset_password_form"), "login": victim},
            timeout=60,
        )
    [reset] = mailbox.links(victim, r"/web/reset_password\?.*token=")[:1]
    page = applicant.get(f"{url}{reset}", timeout=60).text
    data = {
        **hidden_inputs(page, "oe_reset_password_form"),
        "password": "Milik-Ayu-123",
        "confirm_password": "Milik-Ayu-123",
    }
    response = applicant.post(f"{url}/web/reset_password", data=data, timeout=60)
    assert response.status_code == 200
    assert admin.read1("res.users", account["id"], ["email_confirmed"])["email_confirmed"]
    assert not form_login(requests.Session(), url, victim, "Jahat-12345")
    page = attacker.get(f"{url}/my/library-card", timeout=60)
    assert "/web/login" in page.url and number not in page.text
    # 7. logged in, the applicant opens the link again and sees the card and the scan
    assert form_login(applicant, url, victim, "Milik-Ayu-123")
    response = applicant.get(f"{url}{link}", timeout=60)
    assert response.url.endswith("/my/library-card"), response.url
    assert number in response.text and html.escape(name) in response.text
    scan = applicant.get(f"{url}/web/content/library.member/{member_id}/id_document", timeout=60)
    assert scan.status_code == 200 and scan.content[:3] == b"\xff\xd8\xff"
    # the link works once, for that account only
    assert not form_login(attacker, url, victim, "Jahat-12345")


def test_a_new_address_gets_the_invitation_to_its_card(
    odoo,
    admin,  # noqa: F811
    in_indonesian,  # noqa: F811
):
    url = odoo.url
    email = f"{unique('sri')}@example.com"
    name = f"Sri Baru {unique('').upper()}"
    applicant = session_from("127.0.0.23")
    _apply_online(odoo, applicant, email, name, day=5)
    officer = Rpc(url, "petugas.perpus", "petugas.perpus")
    [member_id] = officer("library.member", "search", [("email", "=", email)])
    officer("library.member", "action_crosscheck", [member_id])
    photo = base64.b64encode(jpeg_bytes((180, 140, 100), (300, 400))).decode()
    officer("library.member", "write", [member_id], {"image_1920": photo})
    officer("library.member", "action_photo_taken", [member_id])
    officer("library.member", "action_print_card", [member_id])
    number = officer.read1("library.member", member_id, ["member_number"])["member_number"]
    # someone who signs up with the address after the print gets nothing either
    attacker = session_from("127.0.0.24")
    assert SENT_CLASS in signup(attacker, url, email, "Jahat-12345").text
    assert not form_login(attacker, url, email, "Jahat-12345")
    # the applicant opens the invitation, sets a password and sees the card
    [invitation] = mail_links(admin, email, r"/web/signup\?.*token=")
    page = applicant.get(f"{url}{invitation}", timeout=60).text
    data = {
        **hidden_inputs(page, "oe_signup_form"),
        "login": email,
        "name": name,
        "password": "Milik-Sri-123",
        "confirm_password": "Milik-Sri-123",
    }
    response = applicant.post(f"{url}/web/signup", data=data, timeout=60)
    assert response.url.endswith("/my/library-card"), response.url
    assert number in response.text


def test_signup_and_reset_do_not_say_who_is_registered(
    odoo,
    admin,  # noqa: F811
    in_indonesian,  # noqa: F811
):
    url = odoo.url
    known = "siti.rahayu@example.com"  # a demo member of the Biro Umum
    new = f"{unique('baru')}@example.com"
    visitor = session_from("127.0.0.31")
    users_before = admin.count("res.users")
    # the same answer for both, and no duplicate-key ERROR in the server's log (the
    # autouse fixture fails the test on any ERROR line)
    answers = {}
    for address in (known, new, known.upper()):
        response = signup(visitor, url, address, "Rahasia-12345")
        assert response.status_code == 200
        assert SENT_CLASS in response.text, answer(response)[:800]
        answers[address] = answer(response).replace(address, "X")
    assert answers[known] == answers[new] == answers[known.upper()]
    assert admin.count("res.users") == users_before + 1
    assert admin.count("res.users", [("login", "=ilike", known)]) == 1
    # the owner of the known address is told, with the links to log in or reset
    assert mail_links(admin, known, r"/web/reset_password\?login=")
    assert mail_links(admin, known, r"/web/login\?login=")
    # Odoo's invitation parameter does not send the visitor to the account's login
    response = visitor.get(f"{url}/web/signup", params={"signup_email": known}, timeout=60)
    assert "/web/login" not in response.url
    # the password reset answers the same whether an account has the address or not
    resets = []
    for address in (known, f"{unique('tidakada')}@example.com"):
        token = csrf_of(visitor.get(f"{url}/web/reset_password", timeout=60).text)
        response = visitor.post(
            f"{url}/web/reset_password",
            data={"csrf_token": token, "login": address},
            timeout=60,
        )
        assert response.status_code == 200
        resets.append(answer(response))
    assert resets[0] == resets[1]
    assert "alert-danger" not in response.text


def test_signup_and_reset_are_rate_limited(odoo, admin, in_indonesian):  # noqa: F811
    """The product's limits (5 a minute per IP and per address), for this test only: the
    test server otherwise allows many (sys_helpers.rate_limits)."""
    with rate_limits(admin, ["signup", "reset_password"], per_minute=5):
        _signup_and_reset_are_rate_limited(odoo.url, admin, 5)


def _signup_and_reset_are_rate_limited(url, admin, per_minute):  # noqa: F811
    too_many = indonesian(
        LB, "Too many requests from your address. Please wait a moment and try again."
    )
    fresh_minute()
    # one IP, new addresses: refused after the limit, in words, and nothing is made
    visitor = session_from("127.0.0.41")
    for _attempt in range(per_minute):
        assert (
            SENT_CLASS in signup(visitor, url, f"{unique('cepat')}@example.com", "R-12345678").text
        )
    late = f"{unique('cepat')}@example.com"
    response = signup(visitor, url, late, "R-12345678")
    assert response.status_code == 200
    assert too_many in answer(response)
    assert admin.count("res.users", [("login", "=", late)]) == 0
    # one address from many IPs: refused after the limit too
    target = f"{unique('sasaran')}@example.com"
    for attempt in range(per_minute):
        response = signup(session_from(f"127.0.0.{50 + attempt}"), url, target, "R-12345678")
        assert SENT_CLASS in response.text
    response = signup(session_from("127.0.0.60"), url, target, "R-12345678")
    assert too_many in answer(response)
    # the password reset, per address
    fresh_minute()
    for attempt in range(per_minute + 1):
        session = session_from(f"127.0.0.{70 + attempt}")
        token = csrf_of(session.get(f"{url}/web/reset_password", timeout=60).text)
        response = session.post(
            f"{url}/web/reset_password",
            data={"csrf_token": token, "login": target},
            timeout=60,
        )
    assert too_many in answer(response)


def test_an_unconfirmed_account_cannot_book(odoo, admin, in_indonesian):  # noqa: F811
    url = odoo.url
    email = f"{unique('belum')}@example.com"
    visitor = session_from("127.0.0.91")
    assert SENT_CLASS in signup(visitor, url, email, "Rahasia-12345", name="Warga Baru").text
    assert form_login(visitor, url, email, "Rahasia-12345")
    room = admin.ref("biroumum_booking.facility_room_a_demo")
    page = visitor.get(f"{url}/layanan/fasilitas/{room}", timeout=60).text
    assert "o_layanan_email_unconfirmed" in page
    day = wib_day(33).isoformat()
    data = {
        **hidden_inputs(page, "o_biroumum_booking_form"),
        "start": f"{day}T09:00",
        "stop": f"{day}T10:00",
        "purpose": "Rapat RT",
        "attendees": "5",
        "terms_accepted": "on",
    }
    before = admin.count("biroumum.booking")
    response = visitor.post(
        f"{url}/layanan/fasilitas/{room}/pesan", data=data, allow_redirects=False, timeout=60
    )
    assert response.status_code == 200
    assert "belum dikonfirmasi" in answer(response)
    assert "o_layanan_resend_confirmation" in response.text
    assert admin.count("biroumum.booking") == before
    # the link of the e-mail confirms the address; the booking then goes through
    [link] = mail_links(admin, email, r"/web/signup/confirm\?token=")[:1]
    confirmed = visitor.get(f"{url}{link}", timeout=60)
    assert indonesian(LB, "Your e-mail address is confirmed. Thank you!") in answer(confirmed)
    page = visitor.get(f"{url}/layanan/fasilitas/{room}", timeout=60).text
    data.update(hidden_inputs(page, "o_biroumum_booking_form"))
    response = visitor.post(
        f"{url}/layanan/fasilitas/{room}/pesan", data=data, allow_redirects=False, timeout=60
    )
    assert response.status_code == 303, answer(response)[:800]
