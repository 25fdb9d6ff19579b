"""The three seed journeys, end to end, as their users live them: in a real browser,
in Indonesian, at desktop and phone width (the `page` fixture), with the staff steps
done by the demo staff users over JSON-RPC (what their backend buttons call)."""

import base64
import datetime
import re
import uuid

import babel.dates
from sys_helpers import (
    WIB,
    Rpc,
    admin,  # noqa: F401 (fixture)
    browser_login,
    fresh_nik,
    in_indonesian,  # noqa: F401 (fixture)
    indonesian,
    jpeg_bytes,
    mail_links,
    pdf_image_count,
    pdf_text,
    squash,
    tiny_pdf,
    unique,
    wib_day,
    write_tmp,
)

# each viewport books its own day, far from the other tests' days
DAY_OFFSET = {"desktop": 20, "phone": 22}


def _download(page, click_selector):
    with page.expect_download() as info:
        page.click(click_selector)
    return open(info.value.path(), "rb").read()


def _text(page):
    return squash(page.inner_text("body"))


# ------------------------------------------------------------------ a. Biro Umum


def assert_on_screen(page, locator):
    """The element is inside the page's width: no sideways scrolling to find it."""
    box = locator.bounding_box()
    assert box, "not displayed"
    width = page.viewport_size["width"]
    assert 0 <= box["x"] and box["x"] + box["width"] <= width, (box, width)


def test_biroumum_member_books_a_meeting_room(odoo, page, admin, in_indonesian):  # noqa: F811
    url = odoo.url
    login_name = f"{unique('warga')}@example.com"
    password = "Rahasia-12345"
    # 1. a new visitor registers (Pendaftaran Member Baru) with NIK, mobile and address
    page.goto(f"{url}/web/signup")
    page.fill("input[name=login]", login_name)
    page.fill("input[name=name]", "Dewi Lestari")
    page.fill("input[name=phone]", "081234567890")
    page.fill("input[name=biroumum_nik]", fresh_nik(day=1, month=7, year=90, female=True))
    assert page.locator("[name=street]").count() == 1, "the signup form has no Address field"
    page.fill("[name=street]", "Jl. Pemuda No. 1, Semarang")
    page.fill("input[name=password]", password)
    page.fill("input[name=confirm_password]", password)
    with page.expect_navigation():
        page.click("form.oe_signup_form button[type=submit]")
    # the page says to open the link sent to the address; the visitor is not logged in
    assert page.locator(".o_layanan_signup_sent").count() == 1, _text(page)[:800]
    assert login_name in _text(page)
    # 2. opens the link of the e-mail, which confirms the address, then logs in
    [link] = mail_links(admin, login_name, r"/web/signup/confirm\?token=")
    page.goto(f"{url}{link}")
    assert indonesian("layanan_base", "Your e-mail address is confirmed. Thank you!") in _text(page)
    browser_login(page, url, login_name, password)
    # 3. opens RUANG RAPAT and presses Pesan Sekarang on a room
    page.goto(f"{url}/layanan")
    page.click("a[href='/layanan/ruang-rapat']")
    page.wait_for_url("**/layanan/ruang-rapat")
    assert "RUANG RAPAT" in _text(page).upper()
    card = page.locator(".o_biroumum_facility_card", has_text="Ruang Rapat Lantai 2 Gedung A")
    book_now = card.locator(".o_biroumum_book_now")
    assert squash(book_now.inner_text()) == indonesian("biroumum_booking", "Book now")
    book_now.click()
    page.wait_for_url(re.compile(r".*/layanan/fasilitas/\d+.*"))
    # 4. fills the form: two hours on a weekday three weeks ahead
    day = wib_day(DAY_OFFSET[page.viewport_name])
    page.fill("input[name=start]", f"{day.isoformat()}T09:00")
    page.fill("input[name=stop]", f"{day.isoformat()}T11:00")
    page.locator("input[name=stop]").dispatch_event("change")
    purpose = f"Rapat koordinasi RW {page.viewport_name}"
    page.fill("input[name=purpose]", purpose)
    page.fill("input[name=attendees]", "12")
    page.wait_for_function(
        "document.querySelector('.o_biroumum_price').textContent.includes('Rp 300.000')"
    )
    # 5. PESAN shows the terms; accepting them enables the second PESAN, which submits
    page.click(".o_biroumum_pesan")
    modal = page.locator(".o_biroumum_terms_modal")
    modal.wait_for(state="visible")
    submit = modal.locator(".o_biroumum_submit")
    assert submit.is_disabled()
    modal.locator("input[name=terms_accepted]").check()
    submit.click()
    page.wait_for_url(re.compile(r".*/my/bookings/\d+\?submitted=1"))
    assert indonesian(
        "biroumum_booking", "Your booking has been sent to the facility manager."
    ) in (_text(page))
    booking_id = int(re.search(r"/my/bookings/(\d+)", page.url).group(1))
    # 6. the facility's manager approves it in the backend
    manager = Rpc(url, "pengelola@biroumum.example.com", "pengelola")
    assert manager.read1("biroumum.booking", booking_id, ["state"])["state"] == "submitted"
    manager("biroumum.booking", "action_approve", [booking_id])
    booking = manager.read1("biroumum.booking", booking_id, ["state", "invoice_id", "name"])
    assert booking["state"] == "approved"
    assert booking["invoice_id"], "an approved paid booking has an invoice"
    # 7. the member prints the invoice from the profile (Pesanan Saya)
    page.goto(f"{url}/my/bookings")
    row = page.locator("tr", has_text=booking["name"])
    assert "Rp 300.000" in squash(row.inner_text())
    # Cetak is on the screen at this width, not past its right edge
    assert_on_screen(page, row.locator(".o_biroumum_print"))
    pdf = _download(page, f"tr:has-text('{booking['name']}') .o_biroumum_print")
    text = squash(pdf_text(pdf))
    assert "Ruang Rapat Lantai 2 Gedung A" in text
    start = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=WIB)
    period = babel.dates.format_datetime(start, "EEEE, d MMMM y, HH.mm", tzinfo=WIB, locale="id_ID")
    assert f"{period} - 11.00 WIB" in text, text
    assert "Rp 300.000" in text
    assert booking["invoice_id"][1].split(" ")[0] in text


