import base64
import io
import subprocess
import tempfile

from babel.dates import format_date
from PIL import Image
from PyPDF2 import PdfReader

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.layanan_base.tools import wib_today

from .common import PDF, EpesanruanganCase, future

FROZEN = "already sent to the leadership: its photos, note and attendance no longer change"
NOT_A_PHOTO = "must be a JPEG or PNG image"


def image(color="red", size=(32, 20), fmt="PNG", mode="RGB"):
    """A photo as the form sends it: base64."""
    buf = io.BytesIO()
    Image.new(mode, size, color).save(buf, fmt)
    return base64.b64encode(buf.getvalue())


def image_size(b64):
    with Image.open(io.BytesIO(base64.b64decode(b64))) as img:
        return img.size


class EventPhotoMixin:
    def _done_booking(self, **vals):
        booking = self.run_to(self.make_booking(**vals), "scheduled")
        booking.write({"start": future(days=-2), "stop": future(days=-2, hour=4)})
        booking.with_user(self.officer).action_done()
        self.assertEqual(booking.state, "done")
        return booking


@tagged("post_install", "-at_install")
class TestEventPhoto(EventPhotoMixin, EpesanruanganCase):
    def test_event_report_is_frozen_once_sent(self):
        """What the booking prints is what the leadership received: once the event report
        is sent, its photos (their images, captions, order), note and attendance no
        longer change, whichever way the officer tries; the superuser still may."""
        booking = self._done_booking()
        other = self.make_booking(start=future(days=5))
        officer_booking = booking.with_user(self.officer)
        Photo = self.env["epesanruangan.event.photo"].with_user(self.officer)
        # until it is sent, the officer adds, rewrites, removes
        officer_booking.write(
            {
                "photo_ids": [
                    (0, 0, {"image": image("red"), "caption": "Pembukaan", "sequence": 1}),
                    (0, 0, {"image": image("blue"), "caption": "Cadangan", "sequence": 2}),
                ],
                "report_note": "Draf",
                "attendance_actual": 25,
            }
        )
        first, spare = booking.photo_ids
        second = Photo.create(
            {"booking_id": booking.id, "image": image("green"), "caption": "Diskusi"}
        )
        first.with_user(self.officer).write({"caption": "Pembukaan acara"})
        spare.with_user(self.officer).write({"image": image("yellow", fmt="JPEG")})
        officer_booking.write(
            {"photo_ids": [(2, spare.id)], "report_note": "Acara lancar", "attendance_actual": 28}
        )
        self.assertFalse(spare.exists())
        self.assertEqual(booking.photo_ids, first | second)
        officer_booking.action_send_report()
        self.assertTrue(booking.report_sent)
        other_photo = Photo.create({"booking_id": other.id, "image": image("black")})
        content = first.image
        # through the booking
        for user, vals in (
            (self.officer, {"report_note": "Catatan lain"}),
            (self.officer, {"attendance_actual": 40}),
            (self.officer, {"photo_ids": [(0, 0, {"image": image("white")})]}),
            (self.officer, {"photo_ids": [(1, first.id, {"caption": "Lain"})]}),
            (self.officer, {"photo_ids": [(2, first.id)]}),
            (self.officer, {"photo_ids": [(4, other_photo.id)]}),
            (self.officer, {"photo_ids": [(5, 0, 0)]}),
            (self.officer, {"photo_ids": [(6, 0, other_photo.ids)]}),
            (self.head, {"report_note": False}),
        ):
            with self.assertRaisesRegex(UserError, FROZEN), self.env.cr.savepoint():
                booking.with_user(user).write(vals)
        # through the photos themselves (RPC on epesanruangan.event.photo)
        admin = self.env.ref("base.user_admin")
        for attempt in (
            lambda: Photo.create({"booking_id": booking.id, "image": image("white")}),
            lambda: first.with_user(self.officer).write({"caption": "Lain"}),
            lambda: first.with_user(self.officer).write({"image": image("white")}),
            lambda: first.with_user(self.officer).write({"sequence": 99}),
            lambda: first.with_user(self.officer).write({"booking_id": other.id}),
            lambda: other_photo.with_user(self.officer).write({"booking_id": booking.id}),
            lambda: (first | second).with_user(self.officer).unlink(),
            lambda: second.with_user(self.head).unlink(),
            lambda: second.with_user(admin).unlink(),
        ):
            with self.assertRaisesRegex(UserError, FROZEN), self.env.cr.savepoint():
                attempt()
        # nor the image file behind a photo: its access follows the photo's
        files = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "epesanruangan.event.photo"),
                    ("res_id", "=", first.id),
                    ("res_field", "=", "image"),
                ]
            )
        )
        self.assertEqual(len(files), 1)
        files.with_user(self.officer).check_access("read")
        for attempt in (
            lambda: files.with_user(self.officer).write({"datas": image("white")}),
            lambda: files.with_user(self.officer).unlink(),
        ):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                attempt()
        booking.invalidate_recordset()
        (first | second | other_photo).invalidate_recordset()
        self.assertEqual(booking.photo_ids, first | second)
        self.assertEqual(booking.photo_ids.mapped("caption"), ["Pembukaan acara", "Diskusi"])
        self.assertEqual((booking.report_note, booking.attendance_actual), ("Acara lancar", 28))
        self.assertEqual(first.image, content)
        self.assertEqual(other_photo.booking_id, other)
        # the superuser still may (a correction by the administrator of the server)
        first.sudo().write({"caption": "Dikoreksi"})
        second.sudo().unlink()
        self.assertEqual(booking.photo_ids.caption, "Dikoreksi")

    def test_only_photos_are_accepted(self):
        """A PDF, a drawing, a text or a giant image is refused in words, nothing stored."""
        booking = self._done_booking()
        officer_booking = booking.with_user(self.officer)
        # a WEBP's header (Odoo's image field keeps a WEBP as it is; wkhtmltopdf cannot)
        webp = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 24
        for data in (
            base64.b64encode(PDF),
            base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'),
            base64.b64encode(b"<html><body>bukan foto</body></html>"),
            base64.b64encode(b"bukan foto"),
            base64.b64encode(webp),
            "bukan base64 sama sekali!",
        ):
            with self.assertRaisesRegex(ValidationError, NOT_A_PHOTO), self.env.cr.savepoint():
                officer_booking.write({"photo_ids": [(0, 0, {"image": data})]})
        self.assertFalse(booking.photo_ids)
        photo = (
            self.env["epesanruangan.event.photo"]
            .with_user(self.officer)
            .create({"booking_id": booking.id, "image": image("red"), "caption": "Foto"})
        )
        content = photo.image
        with self.assertRaisesRegex(ValidationError, NOT_A_PHOTO), self.env.cr.savepoint():
            photo.write({"image": base64.b64encode(PDF)})
        # a 64 Mpx image (a decompression bomb, tiny as a file): Odoo's image field
        with self.assertRaisesRegex(UserError, "Too large image"), self.env.cr.savepoint():
            photo.write({"image": image(0, (8000, 8000), mode="1")})
        photo.invalidate_recordset()
        self.assertEqual(photo.image, content)
        with self.assertRaisesRegex(ValidationError, "Upload the photo"), self.env.cr.savepoint():
            officer_booking.write({"photo_ids": [(0, 0, {"caption": "Tanpa foto"})]})
        with self.assertRaisesRegex(ValidationError, "Upload the photo"), self.env.cr.savepoint():
            photo.write({"image": False})
        self.assertEqual(booking.photo_ids, photo)

    def test_large_photos_are_stored_smaller(self):
        """A phone's large photo is stored at most 1024 px, its proportions kept."""
        booking = self.make_booking()
        booking.with_user(self.officer).write(
            {
                "photo_ids": [
                    (0, 0, {"image": image("green", (2400, 1800), "JPEG"), "caption": "Besar"}),
                    (0, 0, {"image": image("red", (320, 200)), "caption": "Kecil"}),
                ]
            }
        )
        big, small = booking.photo_ids
        self.assertEqual(image_size(big.image), (1024, 768))
        self.assertEqual(image_size(small.image), (320, 200))

    def test_who_sees_and_changes_photos(self):
        """Officers add photos; the leadership and the PSS read them; the operators of the
        booking's work unit read them, other units do not."""
        booking = self._done_booking()
        photo = (
            self.env["epesanruangan.event.photo"]
            .with_user(self.officer)
            .create({"booking_id": booking.id, "image": image(), "caption": "Pembukaan"})
        )
        for user in (self.leader, self.pss, self.operator):
            self.assertEqual(photo.with_user(user).caption, "Pembukaan")
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                photo.with_user(user).write({"caption": "Lain"})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.env["epesanruangan.event.photo"].with_user(user).create(
                    {"booking_id": booking.id, "image": image()}
                )
        Photo2 = self.env["epesanruangan.event.photo"].with_user(self.operator2)
        self.assertFalse(Photo2.search([("id", "=", photo.id)]))
        with self.assertRaises(AccessError):
            photo.with_user(self.operator2).read(["caption"])

    def test_attachments_are_not_overridden(self):
        """The photos' freeze costs nothing to the other files of the database: the addon
        overrides nothing of ir.attachment, so writing an unrelated file runs no search
        of bookings."""
        Attachment = type(self.env["ir.attachment"])
        ours = [
            cls.__module__
            for cls in Attachment.__mro__
            if cls.__module__.startswith("odoo.addons.epesanruangan")
        ]
        self.assertEqual(ours, [])

    def test_caption_and_attendance_limits(self):
        booking = self._done_booking().with_user(self.officer)
        with self.assertRaisesRegex(ValidationError, "at most 200 characters"):
            booking.write({"photo_ids": [(0, 0, {"image": image(), "caption": "x" * 201})]})
        for wrong in (-1, 3_000_000_000):
            with self.assertRaisesRegex(ValidationError, "attended"), self.env.cr.savepoint():
                booking.write({"attendance_actual": wrong})
        self.assertEqual(booking.attendance_actual, 0)
        self.assertFalse(booking.photo_ids)


