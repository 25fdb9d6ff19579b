"""Recurring requests (issue 18 item 1) in the Balaikota: each occurrence is a full
request of its own that goes through the SOP on its own; the officers act on one
occurrence or on the whole series."""

import base64

import lxml.html
import pytz

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .common import PDF, EpesanruanganCase, PortalFormMixin, future

WIB = pytz.timezone("Asia/Jakarta")


class SeriesCase(EpesanruanganCase):
    def hold(self, start, room=None, hours=2, lines=()):
        """A request of another work unit that holds `room` (validated)."""
        booking = self.make_booking(
            start=start, room=room, hours=hours, operator=self.operator2, lines=lines
        )
        booking.with_user(self.operator2).action_submit()
        booking.with_user(self.officer).action_verify()
        if booking.line_ids:
            booking.with_user(self.pss).action_pss_approve()
        booking.with_user(self.head).action_validate()
        self.assertEqual(booking.state, "validated")
        return booking

    def series(self, weeks=3, lines=(), submit=True):
        """A weekly series of the operator, from next week."""
        bookings = self.env["epesanruangan.booking"]
        uid = bookings._new_series_uid()
        for week in range(weeks):
            bookings |= self.make_booking(
                start=future(days=8 + 7 * week), lines=lines, series_uid=uid
            )
        if submit:
            bookings.with_user(self.operator).action_submit()
        return bookings


@tagged("post_install", "-at_install")
class TestSeriesBackend(SeriesCase):
    def test_an_officer_repeats_a_request_weekly_from_the_backend(self):
        booking = self.make_booking(start=future(days=8), lines=[(self.projector, 2)])
        booking.with_user(self.operator).action_submit()
        taken = self.hold(future(days=15, hour=3))
        with self.assertRaises(AccessError):
            booking.with_user(self.operator).action_repeat()
        action = booking.with_user(self.officer).action_repeat()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"])
        )
        wizard.frequency = "weekly"
        wizard.count = 3
        text = " ".join(lxml.html.fromstring(str(wizard.preview)).text_content().split())
        # the clash with its room and period; the third week free
        self.assertIn("Ruang Uji A is already booked", text)
        self.assertIn("10.00 - 12.00 WIB, which overlaps", text)
        self.assertNotIn(taken.name, text)
        self.assertEqual(wizard.free_count, 1)
        wizard.save().action_create()
        series = booking._series()
        self.assertEqual(len(series), 2)
        copy = series[1]
        self.assertEqual(copy.start, future(days=22))
        self.assertEqual(
            (copy.state, copy.operator_id, copy.unit_id, copy.participants, copy.event_name),
            ("submitted", self.operator, self.unit, 20, "Rapat Uji"),
        )
        self.assertEqual(base64.b64decode(copy.letter), PDF)
        self.assertEqual(
            [(line.equipment_id, line.qty_requested, line.qty_approved) for line in copy.line_ids],
            [(self.projector, 2, 0)],
        )
        self.assertEqual(booking.series_count, 2)
        self.assertEqual(
            booking.action_view_series()["domain"], [("series_uid", "=", copy.series_uid)]
        )

    def test_the_whole_series_goes_through_the_sop_steps(self):
        series = self.series(lines=[(self.projector, 1)])
        self.assertEqual(series.mapped("series_count"), [3, 3, 3])
        # one occurrence alone, then the rest of the series
        series[0].with_user(self.officer).action_verify()
        self.assertEqual(series.mapped("state"), ["equipment_check", "submitted", "submitted"])
        with self.assertRaises(AccessError):
            series[1].with_user(self.operator).action_verify_series()
        with self.assertRaises(AccessError):
            series[1].with_user(self.pss).action_verify_series()
        series[1].with_user(self.officer).action_verify_series()
        self.assertEqual(set(series.mapped("state")), {"equipment_check"})
        with self.assertRaises(AccessError):
            series[0].with_user(self.officer).action_pss_approve_series()
        series[0].with_user(self.pss).action_pss_approve_series()
        self.assertEqual(set(series.mapped("state")), {"verified"})
        with self.assertRaises(AccessError):
            series[0].with_user(self.officer).action_validate_series()
        series[2].with_user(self.head).action_validate_series()
        self.assertEqual(set(series.mapped("state")), {"validated"})
        series[0].with_user(self.head).action_schedule_series()
        self.assertEqual(set(series.mapped("state")), {"scheduled"})
        self.assertEqual(len(series.calendar_event_id), 3)
        # each occurrence logged its own steps
        self.assertEqual(series[2].step_log_ids.mapped("step"), ["8", "7", "5", "4", "3", "2"])
        # cancelled as a whole, with the reason asked first
        action = series[1].with_user(self.officer).action_cancel_series()
        self.assertEqual(action["res_model"], "layanan.reason.wizard")
        self.assertEqual(action["context"]["default_res_ids"], series.ids)
        series[1].with_user(self.officer).action_cancel_series(reason="Rapat ditiadakan")
        self.assertEqual(set(series.mapped("state")), {"cancelled"})
        self.assertEqual(set(series.mapped("decision_note")), {"Rapat ditiadakan"})
        self.assertFalse(series.calendar_event_id)

    def test_a_series_is_rejected_with_one_reason_and_others_are_left_alone(self):
        series = self.series()
        other = self.series(weeks=1)
        series[0].with_user(self.officer).action_verify()
        wizard = (
            self.env["layanan.reason.wizard"]
            .with_user(self.officer)
            .with_context(**series[1].with_user(self.officer).action_reject_series()["context"])
            .create({"reason": "Surat tidak lengkap"})
        )
        wizard.action_confirm()
        self.assertEqual(set(series.mapped("state")), {"rejected"})
        self.assertEqual(set(series.mapped("decision_note")), {"Surat tidak lengkap"})
        self.assertEqual(other.state, "submitted")

    def test_the_equipment_stock_is_checked_for_each_occurrence(self):
        """Three projectors: the second week, another request holds two of them. The
        verification proposes what each week has free; the validation locks and counts
        again for each week, and validates none when one week lacks them."""
        series = self.series(weeks=2, lines=[(self.projector, 2)])
        self.hold(future(days=15), room=self.room_big, lines=[(self.projector, 2)])
        series[0].with_user(self.officer).action_verify_series()
        self.assertEqual(series.line_ids.mapped("qty_approved"), [2, 1])
        series[0].with_user(self.pss).action_pss_approve_series()
        self.assertEqual(series.mapped("state"), ["verified", "waiting_applicant"])
        series[1].with_user(self.operator).action_applicant_continue()
        # meanwhile another request takes the first week's projectors
        self.hold(future(days=8), room=self.room_big, lines=[(self.projector, 2)])
        with self.assertRaisesRegex(UserError, "Only 1 × Proyektor Uji are free"):
            with self.env.cr.savepoint():
                series[1].with_user(self.head).action_validate_series()
        self.env.invalidate_all()
        self.assertEqual(set(series.mapped("state")), {"verified"})
        # the second week alone still has its one projector
        series[1].with_user(self.head).action_validate()
        self.assertEqual(series[1].state, "validated")


