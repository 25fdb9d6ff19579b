"""System tests of library_membership against the live server: the online registration
in a real browser (with an ID scan), the counter's photo with the camera and the card
print, and hostile input at the public forms."""

import base64
import html
import io
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from odoo_server import call_result, csrf_token, login
from PIL import Image
from sys_helpers import (
    Rpc,
    admin,  # noqa: F401 (fixture)
    browser_login,
    csrf_of,
    fresh_nik,
    in_indonesian,  # noqa: F401 (fixture)
    indonesian,
    indonesian_re,
    jpeg_bytes,
    pdf_text,
    public_session,
    rate_limits,
    squash,
    unique,
)

ADMIN = ("admin", "admin")


def rpc(session, base_url, model, method, *args, **kwargs):
    return call_result(session, base_url, model, method, args, kwargs, timeout=60)


def count(odoo, model, domain=None):
    session = login(odoo.url, *ADMIN)
    return rpc(session, odoo.url, model, "search_count", domain or [])


def test_online_registration_in_a_browser(odoo, page, tmp_path):
    scan = tmp_path / "ktp.jpg"
    scan.write_bytes(jpeg_bytes())
    nik = fresh_nik()
    name = f'Budi <i>Uji</i> "{page.viewport_name}" O\'Neil'
    before = count(odoo, "library.member")
    page.goto(f"{odoo.url}/perpustakaan/daftar")
    page.fill("input[name=name]", name)
    page.select_option("select[name=id_type]", "ktp")
    page.fill("input[name=nik]", nik)
    page.fill("input[name=place_of_birth]", "Semarang")
    page.fill("input[name=birthdate]", "1990-05-12")
    page.check("input[name=gender][value=male]")
    page.select_option("select[name=category_id]", index=1)
    page.fill("textarea[name=street]", "Jl. Pemuda 1, Semarang")
    page.fill("input[name=phone]", f"08{uuid.uuid4().int % 10**10:010d}")
    page.fill("input[name=email]", f"budi.{uuid.uuid4().hex[:8]}@example.com")
    page.set_input_files("input[name=id_document]", str(scan))
    page.click("form.o_library_register_form button[type=submit]")
    # the same answer to everyone: the application's link goes to the e-mail address
    page.wait_for_url("**/perpustakaan/daftar/terkirim")
    page.locator(".o_library_received").wait_for()
    assert count(odoo, "library.member") == before + 1
    session = login(odoo.url, *ADMIN)
    [member] = rpc(
        session,
        odoo.url,
        "library.member",
        "search_read",
        [["nik", "=", nik]],
        fields=["name", "state", "channel", "id_document_name", "reference"],
    )
    assert member["name"] == name
    assert (member["state"], member["channel"]) == ("submitted", "online")
    assert member["id_document_name"] == "ktp.jpg"
    assert member["reference"] not in page.content()
    # the link of the confirmation e-mail opens the application; the name is shown as
    # text, never as markup
    page.goto(application_link(odoo, member["id"]))
    assert page.locator(".o_library_member_name").inner_text() == name
    assert page.locator(".o_library_member_name i").count() == 0
    # another visitor without the token gets nothing
    other = requests.get(page.url.split("?")[0], timeout=30)
    assert other.status_code == 404


def application_link(odoo, member_id):
    """The private link of the application's confirmation e-mail."""
    session = login(odoo.url, *ADMIN)
    mails = rpc(
        session,
        odoo.url,
        "mail.mail",
        "search_read",
        [["model", "=", "library.member"], ["res_id", "=", member_id]],
        fields=["body_html"],
    )
    links = [
        re.search(r'href="([^"]*/perpustakaan/pendaftaran/[^"]+)"', m["body_html"]) for m in mails
    ]
    # the confirmation and, when sent back, the revision e-mail: the same private link
    [link] = {html.unescape(found.group(1)) for found in links if found}
    return f"{odoo.url}{link[link.index('/perpustakaan/') :]}"