# ------------------------------------------------------------------ b. Library
def test_library_applicant_becomes_member(odoo, page, in_indonesian):  # noqa: F811
    url = odoo.url
    name = f"Ayu Kartika {unique('').upper()}"
    email = f"{unique('ayu')}@example.com"
    phone = f"0812{uuid.uuid4().int % 10**8:08d}"
    nik = fresh_nik(day=3, month=9, year=98, female=True)
    scan = write_tmp(jpeg_bytes((30, 90, 200)), ".jpg")
    # 1. the applicant fills the online registration with an ID scan
    page.goto(f"{url}/perpustakaan/daftar")
    form = page.locator("form.o_library_register_form")
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=id_type]").select_option("ktp")
    form.locator("input[name=nik]").fill(nik)
    form.locator("input[name=place_of_birth]").fill("Semarang")
    form.locator("input[name=birthdate]").fill("1998-09-03")
    form.locator("input[name=gender][value=female]").check()
    form.locator("select[name=category_id]").select_option(index=1)
    form.locator("textarea[name=street]").fill("Jl. Diponegoro No. 5, Semarang")
    form.locator("input[name=phone]").fill(phone)
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=occupation]").fill("Mahasiswa")
    form.locator("input[name=id_document]").set_input_files(str(scan))
    form.locator("button[type=submit]").click()
    # the same answer to every applicant; the reference and the link come by e-mail
    page.wait_for_url(re.compile(r".*/perpustakaan/daftar/terkirim$"))
    assert indonesian("library_membership", "Back to the library page") in _text(page)
    # 2. the officer finds it, cross-checks, takes the photo and prints the card
    officer = Rpc(url, "petugas.perpus", "petugas.perpus")
    found = officer("library.member", "search", [("email", "=", email)])
    assert len(found) == 1, found
    member_id = found[0]
    assert officer.read1("library.member", member_id, ["state"])["state"] == "submitted"
    result = officer("library.member", "action_crosscheck", [member_id])
    assert result is True, f"unexpected duplicates: {result}"
    photo = base64.b64encode(jpeg_bytes((180, 140, 100), (300, 400))).decode()
    officer("library.member", "write", [member_id], {"image_1920": photo})
    officer("library.member", "action_photo_taken", [member_id])
    officer("library.member", "action_print_card", [member_id])
    member = officer.read1("library.member", member_id, ["state", "member_number", "partner_id"])
    assert member["state"] == "active"
    number = member["member_number"]
    assert number
    card = officer.session.get(
        f"{url}/report/pdf/library_membership.report_member_card/{member_id}", timeout=120
    )
    assert card.status_code == 200
    assert number in squash(pdf_text(card.content))
    # 3. the member opens the invitation e-mailed at the card print, sets a password and
    #    sees the digital card
    admin_rpc = Rpc(url, "admin", "admin")
    assert member["partner_id"], "the active member has a contact of its own"
    [invitation] = mail_links(admin_rpc, email, r"/web/signup\?.*token=")
    page.goto(f"{url}{invitation}")
    page.fill("input[name=password]", "Kartu-12345")
    page.fill("input[name=confirm_password]", "Kartu-12345")
    with page.expect_navigation():
        page.click("form.oe_signup_form button[type=submit]")
    page.wait_for_url("**/my/library-card")
    card_box = page.locator(".o_library_card")
    card_box.wait_for()
    shown = squash(card_box.inner_text())
    assert number in shown and name in shown
    assert card_box.locator("img[alt=QR]").count() == 1
    pdf = _download(page, ".o_library_card a[href='/my/library-card/pdf']")
    assert number in squash(pdf_text(pdf))


