import base64
import datetime

from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import PDF_BYTES, LibraryCase, make_image


@tagged("post_install", "-at_install")
class TestOfficerViews(LibraryCase):
    """What the officer sees on the member's form and in the duplicates' window
    (issue 17, items 10 and 11), in Indonesian."""

    def _arch(self, model, user=None):
        user = user or self.officer
        Model = self._in_indonesian(self.env[model], user)
        return etree.fromstring(Model.get_views([(False, "form")])["views"]["form"]["arch"])

    def test_id_document_shown_inline_by_its_type(self):
        """The ID scan is shown in the form itself: an image as an image, a PDF in a PDF
        viewer, whatever the file's name says; a type sent along with it is not taken."""
        arch = self._arch("library.member")
        previews = arch.xpath("//field[@name='id_document'][@widget]")
        self.assertEqual(sorted(n.get("widget") for n in previews), ["image", "pdf_viewer"])
        photo = self._new_member(
            id_document=base64.b64encode(make_image()),
            id_document_name="ktp.pdf",
            id_document_mimetype="application/pdf",
        )
        self.assertEqual(photo.id_document_mimetype, "image/jpeg")
        self.assertEqual([n.get("widget") for n in self._shown(photo, previews)], ["image"])
        scan = self._new_member(nik=False, id_type="ktm", id_number="KTM-1", phone="0855")
        scan.write({"id_document": base64.b64encode(PDF_BYTES), "id_document_name": "ktm.jpg"})
        self.assertEqual(scan.id_document_mimetype, "application/pdf")
        self.assertEqual([n.get("widget") for n in self._shown(scan, previews)], ["pdf_viewer"])
        scan.id_document = False
        self.assertFalse(scan.id_document_mimetype)
        self.assertFalse(self._shown(scan, previews))

    def test_heading_follows_the_state(self):
        """An applicant's data are headed "Calon Anggota", a member's "Anggota"."""
        arch = self._arch("library.member")
        separators = arch.xpath("//group[@name='person']/separator")
        member = self._new_member()
        self.assertEqual(
            [n.get("string") for n in self._shown(member, separators)], ["Calon Anggota"]
        )
        active = self.env.ref("library_membership.library_member_active_demo")
        self.assertEqual(active.state, "active")
        self.assertEqual([n.get("string") for n in self._shown(active, separators)], ["Anggota"])

    def test_service_time_in_minutes_and_seconds(self):
        """The service time reads "5 menit 41 detik", not 341 (seconds)."""
        with freeze_time("2026-11-23 02:00:00") as frozen:
            member = self._new_member()
            frozen.tick(8)
            member.action_register()
            frozen.tick(333)
            member.action_form_filled()
            member.action_submit()
            member.action_crosscheck()
            member.image_1920 = base64.b64encode(make_image())
            member.action_photo_taken()
            member.action_print_card()
        member = self._in_indonesian(member)
        self.assertEqual(member.service_duration, 341)
        self.assertEqual(member.service_duration_display, "5 menit 41 detik")
        form = self._arch("library.member")
        self.assertTrue(
            form.xpath("//page[@name='service']//field[@name='service_duration_display']")
        )
        self.assertFalse(form.xpath("//field[@name='service_duration']"))
        step = member.step_ids.filtered(lambda s: s.step == "form")
        self.assertEqual(step.duration_display, "5 menit 33 detik")
        self.assertEqual(step.target_display, "5 menit")
        steps = form.xpath("//field[@name='step_ids']/list/field/@name")
        self.assertIn("duration_display", steps)
        self.assertIn("target_display", steps)
        self.assertNotIn("duration", steps)

    def test_duplicate_window_tells_two_people_of_one_name_apart(self):
        """Two applications of the same name and birth date: the window shows, for the
        application under check and each look-alike, NIK, birth date, phone, e-mail,
        member number and status, and the record to keep is named by its reference."""
        member = self.env.ref("library_membership.library_member_active_demo")
        twin = self._online_member(
            name=member.name,
            birthdate=member.birthdate,
            nik=False,
            id_type="ktm",
            id_number="KTM-2",
            gender=member.gender,
            phone="0856 1111 2222",
            email="kembar@example.com",
        )
        action = twin.action_crosscheck()
        self.assertEqual(action["context"]["dialog_size"], "extra-large")
        wizard = (
            self._in_indonesian(self.env["library.member.duplicate.wizard"])
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.duplicate_ids, member)
        # the application under check, in full
        self.assertEqual(
            (wizard.reference, wizard.nik, wizard.birthdate, wizard.phone, wizard.email),
            (twin.reference, False, member.birthdate, "0856 1111 2222", "kembar@example.com"),
        )
        self.assertEqual(wizard.state, "submitted")
        # its look-alikes, in the list (desktop) and the cards (phone)
        arch = self._arch("library.member.duplicate.wizard")
        columns = ["nik", "birthdate", "phone", "email", "member_number", "state", "reference"]
        for view in ("list", "kanban"):
            shown = set(arch.xpath(f"//field[@name='duplicate_ids']/{view}//field/@name"))
            self.assertFalse(set(columns) - shown, view)
        for name in columns:
            self.assertTrue(arch.xpath(f"/form/group//field[@name='{name}']"), name)
        # the record kept, named so that the choice is not blind
        keep = arch.xpath("//field[@name='keep_id']")[0]
        context = safe_eval(keep.get("context"))
        names = {record: record.with_context(**context).display_name for record in member | twin}
        self.assertEqual(
            names[member],
            f"{member.name} ({member.reference}, {member.member_number}, NIK {member.nik})",
        )
        self.assertEqual(names[twin], f"{twin.name} ({twin.reference})")
        self.assertEqual(member.display_name, member.name, "elsewhere, the name alone")

    def test_one_padding_for_the_library_numbers(self):
        """Applications and complaints are numbered alike (DAF/2026/00014,
        ADU/2026/00011)."""
        member = self._new_member()
        year = datetime.date.today().year
        self.assertRegex(member.reference, rf"^DAF/{year}/\d{{5}}$")
        complaint = self.env["library.complaint"].create({"name": "Antre", "channel": "sms"})
        self.assertRegex(complaint.reference, rf"^ADU/{year}/\d{{5}}$")
