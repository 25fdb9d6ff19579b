import html
import re
from datetime import datetime, timedelta

import lxml.html
import pytz
from babel.dates import format_date

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.layanan_base.models.res_users import EmailNotConfirmed
from odoo.addons.layanan_base.tools import parse_wib_datetime

TZ = pytz.timezone("Asia/Jakarta")


def slot(days_ahead, hour_from, hour_to):
    """(start, stop) as the datetime-local inputs send them: a weekday in WIB."""
    day = datetime.now(TZ).date() + timedelta(days=days_ahead)
    while day.weekday() == 6:  # closed on Sunday
        day += timedelta(days=1)
    return (
        f"{day.isoformat()}T{hour_from:02d}:00",
        f"{day.isoformat()}T{hour_to:02d}:00",
    )


@tagged("post_install", "-at_install")
class TestPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("id_ID")
        env["ir.module.module"]._load_module_terms(["layanan_base", "biroumum_booking"], ["id_ID"])
        cls.manager = new_test_user(
            env, login="bu_portal_mgr", groups="biroumum_booking.group_manager"
        )
        cls.member = new_test_user(
            env, login="bu_portal_m1", groups="base.group_portal", name="Siti <b>O'Brien</b>"
        )
        cls.member2 = new_test_user(
            env, login="bu_portal_m2", groups="base.group_portal", lang="id_ID"
        )
        cls.room = env["biroumum.facility"].create(
            {
                "name": "Ruang Portal Uji",
                "category": "meeting_room",
                "capacity": 30,
                "location": "Semarang",
                "price": 100000,
                "manager_user_id": cls.manager.id,
                "resource_calendar_id": env.ref("biroumum_booking.resource_calendar_service").id,
            }
        )
        cls.terms = env["biroumum.terms"]._get_current("meeting_room")
        cls.Booking = env["biroumum.booking"].sudo()

    def _csrf(self, url):
        page = self.url_open(url).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _post_booking(self, start, stop, consent=True, facility=None, **extra):
        facility = facility or self.room
        url = f"/layanan/fasilitas/{facility.id}"
        terms = self.env["biroumum.terms"]._get_current(facility.category)
        data = {
            "csrf_token": self._csrf(url),
            "start": start,
            "stop": stop,
            "purpose": "Rapat warga",
            "attendees": "10",
            "terms_id": str(terms.id),
            **extra,
        }
        if consent:
            data["terms_accepted"] = "on"
        return self.url_open(f"{url}/pesan", data=data, allow_redirects=False)

    def _my_bookings(self, user):
        return self.Booking.search([("partner_id", "=", user.partner_id.id)])

    def test_catalogue_public(self):
        # a visitor who chose no language reads the catalogue in Indonesian (id.po)
        response = self.url_open("/layanan/ruang-rapat")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Ruang Portal Uji", response.text)
        self.assertIn("Rp 100.000 / jam", response.text)  # / hour
        self.assertIn("Pesan Sekarang", response.text)  # Book now
        self.assertEqual(self.url_open("/layanan/meeting_room").status_code, 200)
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open("/layanan/kapal").status_code, 404)
        page = self.url_open(f"/layanan/fasilitas/{self.room.id}").text
        self.assertIn("Ketersediaan", page)  # Availability
        # the public sees no booking form: "Log in or register to book this facility."
        self.assertIn(">Masuk</a>", page)
        self.assertIn("untuk memesan fasilitas ini.", page)
        self.assertNotIn('name="terms_accepted"', page)

    def test_catalogue_free_filter(self):
        start, stop = slot(3, 9, 11)
        url = "/layanan/ruang-rapat"
        self.assertIn("Ruang Portal Uji", self.url_open(f"{url}?mulai={start}&selesai={stop}").text)
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        self.assertEqual(self._post_booking(start, stop).status_code, 303)
        page = self.url_open(f"{url}?mulai={start}&selesai={stop}").text
        self.assertNotIn("Ruang Portal Uji", page)
        self.assertIn("free for the whole period", page)
        # the hour after is free again
        later = slot(3, 11, 12)
        self.assertIn(
            "Ruang Portal Uji", self.url_open(f"{url}?mulai={later[0]}&selesai={later[1]}").text
        )
        # a reversed or absurd period is a message, never a 500, and shows everything
        for query in (f"mulai={stop}&selesai={start}", "mulai=kemarin&selesai=%27%3B--"):
            response = self.url_open(f"{url}?{query}")
            self.assertEqual(response.status_code, 200)
            self.assertIn("Please enter a valid period", response.text)
            self.assertIn(
                f'value="{stop}"' if "kemarin" not in query else 'value="kemarin"', response.text
            )
            self.assertIn("Ruang Portal Uji", response.text)

    def test_catalogue_in_indonesian(self):
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        page = self.url_open("/layanan/ruang-rapat").text
        self.assertIn("Pesan Sekarang", page)
        page = self.url_open(f"/layanan/fasilitas/{self.room.id}").text
        self.assertIn("Form Pemesanan", page)
        self.assertIn("Syarat & Ketentuan", page)
        self.assertIn("Saya menyetujui Syarat & Ketentuan", page)
        # the list of bookings: status, period and amount in Indonesian
        start, stop = slot(6, 9, 11)
        self._post_booking(start, stop)
        page = self.url_open("/my/bookings").text
        self.assertRegex(page, r'class="badge text-bg-info">\s*<span>Diajukan</span>')
        self.assertIn("Rp 200.000", page)  # 2 hours x Rp 100.000
        self.assertRegex(
            page, r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d+ \w+ \d{4}, 09\.00"
        )

    def test_book_with_forged_values(self):
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        start, stop = slot(3, 9, 12)
        response = self._post_booking(
            start,
            stop,
            partner_id=str(self.member2.partner_id.id),
            amount="1",
            unit_price="1",
            state="approved",
            name="HACK",
        )
        self.assertEqual(response.status_code, 303)
        booking = self._my_bookings(self.member)
        self.assertEqual(len(booking), 1)
        self.assertIn(f"/my/bookings/{booking.id}", response.headers["Location"])
        self.assertEqual(booking.state, "submitted")
        self.assertEqual(booking.amount, 300000)
        self.assertTrue(booking.name.startswith("BU/"))
        self.assertEqual(booking.terms_id, self.terms)
        self.assertTrue(booking.terms_accepted_at)
        self.assertFalse(self._my_bookings(self.member2))
        page = self.url_open(f"/my/bookings/{booking.id}?submitted=1").text
        self.assertIn("Rp 300.000", page)
        self.assertIn("Rapat warga", page)

    def test_no_consent_no_booking(self):
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        start, stop = slot(3, 9, 12)
        response = self._post_booking(start, stop, consent=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn("You must accept the Terms and Conditions", response.text)
        # consent to another category's terms is no consent
        other = self.env["biroumum.terms"]._get_current("vehicle")
        response = self._post_booking(start, stop, terms_id=str(other.id))
        self.assertIn("You must accept the Terms and Conditions", response.text)
        self.assertFalse(self._my_bookings(self.member))

    def test_bad_input_reshows_the_form(self):
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        start, stop = slot(3, 9, 12)
        for data, message in [
            ({"start": "kemarin", "stop": stop}, "valid start and end"),
            ({"start": stop, "stop": start}, "end must be after"),
            ({"start": start, "stop": stop, "attendees": "banyak"}, "whole number"),
            ({"start": start, "stop": stop, "attendees": "500"}, "at most 30 people"),
            ({"start": start, "stop": stop, "purpose": " "}, "purpose"),
        ]:
            with self.subTest(data=data):
                response = self._post_booking(**data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
        self.assertFalse(self._my_bookings(self.member))

    def test_hostile_input_is_a_message_in_indonesian(self):
        """Values PostgreSQL or Python cannot take (an integer beyond PostgreSQL's, a NUL
        byte, the year 1) re-show the form with a message: no 500, no booking."""
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Merek Uji"})
        model = self.env["fleet.vehicle.model"].create({"name": "Bus Uji", "brand_id": brand.id})
        car = self.env["biroumum.facility"].create(
            {
                "name": "Bus Portal Uji",
                "category": "vehicle",
                "price": 0,
                "tariff_unit": "day",
                "fleet_vehicle_id": self.env["fleet.vehicle"]
                .create({"model_id": model.id, "license_plate": "H 2 UJI"})
                .id,
                "manager_user_id": self.manager.id,
            }
        )
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        start, stop = slot(3, 9, 12)
        invalid_char = "Formulir berisi karakter yang tidak diizinkan"
        for data, message in [
            ({"attendees": "3000000000"}, "Jumlah orang terlalu besar"),
            ({"attendees": "-3000000000"}, "Jumlah orang tidak boleh negatif"),
            ({"purpose": "Rapat\x00warga"}, invalid_char),
            ({"notes": "Catatan\x00"}, invalid_char),
            ({"facility": car, "destination": "Solo\x00"}, invalid_char),
            ({"start": "0001-01-01T00:00", "stop": "0001-01-01T05:00"}, "tanggal dan jam mulai"),
            ({"stop": "0001-01-01T00:00"}, "tanggal dan jam mulai"),
            ({"start": "0001-01-01T08:00", "stop": "0001-01-01T10:00"}, "sudah lewat"),
            ({"start": "9999-12-31T23:59", "stop": "9999-12-31T23:59"}, "Waktu selesai"),
        ]:
            with self.subTest(data=data):
                response = self._post_booking(**{"start": start, "stop": stop, **data})
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn("o_biroumum_error", response.text)
        self.assertFalse(self._my_bookings(self.member2))
        # the catalogue's period filter
        for query in (
            "mulai=0001-01-01T00:00&selesai=0001-01-01T05:00",
            "mulai=9999-12-31T20:00&selesai=0001-01-01T00:00",
            "mulai=2026-01-01%00T00:00&selesai=2026-01-02T00:00",
        ):
            with self.subTest(query=query):
                response = self.url_open(f"/layanan/ruang-rapat?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("Masukkan periode yang benar", response.text)
                self.assertIn("Ruang Portal Uji", response.text)
        # the price shown before PESAN, with values that are not text
        for params in (
            {"facility_id": self.room.id, "start": 20261125, "stop": stop},
            {"facility_id": self.room.id, "start": [start], "stop": stop},
            {"facility_id": self.room.id, "start": {"x": start}, "stop": stop},
            {"facility_id": self.room.id, "start": start, "stop": True},
            {"facility_id": self.room.id, "start": "0001-01-01T00:00", "stop": stop},
            {"facility_id": [self.room.id], "start": start, "stop": stop},
            {"facility_id": {"id": self.room.id}, "start": start, "stop": stop},
            {"facility_id": 10**30, "start": start, "stop": stop},
        ):
            with self.subTest(params=params):
                result = self.make_jsonrpc_request("/layanan/harga", params)
                self.assertEqual(
                    result, {"error": "Silakan isi tanggal dan jam mulai serta selesai yang valid."}
                )
        # Infinity: not JSON, but what Python's parser takes
        response = self.url_open(
            "/layanan/harga",
            data='{"jsonrpc": "2.0", "method": "call", "params": '
            f'{{"facility_id": Infinity, "start": "{start}", "stop": "{stop}"}}}}',
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Silakan isi tanggal", response.json()["result"]["error"])

    def test_signup_refuses_a_nul_byte_in_indonesian(self):
        invalid_char = "Formulir berisi karakter yang tidak diizinkan"
        for field in ("name", "login", "biroumum_institution", "street", "password"):
            with self.subTest(field=field):
                page = self.url_open("/id/web/signup").text
                data = {
                    "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
                    "name": "Dewi",
                    "login": "dewi.nul@example.com",
                    "phone": "081234567890",
                    "biroumum_nik": "3374054107900001",
                    "biroumum_institution": "Dinas",
                    "street": "Jl. Pemuda No. 1, Semarang",
                    "password": "Rahasia-12345",
                }
                data[field] += "\x00"
                data["confirm_password"] = data["password"]
                response = self.url_open("/id/web/signup", data=data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(invalid_char, response.text)
        users = self.env["res.users"].with_context(active_test=False)
        self.assertFalse(users.search([("login", "like", "dewi.nul")]))

    def test_an_unconfirmed_member_cannot_book_until_the_link_is_opened(self):
        """A visitor who signed up books once the address is proven: the refusal is the
        model's, in Indonesian, with the way to have the e-mail sent again."""
        page = self.url_open("/id/web/signup").text
        data = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
            "name": "Warga Baru",
            "login": "warga.baru@example.com",
            "phone": "081234567890",
            "biroumum_nik": "3374054107900001",
            "street": "Jl. Pemuda No. 1, Semarang",
            "password": "Rahasia-12345",
            "confirm_password": "Rahasia-12345",
        }
        self.url_open("/id/web/signup", data=data)
        user = self.env["res.users"].search([("login", "=", "warga.baru@example.com")])
        self.assertEqual(user.lang, "id_ID")
        self.assertFalse(user.email_confirmed)
        self.authenticate("warga.baru@example.com", "Rahasia-12345")
        page = self.url_open(f"/layanan/fasilitas/{self.room.id}").text
        self.assertIn("o_layanan_email_unconfirmed", page)
        self.assertIn("Kirim ulang e-mail konfirmasi", page)
        start, stop = slot(5, 9, 11)
        response = self._post_booking(start, stop)
        self.assertEqual(response.status_code, 200)
        self.assertIn("belum dikonfirmasi", response.text)
        self.assertIn("Kirim ulang e-mail konfirmasi", response.text)
        self.assertFalse(self._my_bookings(user))
        # the model refuses it, whatever the path
        booking = self.Booking.create(
            {
                "facility_id": self.room.id,
                "partner_id": user.partner_id.id,
                "start": datetime.now() + timedelta(days=30),
                "stop": datetime.now() + timedelta(days=30, hours=1),
                "purpose": "Lewat RPC",
            }
        )
        booking._accept_terms(self.terms)
        with self.assertRaisesRegex(EmailNotConfirmed, "belum dikonfirmasi"):
            booking.with_user(user).with_context(lang="id_ID").action_submit()
        self.assertEqual(booking.state, "draft")
        # the link of the e-mail confirms the address: the booking goes through
        mail = self.env["mail.mail"].search(
            [("email_to", "ilike", "warga.baru@example.com"), ("body_html", "ilike", "/confirm")]
        )
        link = re.search(r'href="[^"]*(/web/signup/confirm\?[^"]+)"', mail.body_html).group(1)
        self.assertIn(
            "Alamat e-mail Anda sudah dikonfirmasi", self.url_open(html.unescape(link)).text
        )
        self.assertTrue(user.email_confirmed)
        self.assertEqual(self._post_booking(start, stop).status_code, 303)
        booked = self._my_bookings(user).filtered(lambda b: b.purpose == "Rapat warga")
        self.assertEqual(booked.state, "submitted")

    def test_clash_in_indonesian(self):
        start, stop = slot(4, 9, 12)
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        self.assertEqual(self._post_booking(start, stop).status_code, 303)
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        start2, stop2 = slot(4, 11, 13)
        response = self._post_booking(start2, stop2)
        self.assertEqual(response.status_code, 200)
        self.assertIn("sudah dipesan", response.text)
        self.assertIn("Ruang Portal Uji", response.text)
        self.assertFalse(self._my_bookings(self.member2))
        # back to back is fine
        start3, stop3 = slot(4, 12, 14)
        self.assertEqual(self._post_booking(start3, stop3).status_code, 303)

    def test_a_room_in_a_booked_building_in_indonesian(self):
        """A member books the building; another picks a room in it for an overlapping
        time (or right after, within the building's 30 minutes to tidy up): refused in
        Indonesian, naming the building's booking; the room is left out of the "free"
        list of that period."""
        building = self.env["biroumum.facility"].create(
            {
                "name": "Gedung Portal Uji",
                "category": "building",
                "price": 0,
                "buffer_after": 30,
                "manager_user_id": self.manager.id,
            }
        )
        self.room.parent_id = building
        start, stop = slot(5, 9, 12)
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        self.assertEqual(self._post_booking(start, stop, facility=building).status_code, 303)
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        for begin, end in (slot(5, 11, 13), slot(5, 12, 13)):
            with self.subTest(begin=begin):
                response = self._post_booking(begin, end)
                self.assertEqual(response.status_code, 200)
                text = " ".join(lxml.html.fromstring(response.text).text_content().split())
                self.assertIn("Ruang Portal Uji tidak tersedia pada periode", text)
                self.assertIn("Gedung Portal Uji dipesan", text)
                self.assertIn("09.00 - 12.00 WIB", text)
        self.assertFalse(self._my_bookings(self.member2))
        # the pages say so before anyone tries
        page = lxml.html.fromstring(self.url_open(f"/layanan/fasilitas/{self.room.id}").text)
        self.assertIn(
            "Bagian dari: Gedung Portal Uji",
            " ".join(page.xpath('//li[hasclass("o_biroumum_part_of")]')[0].text_content().split()),
        )
        page = lxml.html.fromstring(self.url_open(f"/layanan/fasilitas/{building.id}").text)
        self.assertIn(
            "0 menit sebelum dan 30 menit sesudah",
            page.xpath('//li[hasclass("o_biroumum_buffers")]')[0].text_content(),
        )
        page = self.url_open(f"/layanan/ruang-rapat?mulai={start}&selesai={stop}").text
        self.assertNotIn("Ruang Portal Uji", page)
        # 12.30, once the 30 minutes are over, the room is free
        day = start[:10]
        self.assertEqual(self._post_booking(f"{day}T12:30", f"{day}T13:30").status_code, 303)

    def test_a_weekly_series_shows_its_dates_then_books_the_free_ones(self):
        """Four Mondays at 09.00-11.00; the third is taken by another member. The first
        post books nothing and lists the four dates, the taken one with the booking that
        holds it; "book the free dates" makes three submitted bookings of one series."""
        day = datetime.now(TZ).date() + timedelta(days=7)
        while day.weekday() != 0:
            day += timedelta(days=1)
        third = day + timedelta(days=14)
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        taken = (f"{third}T10:00", f"{third}T12:00")
        self.assertEqual(self._post_booking(*taken).status_code, 303)
        # a member who reads Indonesian
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        series = {"repeat": "weekly", "repeat_count": "4", "repeat_weekday_0": "on"}
        response = self._post_booking(f"{day}T09:00", f"{day}T11:00", **series)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self._my_bookings(self.member2))
        page = lxml.html.fromstring(response.text)
        rows = page.xpath('//li[hasclass("o_layanan_occurrence")]')
        self.assertEqual(len(rows), 4)
        texts = [" ".join(row.text_content().split()) for row in rows]
        self.assertEqual(
            [row.get("class").split()[-1] for row in rows],
            ["o_layanan_occurrence_free"] * 2
            + ["o_layanan_occurrence_taken", "o_layanan_occurrence_free"],
        )
        self.assertIn("Tidak tersedia", texts[2])
        # the booking that holds it, its facility and period
        self.assertIn("Ruang Portal Uji sudah dipesan", texts[2])
        self.assertIn("10.00 - 12.00 WIB", texts[2])
        self.assertIn("Tersedia", texts[0])
        # the confirmation posts what the member typed, and the choice
        confirm = page.xpath('//form[.//button[hasclass("o_biroumum_series_confirm")]]')[0]
        self.assertIn("Pesan 3 jadwal yang tersedia", confirm.text_content())
        data = {field.get("name"): field.get("value") for field in confirm.xpath(".//input")}
        self.assertEqual(data["series_confirm"], "free")
        response = self.url_open(
            f"/layanan/fasilitas/{self.room.id}/pesan", data=data, allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        booked = self._my_bookings(self.member2).sorted("start")
        self.assertEqual(len(booked), 3)
        self.assertEqual(set(booked.mapped("state")), {"submitted"})
        self.assertEqual(len(set(booked.mapped("series_uid"))), 1)
        self.assertTrue(booked[0].series_uid)
        self.assertNotIn(third, [b.start.date() for b in booked])
        self.assertEqual(booked[0].series_count, 3)
        # approved at once: one invoice, which the member opens as the booking's document
        # listing each date, with the total of the three
        booked[1].with_user(self.manager).action_approve_series()
        invoice = booked.invoice_id
        self.assertEqual(len(invoice), 1)
        document = self.url_open(f"/my/invoices/{invoice.id}?report_type=html").text
        text = " ".join(lxml.html.fromstring(document).text_content().split())
        self.assertIn(f"Invoice {invoice.name}", text)
        for booking in booked:
            self.assertIn(booking.with_context(lang="id_ID")._format_period(), text)
        self.assertRegex(text, r"Total ?Rp 600\.000")
        self.assertIn("Terbilang: Enam Ratus Ribu Rupiah", text)
        # another member cannot open it
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        response = self.url_open(f"/my/invoices/{invoice.id}?report_type=html")
        self.assertNotIn(invoice.name, response.text)

    def test_the_member_sees_the_vehicle_hand_over_on_the_booking(self):
        """The member's booking page shows when the vehicle went out and came back, the
        odometer and fuel each time, and the kilometres driven, in Indonesian."""
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Merek Uji"})
        model = self.env["fleet.vehicle.model"].create({"name": "Mobil Uji", "brand_id": brand.id})
        car = self.env["biroumum.facility"].create(
            {
                "name": "Mobil Portal Uji",
                "category": "vehicle",
                "capacity": 6,
                "price": 0,
                "tariff_unit": "day",
                "fleet_vehicle_id": self.env["fleet.vehicle"]
                .create({"model_id": model.id, "license_plate": "H 3 UJI"})
                .id,
                "manager_user_id": self.manager.id,
            }
        )
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        start, stop = slot(3, 8, 16)
        response = self._post_booking(
            start, stop, facility=car, destination="Surakarta", attendees="3"
        )
        self.assertEqual(response.status_code, 303)
        booking = self._my_bookings(self.member2)
        booking.with_user(self.manager).action_approve()
        page = self.url_open(f"/my/bookings/{booking.id}").text
        self.assertNotIn("Kendaraan diserahkan", page)
        booking.with_user(self.manager)._record_handover("out", 45210, "75", "")
        booking.with_user(self.manager)._record_handover("in", 45398, "50", "Bersih")
        text = " ".join(
            lxml.html.fromstring(self.url_open(f"/my/bookings/{booking.id}").text)
            .text_content()
            .split()
        )
        self.assertIn("Kendaraan diserahkan", text)
        self.assertIn("odometer 45.210 km, bahan bakar 3/4", text)
        self.assertIn("odometer 45.398 km, bahan bakar 1/2: 188 km ditempuh", text)

    def test_a_member_waits_for_a_taken_period_and_takes_the_offer_in_the_browser(self):
        """A taken period offers its waiting list; joining lists it under /my; once the
        holder's booking is rejected, the member takes the offer in a real browser."""
        start, stop = slot(4, 9, 11)
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        self.assertEqual(self._post_booking(start, stop).status_code, 303)
        holder = self._my_bookings(self.member)
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        response = self._post_booking(start, stop, purpose="Rapat RT 03")
        self.assertEqual(response.status_code, 200)
        page = lxml.html.fromstring(response.text)
        join = page.xpath('//section[hasclass("o_biroumum_waitlist_join")]//form')[0]
        self.assertIn("Masuk daftar tunggu", join.text_content())
        data = {field.get("name"): field.get("value") for field in join.xpath(".//input")}
        response = self.url_open(join.get("action"), data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my/daftar-tunggu"))
        text = " ".join(
            lxml.html.fromstring(self.url_open("/my/daftar-tunggu").text).text_content().split()
        )
        self.assertIn("Ruang Portal Uji", text)
        self.assertIn("Menunggu", text)
        # the way back to it: an entry on the portal's home
        home = lxml.html.fromstring(self.url_open("/my").text)
        self.assertTrue(home.xpath('//a[@href="/my/daftar-tunggu"]'))
        entry = self.env["layanan.booking.waitlist"].search(
            [("partner_id", "=", self.member2.partner_id.id)]
        )
        self.assertEqual(entry.state, "waiting")
        # a free period is no waiting list's
        free = slot(4, 14, 15)
        response = self._post_booking(*free, purpose="")
        self.assertNotIn("o_biroumum_waitlist_join", response.text)
        holder.with_user(self.manager).action_reject(reason="Dipakai pimpinan")
        self.assertEqual(entry.state, "offered")
        self.start_tour(
            f"/daftar-tunggu/{entry.token}", "layanan_waitlist_offer_tour", login="bu_portal_m2"
        )
        self.assertEqual(entry.state, "booked")
        booking = self._my_bookings(self.member2)
        self.assertEqual((booking.state, booking.purpose), ("submitted", "Rapat RT 03"))
        # someone else's link opens nothing
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        response = self.url_open(f"/daftar-tunggu/{entry.token}", allow_redirects=False)
        self.assertTrue(response.headers["Location"].endswith("/my/daftar-tunggu"))

    def test_a_weekly_series_booked_in_the_browser(self):
        env = self.env
        env["res.lang"]._activate_lang("id_ID")
        env["ir.module.module"]._load_module_terms(["layanan_base", "biroumum_booking"], ["id_ID"])
        self.start_tour(
            f"/layanan/fasilitas/{self.room.id}",
            "biroumum_booking_series_tour",
            login="bu_portal_m2",
        )
        booked = self._my_bookings(self.member2)
        self.assertEqual(len(booked), 3)
        self.assertEqual(len(set(booked.mapped("series_uid"))), 1)
        self.assertEqual(set(booked.mapped("state")), {"submitted"})
        self.assertEqual(
            sorted((b.start - booked.sorted("start")[0].start).days for b in booked), [0, 7, 14]
        )

    def test_a_series_without_an_end_is_a_message(self):
        start, stop = slot(6, 9, 10)
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        for extra, words in (
            ({"repeat": "daily"}, "sampai kapan"),
            ({"repeat": "daily", "repeat_count": "500"}, "paling banyak 100"),
            ({"repeat": "daily", "repeat_until": "31-12-2027"}, "tanggal akhir"),
        ):
            with self.subTest(extra=extra):
                response = self._post_booking(start, stop, **extra)
                self.assertEqual(response.status_code, 200)
                self.assertIn(words, response.text)
        self.assertFalse(self._my_bookings(self.member2))

    def test_other_members_are_kept_out(self):
        booking = self.Booking.create(
            {
                "facility_id": self.room.id,
                "partner_id": self.member.partner_id.id,
                "start": datetime(2030, 1, 7, 2),
                "stop": datetime(2030, 1, 7, 4),
                "purpose": "Rahasia",
                "state": "approved",
            }
        )
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        for url in (f"/my/bookings/{booking.id}", f"/my/bookings/{booking.id}/cetak"):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (303, 403, 404))
            self.assertNotIn("Rahasia", response.text)
        response = self.url_open(
            f"/my/bookings/{booking.id}/batal",
            data={"csrf_token": self._csrf(f"/layanan/fasilitas/{self.room.id}")},
            allow_redirects=False,
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(booking.state, "approved")
        self.assertNotIn("Rahasia", self.url_open("/my/bookings").text)

    def test_member_cancel_and_print(self):
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        start, stop = slot(5, 9, 11)
        self._post_booking(start, stop)
        booking = self._my_bookings(self.member)
        booking.with_user(self.manager).action_approve()
        self.assertTrue(booking.invoice_id)
        page = self.url_open("/my/bookings").text
        self.assertIn(f"/my/bookings/{booking.id}/cetak", page)
        self.assertRegex(page, r'class="badge text-bg-success">\s*<span>Approved</span>')
        response = self.url_open(f"/my/bookings/{booking.id}/cetak")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        # the verification page behind the QR code: public, nothing personal but the name
        self.authenticate(None, None)
        page = self.url_open(f"/layanan/verifikasi/{booking.verification_token}").text
        self.assertIn(booking.name, page)
        self.assertIn("Pemesanan ini sah.", page)  # This booking is valid. (in Indonesian)
        self.assertIn("Siti &lt;b&gt;O&#39;Brien&lt;/b&gt;", page)  # escaped, as typed
        self.assertNotIn(self.member.email, page)
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open("/layanan/verifikasi/salah").status_code, 404)
        # the member cancels (more than 24 hours ahead): the page asks to confirm, says
        # what becomes of the invoice and takes a reason; then a credit note
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        page = self.url_open(f"/my/bookings/{booking.id}").text
        self.assertIn('<details class="o_layanan_cancel', page)
        # (this member reads English)
        self.assertIn(f"{booking.invoice_id.name} is cancelled by a credit note", page)
        self.assertIn('name="reason"', page)
        response = self.url_open(
            f"/my/bookings/{booking.id}/batal",
            data={
                "csrf_token": self._csrf(f"/my/bookings/{booking.id}"),
                "reason": "Acara diundur ke bulan depan",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(booking.state, "cancelled")
        self.assertEqual(booking.reason, "Acara diundur ke bulan depan")
        self.assertEqual(booking.invoice_id.payment_state, "reversed")

    def test_archived_facility_keeps_its_bookings_in_the_portal(self):
        """A facility taken out of service (archived) leaves the catalogue, but its past
        bookers still see and print their bookings of it."""
        past = self.Booking.create(
            {
                "facility_id": self.room.id,
                "partner_id": self.member2.partner_id.id,
                "start": datetime(2025, 1, 6, 2),
                "stop": datetime(2025, 1, 6, 4),
                "purpose": "Rapat lama",
                "state": "done",
            }
        )
        self.room.active = False
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        self.assertNotIn("Ruang Portal Uji", self.url_open("/layanan/ruang-rapat").text)
        response = self.url_open("/my/bookings")
        self.assertEqual(response.status_code, 200)
        self.assertIn(past.name, response.text)
        self.assertIn("Ruang Portal Uji", response.text)
        self.assertRegex(response.text, r'class="badge text-bg-success">\s*<span>Selesai</span>')
        self.assertIn(f"/my/bookings/{past.id}/cetak", response.text)
        response = self.url_open(f"/my/bookings/{past.id}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/my/bookings/{past.id}"), response.url)
        self.assertIn("Ruang Portal Uji", response.text)
        self.assertIn("Rapat lama", response.text)
        response = self.url_open(f"/my/bookings/{past.id}/cetak")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # still nobody else's
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        self.assertNotIn(past.name, self.url_open("/my/bookings").text)
        response = self.url_open(f"/my/bookings/{past.id}")
        self.assertFalse(response.url.endswith(f"/my/bookings/{past.id}"), response.url)
        self.assertNotIn("Rapat lama", response.text)

    def test_invoice_is_called_invoice_in_indonesian(self):
        """The seeds' word: members print their "Invoice" (Cetak Invoice), not a "Faktur"."""
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        start, stop = slot(5, 9, 11)
        self.assertEqual(self._post_booking(start, stop).status_code, 303)
        booking = self._my_bookings(self.member2)
        booking.with_user(self.manager).action_approve()
        invoice = booking.invoice_id
        self.assertTrue(invoice.name)
        page = self.url_open(f"/my/bookings/{booking.id}").text
        self.assertIn("<th>Invoice</th>", page)
        self.assertIn(invoice.name, page)
        self.assertNotIn("Faktur", page)
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="id_ID")
            ._render_qweb_html("biroumum_booking.action_report_booking", booking.ids)[0]
            .decode()
        )
        self.assertRegex(html, rf"<h2>Invoice <span>{re.escape(invoice.name)}</span></h2>")
        self.assertNotIn("Faktur", html)

    def test_the_portal_invoice_is_the_booking_invoice_with_no_payment_nobody_backs(self):
        """/my/invoices/<id> showed Odoo's "Faktur Proforma" beside the "Invoice" that
        Cetak prints, and a "Bayar Sekarang" that no payment method backed: the page
        shows and downloads the booking's own Invoice / Bukti Peminjaman, and the
        payment buttons appear only where the agency has enabled a payment provider."""
        providers = self.env["payment.provider"].sudo().search([])
        providers.filtered(lambda p: p.state != "disabled").state = "disabled"
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        start, stop = slot(5, 9, 11)
        self._post_booking(start, stop)
        booking = self._my_bookings(self.member2)
        booking.with_user(self.manager).action_approve()
        invoice = booking.invoice_id
        # overdue, so that the portal's "invoices to pay" alert shows too
        self.env.cr.execute(
            "UPDATE account_move SET invoice_date_due = invoice_date - 3 WHERE id = %s",
            [invoice.id],
        )
        self.env.cr.execute(
            "UPDATE account_move_line SET date_maturity = date - 3 WHERE move_id = %s",
            [invoice.id],
        )
        invoice.invalidate_recordset()
        page = self.url_open(f"/my/invoices/{invoice.id}").text
        self.assertIn(invoice.name, page)
        self.assertFalse('data-bs-target="#pay_with"' in page)
        for url in ("/my/invoices", "/my"):
            listing = self.url_open(url).text
            self.assertFalse("payment=True" in listing, url)
            self.assertFalse("/my/invoices/overdue" in listing, url)
        # one name, in Indonesian, on the portal's invoice pages too
        self.env["ir.module.module"]._load_module_terms(["account"], ["id_ID"])
        for url in ("/my", "/my/invoices", f"/my/invoices/{invoice.id}"):
            text = lxml.html.fromstring(self.url_open(url).text).text_content()
            found = re.findall(r".{0,60}(?:faktur|Invoices & Bills).{0,30}", text, re.I)
            self.assertFalse(found, url)
        self.assertIn("Invoice", text)
        document = self.url_open(f"/my/invoices/{invoice.id}?report_type=html").text
        self.assertRegex(document, rf"<h2>Invoice <span>{re.escape(invoice.name)}</span></h2>")
        self.assertIn(booking.name, document)
        self.assertFalse("Proforma" in document or "Faktur" in document)
        # one letterhead: the kop surat in the body, not also Odoo's company header
        self.assertFalse('class="header' in document)
        self.assertIn(f'data-oe-model="biroumum.booking" data-oe-id="{booking.id}"', document)
        response = self.url_open(f"/my/invoices/{invoice.id}?report_type=pdf&download=true")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn(booking.name.replace("/", "_"), response.headers["Content-Disposition"])
        # another member's invoice stays out of reach
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        response = self.url_open(
            f"/my/invoices/{invoice.id}?report_type=html", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        # once a provider is enabled, the member can pay from the page
        providers[:1].state = "test"
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        page = self.url_open(f"/my/invoices/{invoice.id}").text
        self.assertTrue('data-bs-target="#pay_with"' in page)
        self.assertTrue("/my/invoices/overdue" in self.url_open("/my/invoices").text)

    def test_price_route(self):
        start, stop = slot(3, 9, 12)
        result = self.make_jsonrpc_request(
            "/layanan/harga", {"facility_id": self.room.id, "start": start, "stop": stop}
        )
        self.assertEqual(result["amount"], 300000)
        self.assertIn("Rp 300.000", result["text"])
        result = self.make_jsonrpc_request(
            "/layanan/harga", {"facility_id": self.room.id, "start": "x", "stop": stop}
        )
        self.assertIn("error", result)

    def test_the_price_route_checks_the_request_before_the_terms_dialog(self):
        """The form asks the same server check as soon as the period (and the people)
        are entered: an unbookable request is told why, before PESAN, and not priced."""
        start, stop = slot(4, 9, 12)
        self.Booking.create(
            {
                "facility_id": self.room.id,
                "partner_id": self.member2.partner_id.id,
                "start": parse_wib_datetime(start),
                "stop": parse_wib_datetime(stop),
                "purpose": "Sudah dipesan",
                "state": "submitted",
            }
        )
        later_start, later_stop = slot(5, 9, 12)
        day = datetime.now(TZ).date() + timedelta(days=8)
        while day.weekday() != 6:
            day += timedelta(days=1)
        sunday = (f"{day}T09:00", f"{day}T12:00")
        for (begin, end, people), expected in [
            ((start, stop, 1), "sudah dipesan"),  # taken
            ((later_start, later_stop, 31), "paling banyak 30 orang"),  # over capacity
            ((*sunday, 1), "jam layanannya"),  # outside the opening hours
            (
                (later_start.replace("T09", "T22"), later_stop.replace("T12", "T23"), 1),
                "jam layanannya",
            ),
        ]:
            with self.subTest(period=(begin, end, people)):
                result = self.make_jsonrpc_request(
                    "/layanan/harga",
                    {"facility_id": self.room.id, "start": begin, "stop": end, "attendees": people},
                )
                self.assertNotIn("amount", result)
                self.assertIn(expected, result["error"].lower())
        result = self.make_jsonrpc_request(
            "/layanan/harga",
            {"facility_id": self.room.id, "start": later_start, "stop": later_stop, "attendees": 5},
        )
        self.assertEqual(result["amount"], 300000)

    def _sunday(self, days_ahead=8):
        day = datetime.now(TZ).date() + timedelta(days=days_ahead)
        while day.weekday() != 6:
            day += timedelta(days=1)
        return day

    def _holiday(self):
        """A holiday of the room's calendar on a weekday ahead: (day, name)."""
        # after the Monday after _sunday()
        day = datetime.now(TZ).date() + timedelta(days=16)
        while day.weekday() == 6:
            day += timedelta(days=1)
        begin = TZ.localize(datetime.combine(day, datetime.min.time()))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Hari Libur Uji Portal",
                "calendar_id": self.room.resource_calendar_id.id,
                "date_from": begin.astimezone(pytz.utc).replace(tzinfo=None),
                "date_to": (begin + timedelta(hours=23, minutes=59))
                .astimezone(pytz.utc)
                .replace(tzinfo=None),
            }
        )
        return day, "Hari Libur Uji Portal"

    def _grid_day(self, day, facility=None):
        """The text and the classes of `day` in the month calendar of its month on the
        facility's page."""
        url = f"/layanan/fasilitas/{(facility or self.room).id}?bulan={day:%Y-%m}"
        page = self.url_open(url).text
        cell = lxml.html.fromstring(page).xpath(f'//td[@data-date="{day.isoformat()}"]')
        self.assertEqual(len(cell), 1, f"no day {day} in the availability calendar")
        return " ".join(cell[0].text_content().split()), cell[0].get("class")

    def test_the_grid_shows_closed_days_as_closed(self):
        """A Sunday (outside the opening hours) and a holiday say "Tutup", not
        "Tersedia"; an open day shows its hours."""
        sunday = self._sunday()
        holiday, name = self._holiday()
        text, css = self._grid_day(sunday)
        self.assertIn("Tutup", text)
        self.assertNotIn("Tersedia", text)
        self.assertIn("o_layanan_day_closed", css)
        text, css = self._grid_day(holiday)
        self.assertIn("Tutup", text)
        self.assertIn(name, text)
        self.assertNotIn("Tersedia", text)
        text, css = self._grid_day(sunday + timedelta(days=1))
        self.assertIn("Buka 06.00-22.00", text)
        self.assertIn("Tersedia", text)
        self.assertNotIn("o_layanan_day_closed", css)

    def test_the_month_calendar_in_indonesian_with_its_months(self):
        """The facility's page: this month's calendar, in Indonesian, the booked times
        of a day in WIB; the next months of the booking window a link away; a month
        outside it, or no month, is this month, never an error."""
        today = datetime.now(TZ).date()
        this_month = format_date(today, "LLLL y", locale="id_ID")
        url = f"/layanan/fasilitas/{self.room.id}"
        page = lxml.html.fromstring(self.url_open(url).text)
        (title,) = page.xpath('//*[@id="o_layanan_month_title"]')
        self.assertEqual(title.text_content().strip(), this_month)
        (caption,) = page.xpath("//table[contains(@class, 'o_layanan_month_table')]/caption")
        self.assertIn(this_month, caption.text_content())
        self.assertEqual(
            [th.text_content().strip() for th in page.xpath("//thead/tr/th[@scope='col']")],
            ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"],
        )
        self.assertFalse(page.xpath("//a[contains(@class, 'o_layanan_month_prev')]"))
        (next_link,) = page.xpath("//a[contains(@class, 'o_layanan_month_next')]/@href")
        next_first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        self.assertEqual(next_link, f"{url}?bulan={next_first:%Y-%m}#o_layanan_availability")
        page = lxml.html.fromstring(self.url_open(next_link).text)
        self.assertEqual(
            page.xpath('string(//*[@id="o_layanan_month_title"])').strip(),
            format_date(next_first, "LLLL y", locale="id_ID"),
        )
        (prev_link,) = page.xpath("//a[contains(@class, 'o_layanan_month_prev')]/@href")
        self.assertEqual(prev_link, f"{url}?bulan={today:%Y-%m}#o_layanan_availability")
        # a booked day, in the month the address asks for
        start, stop = slot(40, 9, 12)
        self.Booking.create(
            {
                "facility_id": self.room.id,
                "partner_id": self.member2.partner_id.id,
                "start": parse_wib_datetime(start),
                "stop": parse_wib_datetime(stop),
                "purpose": "Rapat Rahasia Bulanan",
                "state": "submitted",
            }
        )
        booked = datetime.fromisoformat(start).date()
        text, css = self._grid_day(booked)
        self.assertIn("Terpesan 09.00-12.00", text)
        self.assertNotIn("Tersedia", text)
        self.assertIn("o_layanan_day_busy", css)
        page = self.url_open(f"{url}?bulan={booked:%Y-%m}").text
        self.assertNotIn("Rapat Rahasia Bulanan", page)
        # no month, or one outside the booking window (90 days): a month of the window
        last = today + timedelta(days=90)
        for query, expected in [
            ("bulan=abc", today),
            ("bulan=2026-13", today),
            ("bulan=%00", today),
            ("bulan=2026-12&bulan=x", None),
            ("bulan=1999-01", today),
            ("bulan=2999-01", last),
        ]:
            with self.subTest(query=query):
                res = self.url_open(f"{url}?{query}")
                self.assertEqual(res.status_code, 200)
                if expected:
                    shown = lxml.html.fromstring(res.text).xpath(
                        'string(//*[@id="o_layanan_month_title"])'
                    )
                    self.assertEqual(shown.strip(), format_date(expected, "LLLL y", locale="id_ID"))

    def test_the_free_filter_leaves_out_closed_facilities(self):
        url = "/layanan/ruang-rapat"
        sunday = self._sunday()
        holiday, _name = self._holiday()
        monday = sunday + timedelta(days=1)
        for day in (sunday, holiday):
            with self.subTest(day=day):
                page = self.url_open(f"{url}?mulai={day}T09:00&selesai={day}T11:00").text
                self.assertNotIn("Ruang Portal Uji", page)
        page = self.url_open(f"{url}?mulai={monday}T09:00&selesai={monday}T11:00").text
        self.assertIn("Ruang Portal Uji", page)
        page = self.url_open(f"{url}?mulai={monday}T21:00&selesai={monday}T23:00").text
        self.assertNotIn("Ruang Portal Uji", page)

    def test_the_price_preview_gives_the_holiday(self):
        holiday, name = self._holiday()
        result = self.make_jsonrpc_request(
            "/layanan/harga",
            {"facility_id": self.room.id, "start": f"{holiday}T09:00", "stop": f"{holiday}T11:00"},
        )
        self.assertNotIn("amount", result)
        self.assertIn("hari libur", result["error"])
        self.assertIn(name, result["error"])

    def test_the_filtered_period_is_carried_to_the_form(self):
        """Tampilkan yang kosong for a period, then the facility: its form has that
        period. A bad period in the address is ignored, never a 500."""
        start, stop = slot(3, 9, 11)
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        page = self.url_open(f"/layanan/ruang-rapat?mulai={start}&selesai={stop}").text
        links = lxml.html.fromstring(page).xpath(
            '//div[contains(@class, "o_biroumum_facility_card")]'
            '[.//h2[normalize-space()="Ruang Portal Uji"]]//a[contains(@class, "book_now")]/@href'
        )
        self.assertEqual(len(links), 1)
        self.assertIn(f"mulai={start}".replace(":", "%3A"), links[0])
        form = lxml.html.fromstring(self.url_open(links[0]).text)
        self.assertEqual(form.xpath('//input[@name="start"]/@value'), [start])
        self.assertEqual(form.xpath('//input[@name="stop"]/@value'), [stop])
        url = f"/layanan/fasilitas/{self.room.id}"
        for query in (
            f"mulai={stop}&selesai={start}",
            "mulai=kemarin&selesai=%27%3B--",
            "mulai=9999-99-99T99:99&selesai=0000-00-00T00:00",
            f"mulai={start}",
            "mulai=&selesai=",
            "mulai=0001-01-01T00:00&selesai=0001-01-01T05:00",
        ):
            with self.subTest(query=query):
                response = self.url_open(f"{url}?{query}")
                self.assertEqual(response.status_code, 200)
                form = lxml.html.fromstring(response.text)
                self.assertEqual(form.xpath('//input[@name="start"]/@value'), [])
                self.assertEqual(form.xpath('//input[@name="stop"]/@value'), [])
        # without a period, the links are the facility's page as before
        page = self.url_open("/layanan/ruang-rapat").text
        self.assertIn(f'href="/layanan/fasilitas/{self.room.id}#form"', page)

    def test_a_new_member_finds_the_bookings_entry_before_a_first_booking(self):
        self.assertFalse(self.Booking.search([("partner_id", "=", self.member2.partner_id.id)]))
        self.authenticate("bu_portal_m2", "bu_portal_m2")
        page = self.url_open("/my").text
        entry = r'<div class="o_portal_index_card ([^"]*)">\s*<a href="/my/bookings"'
        card = re.search(entry, page)
        self.assertTrue(card, "no entry to the bookings on /my")
        self.assertNotIn("d-none", card.group(1))

    def test_a_free_facility_is_priced_as_free_of_charge(self):
        free = self.room.copy({"name": "Ruang Gratis Uji", "price": 0})
        start, stop = slot(3, 9, 12)
        result = self.make_jsonrpc_request(
            "/layanan/harga", {"facility_id": free.id, "start": start, "stop": stop}
        )
        self.assertEqual(result["amount"], 0)
        # not "3 jam x Rp 0 = Rp 0" (the visitor reads Indonesian: id.po)
        self.assertEqual(result["text"], "Tidak dipungut biaya")

    def _queries(self, url):
        self.url_open(url)  # warm the caches
        before = self.cr.sql_log_count
        self.url_open(url)
        return self.cr.sql_log_count - before

    def test_query_counts_do_not_grow(self):
        self.authenticate("bu_portal_m1", "bu_portal_m1")
        for i in range(2):
            self.Booking.create(
                {
                    "facility_id": self.room.id,
                    "partner_id": self.member.partner_id.id,
                    "start": datetime(2030, 1, 7 + i, 2),
                    "stop": datetime(2030, 1, 7 + i, 4),
                    "purpose": f"Rapat {i}",
                }
            )
        few_bookings = self._queries("/my/bookings")
        few_facilities = self._queries("/layanan/ruang-rapat")
        for i in range(2, 8):
            self.Booking.create(
                {
                    "facility_id": self.room.id,
                    "partner_id": self.member.partner_id.id,
                    "start": datetime(2030, 1, 7 + i, 2),
                    "stop": datetime(2030, 1, 7 + i, 4),
                    "purpose": f"Rapat {i}",
                }
            )
            self.room.copy({"name": f"Ruang {i}"})
        self.assertEqual(self._queries("/my/bookings"), few_bookings)
        self.assertEqual(self._queries("/layanan/ruang-rapat"), few_facilities)
        self.url_open("/my/bookings")
        with self.assertQueryCount(few_bookings):
            self.url_open("/my/bookings")
        with self.assertQueryCount(few_facilities):
            self.url_open("/layanan/ruang-rapat")


@tagged("post_install", "-at_install")
class TestSignup(HttpCase):
    def _signup(self, **values):
        page = self.url_open("/web/signup").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = {
            "csrf_token": csrf,
            "name": "Dewi O'Brien \"Jum'at\" 😀 ꦢꦺꦮꦶ",
            "login": "dewi@example.com",
            "phone": "081234567890",
            "biroumum_nik": "3374054107900001",
            "biroumum_institution": "<script>alert(1)</script>",
            "street": "Jl. Pemuda No. 1, Semarang",
            "password": "Rahasia-12345",
            "confirm_password": "Rahasia-12345",
        }
        data.update(values)
        return self.url_open("/web/signup", data=data)

    def test_signup_page_is_the_seeds_member_registration(self):
        page = self.url_open("/web/signup").text
        self.assertIn("Pendaftaran Member Baru", page)
        self.assertNotIn("John Doe", page)
        self.assertIn('placeholder="Nama lengkap, sesuai KTP"', page)

    def test_signup_page_has_member_fields(self):
        page = self.url_open("/web/signup").text
        for name in ("phone", "biroumum_nik", "biroumum_institution", "street"):
            self.assertIn(f'name="{name}"', page)

    def test_invalid_nik_reshown_escaped(self):
        # the visitor who chose no language reads Indonesian (id.po's msgstr)
        for nik, message in [
            # (layanan_base's one NIK validator, its id.po)
            ("123", "NIK harus 16 digit, bukan 3."),
            ("9974054107900001", "NIK diawali 99, yang bukan kode provinsi."),
            (
                "3374053202900001",
                "Digit ke-7 s.d. 12 NIK (320290) bukan tanggal lahir yang sah "
                "(DDMMYY, tanggal + 40 untuk perempuan).",
            ),
        ]:
            with self.subTest(nik=nik):
                response = self._signup(biroumum_nik=nik)
                self.assertIn(message, response.text)
                self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", response.text)
                self.assertNotIn("<script>alert(1)</script>", response.text)
        self.assertFalse(self.env["res.users"].search([("login", "=", "dewi@example.com")]))

    def test_signup_refuses_too_long_texts_in_words(self):
        # "<field> is too long: at most <n> characters (this one has <m>).", as the
        # visitor who chose no language reads it
        for field, message in (
            ("name", "Nama terlalu panjang: paling banyak 128 karakter"),
            ("biroumum_institution", "Instansi / organisasi terlalu panjang: paling banyak 128"),
            ("street", "Alamat terlalu panjang: paling banyak 500 karakter (yang ini 100000)"),
        ):
            with self.subTest(field=field):
                response = self._signup(**{field: "x" * 100000})
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
        self.assertFalse(self.env["res.users"].search([("login", "=", "dewi@example.com")]))

    def test_signup_stores_text_as_typed(self):
        response = self._signup()
        self.assertIn("o_layanan_signup_sent", response.text)
        user = self.env["res.users"].search([("login", "=", "dewi@example.com")])
        self.assertTrue(user)
        self.assertFalse(user.email_confirmed)
        self.assertTrue(user._is_portal())
        partner = user.partner_id
        self.assertEqual(partner.name, "Dewi O'Brien \"Jum'at\" 😀 ꦢꦺꦮꦶ")
        self.assertEqual(partner.biroumum_nik, "3374054107900001")
        self.assertEqual(partner.biroumum_institution, "<script>alert(1)</script>")
        self.assertEqual(partner.phone, "081234567890")
        self.assertEqual(partner.street, "Jl. Pemuda No. 1, Semarang")


@tagged("post_install", "-at_install")
class TestTour(HttpCase):
    def test_member_journey(self):
        manager = new_test_user(
            self.env, login="bu_tour_mgr", groups="biroumum_booking.group_manager"
        )
        self.env["biroumum.facility"].create(
            {
                "name": "Ruang Tur",
                "category": "meeting_room",
                "capacity": 30,
                "price": 200000,
                "manager_user_id": manager.id,
                "resource_calendar_id": self.env.ref(
                    "biroumum_booking.resource_calendar_service"
                ).id,
            }
        )
        # the visitor registers; the page says to look in the e-mail
        self.start_tour("/web/signup?redirect=/layanan/ruang-rapat", "biroumum_booking_signup_tour")
        user = self.env["res.users"].search([("login", "=", "tur@example.com")])
        self.assertFalse(user.email_confirmed)
        # opens the link of the e-mail, logs in and books
        mail = self.env["mail.mail"].search(
            [("email_to", "ilike", "tur@example.com"), ("body_html", "ilike", "/confirm")]
        )
        link = re.search(r'href="[^"]*(/web/signup/confirm\?[^"]+)"', mail.body_html).group(1)
        self.start_tour(html.unescape(link), "biroumum_booking_tour")
        self.assertTrue(user.email_confirmed)
        booking = (
            self.env["biroumum.booking"].sudo().search([("partner_id", "=", user.partner_id.id)])
        )
        self.assertEqual(booking.state, "submitted")
        self.assertEqual(booking.facility_id.name, "Ruang Tur")
        self.assertEqual(booking.amount, 400000)
        self.assertEqual(user.partner_id.biroumum_nik, "3374050107900002")
        booking.with_user(manager).action_approve()
        self.assertEqual(booking.invoice_id.amount_total, 400000)
        # the account made at the sign-up speaks Indonesian: "Approved" reads "Disetujui"
        self.assertEqual(user.lang, "id_ID")
        self.authenticate("tur@example.com", "Tur-Rahasia-123")
        page = self.url_open("/my/bookings").text
        self.assertIn(f"/my/bookings/{booking.id}/cetak", page)
        self.assertRegex(page, r'class="badge text-bg-success">\s*<span>Disetujui</span>')
        response = self.url_open(f"/my/bookings/{booking.id}/cetak")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")

    def test_the_period_chosen_on_the_list_reaches_the_form(self):
        """Tampilkan yang kosong for a period -> Pesan Sekarang on a room -> the booking
        form has the period (and its price), in the browser."""
        env = self.env
        env["res.lang"]._activate_lang("id_ID")
        env["ir.module.module"]._load_module_terms(["layanan_base", "biroumum_booking"], ["id_ID"])
        manager = new_test_user(env, login="bu_tour_mgr2", groups="biroumum_booking.group_manager")
        new_test_user(env, login="bu_tour_member", groups="base.group_portal", lang="id_ID")
        env["biroumum.facility"].create(
            {
                "name": "Ruang Tur",
                "category": "meeting_room",
                "capacity": 30,
                "price": 200000,
                "manager_user_id": manager.id,
                "resource_calendar_id": env.ref("biroumum_booking.resource_calendar_service").id,
            }
        )
        self.start_tour(
            "/layanan/ruang-rapat", "biroumum_booking_period_tour", login="bu_tour_member"
        )