# ------------------------------------------------------------------ c. Balaikota
def test_balaikota_operator_request_to_event_report(odoo, page, in_indonesian):  # noqa: F811
    url = odoo.url
    admin_rpc = Rpc(url, "admin", "admin")
    projector = admin_rpc.ref("epesanruangan.equipment_projector")
    mic = admin_rpc.ref("epesanruangan.equipment_mic")
    room = admin_rpc.ref("epesanruangan.room_serbaguna")
    day = wib_day(DAY_OFFSET[page.viewport_name] + 1, weekday_ok=False)
    event = f"Sosialisasi Satu Data {page.viewport_name}"
    letter = write_tmp(tiny_pdf(), ".pdf")
    # 1. the operator logs in with the NRK and requests a room with equipment
    browser_login(page, url, "180001", "180001")
    page.goto(f"{url}/my/ruangan/baru")
    form = page.locator("form.o_epesanruangan_form")
    form.locator("input[name=event_name]").fill(event)
    form.locator("input[name=participants]").fill("60")
    form.locator("input[name=day]").fill(day.isoformat())
    hour = 8 if page.viewport_name == "desktop" else 13
    form.locator("input[name=time_start]").fill(f"{hour:02d}:00")
    form.locator("input[name=time_stop]").fill(f"{hour + 3:02d}:00")
    form.locator("select[name=room_id]").select_option(str(room))
    form.locator("input[name=letter]").set_input_files(str(letter))
    form.locator(f"input[name=qty_{projector}]").fill("2")
    form.locator(f"input[name=qty_{mic}]").fill("4")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/my/ruangan/\d+\?.*"))
    booking_id = int(re.search(r"/my/ruangan/(\d+)", page.url).group(1))
    assert indonesian("epesanruangan", "Your request was submitted.") in _text(page)
    assert event in _text(page)
    # in the list, the request's status is on the screen at this width
    page.goto(f"{url}/my/ruangan")
    row = page.locator("tr", has_text=event)
    status = row.locator(".badge:visible")
    assert squash(status.inner_text()) == indonesian("epesanruangan", "Submitted")
    assert_on_screen(page, status)
    # 2. the officer verifies (the system proposes what is free)
    officer = Rpc(url, "petugas@jakarta.go.id", "petugas")
    officer("epesanruangan.booking", "action_verify", [booking_id])
    booking = officer.read1("epesanruangan.booking", booking_id, ["state", "line_ids"])
    assert booking["state"] == "equipment_check"
    # 3. PSS reduces the microphones by one and approves
    pss = Rpc(url, "pss@jakarta.go.id", "pss")
    lines = pss(
        "epesanruangan.booking.line",
        "read",
        booking["line_ids"],
        ["equipment_id", "qty_requested", "qty_approved"],
    )
    mic_line = next(line for line in lines if line["equipment_id"][0] == mic)
    assert mic_line["qty_approved"] == 4
    pss("epesanruangan.booking.line", "write", [mic_line["id"]], {"qty_approved": 3})
    pss("epesanruangan.booking", "action_pss_approve", [booking_id])
    assert pss.read1("epesanruangan.booking", booking_id, ["state"])["state"] == (
        "waiting_applicant"
    )
    # 4. the operator sees the shortage and chooses to continue without it
    page.goto(f"{url}/my/ruangan/{booking_id}")
    waiting = page.locator(".o_epesanruangan_waiting")
    waiting.wait_for()
    assert "3" in squash(page.locator("tr", has_text="Mikrofon nirkabel").inner_text())
    waiting.locator(".o_epesanruangan_continue").click()
    page.wait_for_url(re.compile(r".*/my/ruangan/\d+\?message=.*"))
    assert indonesian(
        "epesanruangan", "The request continues without the missing equipment."
    ) in _text(page)
    # 5. the Kasubbag validates and schedules
    head = Rpc(url, "kasubbag@jakarta.go.id", "kasubbag")
    head("epesanruangan.booking", "action_validate", [booking_id])
    head("epesanruangan.booking", "action_schedule", [booking_id])
    assert head.read1("epesanruangan.booking", booking_id, ["state"])["state"] == "scheduled"
    page.goto(f"{url}/my/ruangan/{booking_id}")
    state_label = indonesian("epesanruangan", "Scheduled")
    assert state_label in _text(page)
    # 6. the officer uploads the event photos with their captions and the attendance; the
    # event report PDF carries them
    photos = [
        (
            0,
            0,
            {
                "image": base64.b64encode(jpeg_bytes(color, (640, 480))).decode(),
                "caption": f"Foto kegiatan {i + 1}",
            },
        )
        for i, color in enumerate([(200, 40, 40), (40, 160, 60)])
    ]
    officer(
        "epesanruangan.booking",
        "write",
        [booking_id],
        {
            "photo_ids": photos,
            "report_note": "Acara berjalan lancar.",
            "attendance_actual": 23,
        },
    )
    report = officer.session.get(
        f"{url}/report/pdf/epesanruangan.report_event/{booking_id}", timeout=120
    )
    assert report.status_code == 200, report.text[:300]
    assert pdf_image_count(report.content) >= 2
    text = squash(pdf_text(report.content))
    assert event in text
    assert "Acara berjalan lancar." in text
    assert "Foto kegiatan 1" in text and "Foto kegiatan 2" in text
    assert re.search(r"\b23\b", text), text