def test_hostile_input_at_the_registration_form(odoo):
    admin_session = login(odoo.url, *ADMIN)
    category_id = rpc(admin_session, odoo.url, "library.member.category", "search", [], limit=1)[0]
    session = requests.Session()
    url = f"{odoo.url}/perpustakaan/daftar"
    before = count(odoo, "library.member")
    base = {
        "name": "Normal Name",
        "id_type": "ktp",
        "nik": fresh_nik(day=13),
        "place_of_birth": "Semarang",
        "birthdate": "1990-05-13",
        "gender": "male",
        "street": "Jl. 1",
        "phone": "0811",
        "email": "a@example.com",
        "category_id": str(category_id),
    }
    scan = ("ktp.jpg", jpeg_bytes(), "image/jpeg")
    attacks = [
        ({"nik": "' OR 1=1 --"}, scan),
        ({"nik": "3374011305901234; DROP TABLE library_member"}, scan),
        ({"name": "x" * 5000}, scan),
        ({"birthdate": "1990-02-31"}, scan),
        ({"birthdate": "<script>"}, scan),
        ({"category_id": "1 OR 1=1"}, scan),
        ({"id_type": "passport"}, scan),
        ({"email": "a@b.c\r\nBcc: victim@example.com"}, scan),
        ({}, ("evil.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg")),
        ({}, ("evil.pdf", b"MZ\x90\x00\x03 windows executable", "application/pdf")),
        ({}, ("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 1), "image/jpeg")),
    ]
    for values, file in attacks:
        data = dict(base, **values, csrf_token=csrf_token(session, url))
        response = session.post(url, data=data, files={"id_document": file}, timeout=60)
        assert response.status_code == 200, (values, file[0], response.status_code)
        assert "alert-danger" in response.text or "is-invalid" in response.text, values
    # without the CSRF token nothing is accepted
    response = session.post(url, data=base, files={"id_document": scan}, timeout=30)
    assert response.status_code == 400
    assert count(odoo, "library.member") == before


def test_hostile_input_at_the_complaint_form(odoo):
    session = requests.Session()
    url = f"{odoo.url}/perpustakaan/pengaduan"
    before = count(odoo, "library.complaint")
    bad = [
        {"name": "", "contact": "", "subject": "", "description": ""},
        {"name": "A", "contact": "0811", "subject": "x" * 1000, "description": "d"},
        {"name": "A", "contact": "0811", "subject": "s", "description": "d" * 20000},
    ]
    for values in bad:
        response = session.post(
            url, data=dict(values, csrf_token=csrf_token(session, url)), timeout=30
        )
        assert response.status_code == 200
        assert "alert-danger" in response.text or "is-invalid" in response.text
    assert count(odoo, "library.complaint") == before
    script = "<script>alert('x')</script>"
    response = session.post(
        url,
        data={
            "csrf_token": csrf_token(session, url),
            "name": script,
            "contact": "ani@example.com",
            "subject": f"Subjek {script}",
            "description": "Loket tutup",
        },
        timeout=30,
    )
    assert response.status_code == 200
    assert script not in response.text
    assert count(odoo, "library.complaint") == before + 1


def test_application_token_is_private(odoo):
    session = login(odoo.url, *ADMIN)
    [member] = rpc(
        session,
        odoo.url,
        "library.member",
        "search_read",
        [["state", "=", "to_revise"]],
        fields=["id", "access_token"],
        limit=1,
    )
    url = f"{odoo.url}/perpustakaan/pendaftaran/{member['id']}"
    assert requests.get(url, timeout=30).status_code == 404
    assert requests.get(url, params={"access_token": "x" * 36}, timeout=30).status_code == 404


def test_counter_photo_with_the_camera_and_card_print(odoo, browser):
    """The officer at the counter, in the backend at desk width: a verified applicant's
    photo is taken with the camera (Chromium's fake camera), saved, the SOP steps
    "Photo taken" and "Print card" are clicked, and the card PDF comes out with the
    member number; the member is active with a 3 x 4 photo."""
    officer = login(odoo.url, "petugas.perpus", "petugas.perpus")
    category = rpc(officer, odoo.url, "library.member.category", "search", [], limit=1)
    member_id = rpc(
        officer,
        odoo.url,
        "library.member",
        "create",
        {
            "name": "Sri Wahyuni Kamera",
            "id_type": "ktp",
            "nik": fresh_nik(day=15),
            "place_of_birth": "Semarang",
            "birthdate": "1990-05-15",
            "gender": "male",
            "street": "Jl. Pandanaran 9, Semarang",
            "phone": f"0813{uuid.uuid4().int % 10**8:08d}",
            "email": f"kamera.{uuid.uuid4().hex[:8]}@example.com",
            "occupation": "Guru",
            "category_id": category[0],
        },
    )
    for step in ("action_register", "action_form_filled", "action_submit", "action_crosscheck"):
        rpc(officer, odoo.url, "library.member", step, [member_id])

    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    context.grant_permissions(["camera"], origin=odoo.url)
    context.set_default_timeout(30_000)
    context.route("**/websocket*", lambda route: route.abort())
    page = context.new_page()
    try:
        browser_login(page, odoo.url, "petugas.perpus", "petugas.perpus")
        page.goto(f"{odoo.url}/odoo/action-library_membership.library_member_action/{member_id}")
        page.locator(".o_form_view .o_field_widget[name=name]").wait_for()
        # the camera button sits on the photo field
        page.hover(".o_field_widget[name=image_1920]")
        page.click(".o_library_webcam_button")
        capture = page.locator(".o_library_webcam_capture")
        capture.wait_for()
        page.wait_for_function(
            "() => !document.querySelector('.o_library_webcam_capture').disabled"
        )
        capture.click()
        page.click(".o_library_webcam_use")
        page.click(".o_form_button_save")
        page.locator(".o_form_button_save").wait_for(state="hidden")
        page.click("button[name=action_photo_taken]")
        with page.expect_download() as download:
            page.click("button[name=action_print_card]:visible")
        pdf = open(download.value.path(), "rb").read()
    finally:
        context.close()

    member = rpc(
        officer,
        odoo.url,
        "library.member",
        "read",
        [member_id],
        ["state", "member_number", "image_1920"],
    )[0]
    assert member["state"] == "active"
    assert member["member_number"]
    photo = Image.open(io.BytesIO(base64.b64decode(member["image_1920"])))
    # cropped to a passport photo (3 x 4), from the camera's frame
    assert abs(photo.width / photo.height - 3 / 4) < 0.02, photo.size
    assert pdf.startswith(b"%PDF")
    assert member["member_number"] in squash(pdf_text(pdf))


# ------------------------------------------------------------------ the public forms' answers
LM = "library_membership"
TOO_MANY = "Too many requests from your address. Please wait a moment and try again."
TOO_LONG = "This field is too long: at most %(limit)s characters."
MEMBER_TEXTS = ("name", "id_number", "place_of_birth", "street", "phone", "email", "occupation")


def _application(category_id, **values):
    """A valid online application, with a NIK and an e-mail address of its own."""
    data = {
        "name": "Ani Wulandari",
        "id_type": "ktp",
        "nik": fresh_nik(day=17, month=8, year=94),
        "place_of_birth": "Semarang",
        "birthdate": "1994-08-17",
        "gender": "male",
        "street": "Jl. Pemuda 1, Semarang",
        "phone": "081234567890",
        "email": f"{unique('ani')}@example.com",
        "occupation": "Guru",
        "category_id": str(category_id),
    }
    data.update(values)
    return data


def _apply(odoo, data, session=None):
    session = session or public_session()
    url = f"{odoo.url}/perpustakaan/daftar"
    data = dict(data, csrf_token=csrf_of(session.get(url, timeout=60).text))
    scan = ("ktp.jpg", jpeg_bytes(), "image/jpeg")
    return session.post(url, data=data, files={"id_document": scan}, timeout=120)


def _received(response):
    """The page every accepted application gets (its csrf token aside)."""
    assert response.status_code == 200, (response.status_code, response.text[:300])
    assert response.url.endswith("/perpustakaan/daftar/terkirim"), response.url
    return re.sub(r'csrf_token: "[^"]+"', "", response.text)


def _text(response):
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", response.text)))


def _a_fresh_minute():
    """The limits count per clock minute: start where five submissions fit in one."""
    if time.time() % 60 > 40:
        time.sleep(60 - time.time() % 60 + 0.5)


@pytest.fixture(scope="module")
def category(admin):  # noqa: F811
    return admin("library.member.category", "search", [], limit=1)[0]


def test_public_answer_is_the_same_for_a_member_and_a_stranger(
    odoo,
    admin,  # noqa: F811
    in_indonesian,  # noqa: F811
    category,
):
    """No oracle: the NIK of an active member and a new NIK get the same page; the
    application with the member's NIK is stored, for the officer to merge or refuse."""
    [member] = admin(
        "library.member",
        "search_read",
        [("state", "=", "active"), ("nik", "!=", False)],
        ["nik", "birthdate", "gender"],
        limit=1,
    )
    before = admin.count("library.member")
    known = _apply(
        odoo,
        _application(
            category, nik=member["nik"], birthdate=member["birthdate"], gender=member["gender"]
        ),
    )
    stranger = _apply(odoo, _application(category))
    assert _received(known) == _received(stranger)
    assert indonesian(LM, "Registration form") in _text(known)
    assert "NIK ini sudah terdaftar" not in _text(known)
    assert admin.count("library.member") == before + 2
    [application] = admin(
        "library.member",
        "search_read",
        [("nik", "=", member["nik"]), ("id", "!=", member["id"])],
        ["state", "duplicate_ids"],
    )
    assert application["state"] == "submitted"
    assert member["id"] in application["duplicate_ids"], "the officer sees the member"


def test_a_replayed_application_is_one(odoo, admin, category):  # noqa: F811
    """The same application posted again, two at once (a double click), the same KTM
    twice: one application and one e-mail each, the same answer."""
    replayed = _application(category)
    assert _received(_apply(odoo, replayed)) == _received(_apply(odoo, replayed))
    clicked = _application(category)
    sessions = [public_session() for _i in range(2)]
    url = f"{odoo.url}/perpustakaan/daftar"
    tokens = [csrf_of(session.get(url, timeout=60).text) for session in sessions]
    start = threading.Barrier(2)

    def post(index):
        start.wait()
        scan = ("ktp.jpg", jpeg_bytes(), "image/jpeg")
        data = dict(clicked, csrf_token=tokens[index])
        return sessions[index].post(url, data=data, files={"id_document": scan}, timeout=120)

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(post, range(2))
    assert _received(first) == _received(second)
    ktm = _application(category, id_type="ktm", nik="", id_number=unique("KTM-"))
    _received(_apply(odoo, ktm))
    _received(_apply(odoo, ktm))
    emails = [replayed["email"], clicked["email"], ktm["email"]]
    assert admin.count("library.member", [("email", "in", emails)]) == 3
    assert admin.count("mail.mail", [("email_to", "in", emails)]) == 3


def test_the_sixth_submission_in_a_minute_is_refused_in_words(
    odoo,
    admin,  # noqa: F811
    in_indonesian,  # noqa: F811
    category,
):
    """Per IP: five applications (each an e-mail to the address typed) pass, the sixth
    is refused with the message and stores nothing; the complaint form the same. The
    limits are the product's defaults for this test only (sys_helpers.rate_limits)."""
    with rate_limits(admin, ["library_apply", "library_complaint"]):
        _a_fresh_minute()
        before = admin.count("library.member")
        for _i in range(5):
            _received(_apply(odoo, _application(category)))
        sixth = _application(category)
        response = _apply(odoo, sixth)
        assert response.status_code == 429, response.status_code
        assert indonesian("layanan_base", TOO_MANY) in _text(response)
        assert sixth["email"] in response.text, "what was typed is kept"
        assert admin.count("library.member") == before + 5
        assert admin.count("library.member", [("email", "=", sixth["email"])]) == 0
        complaints = admin.count("library.complaint")
        session = public_session()
        url = f"{odoo.url}/perpustakaan/pengaduan"
        for index in range(6):
            response = session.post(
                url,
                data={
                    "csrf_token": csrf_token(session, url),
                    "name": "Ani",
                    "contact": "081234567890",
                    "subject": f"Loket tutup {index}",
                    "description": "Loket tutup jam 11",
                },
                timeout=60,
            )
        assert response.status_code == 429, response.status_code
        assert indonesian("layanan_base", TOO_MANY) in _text(response)
        assert admin.count("library.complaint") == complaints + 5


@pytest.mark.parametrize("field", [*MEMBER_TEXTS, "nik"])
def test_registration_refuses_100000_characters(odoo, admin, in_indonesian, category, field):  # noqa: F811
    values = {field: "7" * 100_000}
    if field == "email":
        values[field] = "a" * 100_000 + "@example.com"
    if field == "id_number":
        values.update(id_type="ktm", nik="")
    before = admin.count("library.member")
    response = _apply(odoo, _application(category, **values))
    assert response.status_code == 200, response.status_code
    if field == "nik":
        # layanan_base's NIK validator, the one of the three services
        expected = indonesian_re("layanan_base", "The NIK must have 16 digits, not %(count)s.")
    elif field == "phone":
        expected = indonesian_re(LM, "The phone number must have 7 to 15 digits.")
    else:
        limit = re.search(rf'name="{field}"[^>]*maxlength="(\d+)"', response.text).group(1)
        expected = re.compile(re.escape(indonesian(LM, TOO_LONG).replace("%(limit)s", limit)))
    assert expected.search(_text(response)), _text(response)[:500]
    assert len(response.text) < 60_000, "the page does not echo it all"
    assert admin.count("library.member") == before


def test_correction_refuses_100000_characters(odoo, admin, in_indonesian, category):  # noqa: F811
    """The applicant's correction form, through the private link of an application sent
    back for revision: the same limits, nothing changed."""
    application = _application(category)
    _received(_apply(odoo, application))
    officer = Rpc(odoo.url, "petugas.perpus", "petugas.perpus")
    [member_id] = officer("library.member", "search", [("email", "=", application["email"])])
    # Send back for revision: the window that asks the reason, then its Confirm
    action = officer("library.member", "action_send_back", [member_id])
    wizard = officer(
        "layanan.reason.wizard",
        "create",
        {"reason": "Alamat kurang lengkap"},
        context=action["context"],
    )
    officer("layanan.reason.wizard", "action_confirm", [wizard])
    url = application_link(odoo, member_id)
    session = public_session()
    page = session.get(url, timeout=60)
    assert page.status_code == 200
    token = re.search(r"access_token=([^&]+)", url).group(1)
    before = admin.read1("library.member", member_id, ["write_date", "state", "name"])
    assert before["state"] == "to_revise"
    for field in ("name", "street", "occupation"):
        data = dict(application, access_token=token, csrf_token=csrf_of(page.text))
        data[field] = "x" * 100_000
        response = session.post(url.split("?")[0], data=data, timeout=60)
        assert response.status_code == 200
        assert indonesian_re(LM, TOO_LONG).search(_text(response)), field
    assert admin.read1("library.member", member_id, ["write_date", "state", "name"]) == before


@pytest.mark.parametrize("field", ["name", "contact", "subject", "description"])
def test_complaint_refuses_100000_characters(odoo, admin, in_indonesian, field):  # noqa: F811
    session = public_session()
    url = f"{odoo.url}/perpustakaan/pengaduan"
    before = admin.count("library.complaint")
    data = {"name": "Ani", "contact": "0811", "subject": "Loket", "description": "Tutup"}
    data[field] = "x" * 100_000
    response = session.post(url, data=dict(data, csrf_token=csrf_token(session, url)), timeout=60)
    assert response.status_code == 200
    assert indonesian_re(LM, TOO_LONG).search(_text(response)), _text(response)[:300]
    assert admin.count("library.complaint") == before
