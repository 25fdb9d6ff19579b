"""System tests of library_membership against the live server: the online registration
in a real browser (with an ID scan), the counter's photo with the camera and the card
print, and hostile input at the public forms."""

import base64
import io
import uuid

import requests
from odoo_server import call_result, csrf_token, login
from PIL import Image
from sys_helpers import browser_login, fresh_nik, jpeg_bytes, pdf_text, squash

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
    page.wait_for_url("**/perpustakaan/pendaftaran/**")
    assert "access_token=" in page.url
    # the name is shown as text, never as markup
    assert page.locator(".o_library_member_name").inner_text() == name
    assert page.locator(".o_library_member_name i").count() == 0
    assert count(odoo, "library.member") == before + 1
    session = login(odoo.url, *ADMIN)
    [member] = rpc(
        session,
        odoo.url,
        "library.member",
        "search_read",
        [["nik", "=", nik]],
        fields=["name", "state", "channel", "id_document_name"],
    )
    assert member["name"] == name
    assert (member["state"], member["channel"]) == ("submitted", "online")
    assert member["id_document_name"] == "ktp.jpg"
    # another visitor without the token gets nothing
    other = requests.get(page.url.split("?")[0], timeout=30)
    assert other.status_code == 404


def test_hostile_input_at_the_registration_form(odoo):
    admin = login(odoo.url, *ADMIN)
    category_id = rpc(admin, odoo.url, "library.member.category", "search", [], limit=1)[0]
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
