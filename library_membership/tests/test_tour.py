import base64
import io

from PIL import Image

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCounterTour(HttpCase):
    def test_counter_flow_tour(self):
        new_test_user(
            self.env,
            login="lm_tour_officer",
            name="Petugas Tur",
            groups="library_membership.group_officer",
        )
        self.start_tour(
            "/odoo/action-library_membership.library_member_action",
            "library_membership_counter_tour",
            login="lm_tour_officer",
        )
        member = self.env["library.member"].search([("name", "=", "Tour Applicant")])
        self.assertEqual(member.state, "verified")
        self.assertEqual(
            member.step_ids.mapped("step"), ["crosscheck", "input", "form", "register"]
        )
        self.assertEqual(member.step_ids.user_id.login, "lm_tour_officer")


@tagged("post_install", "-at_install")
class TestPhotoUploadTour(HttpCase):
    def test_photo_upload_without_camera(self):
        """A counter without a camera: the photo dialog says so in Indonesian and takes
        a photo file instead, cropped to 3 x 4 as a camera photo is."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["library_membership"], ["id_ID"])
        officer = new_test_user(
            self.env,
            login="lm_photo_officer",
            name="Petugas Foto",
            groups="library_membership.group_officer",
            lang="id_ID",
        )
        Member = self.env["library.member"].with_user(officer)
        member = Member.create(
            {
                "name": "Tour Photo",
                "nik": "3374011205909976",
                "birthdate": "1990-05-12",
                "gender": "male",
                "street": "Jl. Foto 1, Semarang",
                "category_id": self.env.ref("library_membership.category_public").id,
            }
        )
        member.action_register()
        member.action_form_filled()
        member.action_submit()
        member.action_crosscheck()
        self.assertEqual(member.state, "verified")
        self.start_tour(
            f"/odoo/action-library_membership.library_member_action/{member.id}",
            "library_membership_photo_upload_tour",
            login="lm_photo_officer",
        )
        member.invalidate_recordset()
        self.assertTrue(member.image_1920, "the uploaded photo is the member's")
        photo = Image.open(io.BytesIO(base64.b64decode(member.image_1920)))
        self.assertEqual(photo.size, (600, 800), "cropped to 3 x 4 as a camera photo")
        # the centre of the 900 x 500 file (its yellow band) is what was kept
        red, green, blue = photo.convert("RGB").getpixel((300, 400))
        self.assertGreater(red, 200)
        self.assertLess(blue, 80)
        self.assertEqual(member.sop_step, "photo")
