import json

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestFrontendTranslations(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.env["ir.module.module"]._load_module_terms(["mail", "portal"], ["id_ID"])

    def test_the_portal_chatter_speaks_indonesian(self):
        """A request's or an invoice's page in the portal shows its conversation with
        mail's chatter. Its words come from the frontend's translations, which core
        gives for web and portal only (the website app adds the rest, and we do not use
        it): a member read "The conversation is empty." under an Indonesian page."""
        response = self.url_open("/website/translations?lang=id_ID")
        self.assertEqual(response.status_code, 200)
        modules = json.loads(response.text)["modules"]
        self.assertIn("mail", modules)
        messages = {m["id"]: m["string"] for mod in modules.values() for m in mod["messages"]}
        self.assertEqual(messages.get("The conversation is empty."), "Percakapan kosong.")