@tagged("post_install", "-at_install")
class TestEventReport(EventPhotoMixin, HttpCase, EpesanruanganCase):
    """An HttpCase: wkhtmltopdf fetches the report's assets from the test server,
    which must see the test transaction."""

    def _pdf_text(self, booking):
        # tests render HTML unless told: the leadership receives a real PDF
        pdf, fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("epesanruangan.action_report_event", booking.ids)
        )
        self.assertEqual(fmt, "pdf")
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        return pdf, " ".join(text.split())

    def test_event_report_pdf_with_photos(self):
        booking = self.run_to(self.make_booking(lines=[(self.projector, 1)]), "scheduled")
        with self.assertRaisesRegex(UserError, "not ended"):
            booking.with_user(self.officer).action_done()
        booking.write({"start": future(days=-2), "stop": future(days=-2, hour=4)})
        booking.with_user(self.officer).action_done()
        self.assertEqual(booking.state, "done")
        with self.assertRaisesRegex(UserError, "photo"):
            booking.with_user(self.officer).action_send_report()
        booking.with_user(self.officer).write(
            {
                "photo_ids": [
                    (0, 0, {"image": image("red", (320, 200)), "caption": "Sambutan pembuka"}),
                    (0, 0, {"image": image("blue", (320, 200)), "caption": "Sesi tanya jawab"}),
                ],
                "report_note": "Acara berjalan lancar",
            }
        )
        pdf, text = self._pdf_text(booking)
        reader = PdfReader(io.BytesIO(pdf))
        self.assertAlmostEqual(float(reader.pages[0].mediabox.width), 595, delta=2)  # A4
        for expected in (
            "Rapat Uji",
            "Dinas Uji",
            "Ruang Uji A",
            "Proyektor Uji",
            "Acara berjalan lancar",
            "Participants Requested 20",
            "Actual Attendance Not recorded",
            "Sambutan pembuka",
            "Sesi tanya jawab",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Report Date", text)
        # one letterhead: the kop surat in the body, not also Odoo's company header (a
        # wkhtmltopdf that keeps the header printed the company's address above it)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("epesanruangan.action_report_event", booking.ids)[0]
            .decode()
        )
        self.assertNotIn('class="header', html)
        self.assertIn(f'data-oe-model="epesanruangan.booking" data-oe-id="{booking.id}"', html)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(pdf)
            tmp.flush()
            images = subprocess.run(
                ["pdfimages", "-list", tmp.name], capture_output=True, text=True, check=True
            ).stdout
        self.assertGreaterEqual(len(images.strip().splitlines()) - 2, 2, images)
        booking.with_user(self.officer).write({"attendance_actual": 17})
        booking.with_user(self.officer).action_send_report()
        self.assertTrue(booking.report_sent)
        self.assertEqual(booking.report_date, wib_today())
        sent = booking.message_ids.filtered(lambda m: self.leader.partner_id in m.partner_ids)[:1]
        self.assertTrue(sent.attachment_ids.name.endswith(".pdf"))
        self.assertEqual(
            booking.step_log_ids.filtered(lambda s: s.step == "10").target_seconds, 20 * 60
        )
        # what the leadership received: the day it was sent, the attendance, the captions
        _pdf, text = self._pdf_text(booking)
        day = format_date(wib_today(), "d MMMM y", locale="en_US")
        for expected in (
            f"Report Date {day}",
            "Participants Requested 20",
            "Actual Attendance 17",
            "Sambutan pembuka",
            "Sesi tanya jawab",
        ):
            self.assertIn(expected, text)