@tagged("post_install", "-at_install")
class TestSeriesPortal(PortalFormMixin, HttpCase, SeriesCase):
    """The operator's recurring request on the portal: the first post requests nothing
    and lists the dates, free or taken (by what room and period); the operator requests
    the free ones, or none."""

    def _form(self, **overrides):
        return super()._form(
            **{
                "event_name": "Rapat Koordinasi Mingguan",
                "repeat": "weekly",
                "repeat_count": "4",
                **overrides,
            }
        )

    def _post(self, data, letter=PDF):
        return super()._post(data, letter=letter, allow_redirects=False)

    def _mine(self):
        return self.env["epesanruangan.booking"].search(
            [("event_name", "=", "Rapat Koordinasi Mingguan")], order="start"
        )

    def _preview(self, response):
        self.assertEqual(response.status_code, 200)
        page = lxml.html.fromstring(response.text)
        rows = page.xpath('//li[hasclass("o_layanan_occurrence")]')
        confirm = page.xpath('//form[.//button[hasclass("o_epesanruangan_series_confirm")]]')
        data = {}
        if confirm:
            data = {field.get("name"): field.get("value") for field in confirm[0].xpath(".//input")}
        return page, rows, data

    def test_a_weekly_series_shows_its_dates_then_requests_the_free_ones(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["layanan_base", "epesanruangan"], ["id_ID"]
        )
        self.operator.lang = "id_ID"
        taken = self.hold(future(days=22, hour=3))  # the third week, 10.00-12.00 WIB
        self.authenticate("910001", "910001")
        page, rows, data = self._preview(self._post(self._form()))
        self.assertFalse(self._mine())  # nothing requested yet
        self.assertEqual(
            [row.get("class").split()[-1] for row in rows],
            ["o_layanan_occurrence_free"] * 2
            + ["o_layanan_occurrence_taken", "o_layanan_occurrence_free"],
        )
        texts = [" ".join(row.text_content().split()) for row in rows]
        self.assertIn("Tersedia", texts[0])
        self.assertIn("Tidak tersedia", texts[2])
        # the clash: its room and its period, not whose it is
        self.assertIn("Ruang Uji A sudah dipesan", texts[2])
        self.assertIn("10.00 - 12.00 WIB", texts[2])
        self.assertNotIn(taken.name, texts[2])
        self.assertIn("Ajukan 3 jadwal yang tersedia", page.text_content())
        self.assertTrue(page.xpath('//a[hasclass("o_epesanruangan_series_none")]'))
        # the letter is kept for the confirmation, which posts what was typed
        self.assertTrue(data["letter_pending"])
        self.assertEqual(
            (data["series_confirm"], data["event_name"]), ("free", "Rapat Koordinasi Mingguan")
        )
        response = self.url_open("/my/ruangan/ajukan", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        booked = self._mine()
        self.assertEqual(len(booked), 3)
        self.assertEqual(set(booked.mapped("state")), {"submitted"})
        self.assertEqual(len(set(booked.mapped("series_uid"))), 1)
        self.assertEqual(booked[0].series_count, 3)
        self.assertNotIn(future(days=22), booked.mapped("start"))
        for booking in booked:
            self.assertEqual(base64.b64decode(booking.letter), PDF)
            self.assertEqual(booking.unit_id, self.unit)
            self.assertEqual(
                [(line.equipment_id, line.qty_requested) for line in booking.line_ids],
                [(self.projector, 2)],
            )
        self.assertIn(f"/my/ruangan/{booked[0].id}", response.headers["Location"])
        # the same confirmation again (a double click) requests nothing more
        self.url_open("/my/ruangan/ajukan", data=data, allow_redirects=False)
        self.assertEqual(len(self._mine()), 3)

    def test_a_date_taken_meanwhile_requests_nothing(self):
        self.authenticate("910001", "910001")
        _page, _rows, data = self._preview(self._post(self._form(repeat_count="3")))
        self.hold(future(days=15))
        page, rows, _data = self._preview(
            self.url_open("/my/ruangan/ajukan", data=data, allow_redirects=False)
        )
        self.assertFalse(self._mine())
        error = page.xpath('//div[hasclass("o_epesanruangan_error")]')[0].text_content()
        self.assertIn("is no longer free, so nothing was requested", error)
        self.assertEqual(len(rows), 3)
        self.assertIn("o_layanan_occurrence_taken", rows[1].get("class"))

    def test_a_series_without_an_end_or_too_long_is_a_message(self):
        self.authenticate("910001", "910001")
        for extra, words in (
            ({"repeat_count": ""}, "until when the booking repeats"),
            ({"repeat_count": "500"}, "at most 100"),
            ({"repeat_count": "", "repeat_until": "31-12-2027"}, "valid end date"),
        ):
            with self.subTest(extra=extra):
                response = self._post(self._form(**extra))
                self.assertEqual(response.status_code, 200)
                self.assertIn(words, response.text)
        self.assertFalse(self._mine())

    def test_hostile_series_and_waiting_list_input_gets_a_message_not_500(self):
        self.authenticate("910001", "910001")
        for extra, words in (
            ({"repeat_count": "abc"}, "valid end date or number of times"),
            ({"repeat": "yearly"}, "choose how the booking repeats"),
            ({"repeat_count": "-3"}, "valid end date or number of times"),
            ({"series_confirm": "free", "series_starts": "\x00,zzz"}, "None of the dates"),
        ):
            with self.subTest(extra=extra):
                response = self._post(self._form(**extra))
                self.assertEqual(response.status_code, 200)
                self.assertIn(words, response.text)
        for pending in ("x-y", "999999-abc", "-", "1-"):
            with self.subTest(pending=pending):
                response = self._post(self._form(letter_pending=pending), letter=None)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Attach the request letter", response.text)
        # the waiting list of a free room, or without a letter: told
        response = self.url_open(
            "/my/ruangan/daftar-tunggu", data=self._form(repeat="none"), allow_redirects=False
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Attach the request letter", response.text)
        response = self.url_open(
            "/my/ruangan/daftar-tunggu",
            data=self._form(repeat="none"),
            files={"letter": ("surat.pdf", PDF, "application/pdf")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("This period is free: book it directly.", response.text)
        self.assertFalse(self._mine())
        self.assertFalse(
            self.env["layanan.booking.waitlist"].search(
                [("partner_id", "=", self.operator.partner_id.id)]
            )
        )

    def test_another_operators_letter_is_not_taken(self):
        self.authenticate("910001", "910001")
        _page, _rows, data = self._preview(self._post(self._form()))
        self.authenticate("910002", "910002")
        data["csrf_token"] = http.Request.csrf_token(self)
        response = self.url_open("/my/ruangan/ajukan", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Attach the request letter", response.text)
        self.assertFalse(self._mine())

    def test_a_recurring_request_in_the_browser(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["layanan_base", "epesanruangan"], ["id_ID"]
        )
        self.operator.lang = "id_ID"
        # the second week of the tour's series is taken
        self.hold(future(days=14), room=self.room_big)
        self.start_tour("/my/ruangan/baru", "epesanruangan_series_tour", login="910001")
        booked = self.env["epesanruangan.booking"].search(
            [("event_name", "=", "Rapat Tur Mingguan")], order="start"
        )
        self.assertEqual(len(booked), 2)
        self.assertEqual(len(set(booked.mapped("series_uid"))), 1)
        self.assertEqual(set(booked.mapped("state")), {"submitted"})
        self.assertEqual((booked[1].start - booked[0].start).days, 14)
