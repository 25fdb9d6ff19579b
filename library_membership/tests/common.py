import base64
import io
import re
import subprocess

from lxml import etree
from PIL import Image

from odoo.tests import TransactionCase, new_test_user
from odoo.tools.safe_eval import safe_eval


def make_image(width=60, height=80, fmt="JPEG", color=(120, 90, 60)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, fmt)
    return buffer.getvalue()


def pdf_text(pdf):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


PHOTO = base64.b64encode(make_image())
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# valid NIKs that the demo data does not use: Kota Semarang (3374), serial 99xx
NIK_MALE = "3374011205909901"  # born 12-05-1990, man
NIK_FEMALE = "3374016108959902"  # born 21-08-1995, woman (21 + 40 = 61)


class LibraryCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="lm_officer",
            name="Petugas Satu",
            groups="library_membership.group_officer",
        )
        cls.manager = new_test_user(
            cls.env, login="lm_manager", groups="library_membership.group_manager"
        )
        cls.clerk = new_test_user(cls.env, login="lm_clerk", groups="base.group_user")
        # staff of another service whose group (as another module might) can read and
        # write members and complaints, without the library role: only the actions'
        # own checks stand between them and the SOP buttons
        other_group = cls.env["res.groups"].create({"name": "Other service (test)"})
        cls.env["ir.model.access"].create(
            [
                {
                    "name": f"{model} other service (test)",
                    "model_id": cls.env["ir.model"]._get_id(model),
                    "group_id": other_group.id,
                    "perm_read": True,
                    "perm_write": True,
                }
                for model in ("library.member", "library.complaint")
            ]
        )
        cls.other_staff = new_test_user(
            cls.env,
            login="lm_other_staff",
            group_ids=[cls.env.ref("base.group_user").id, other_group.id],
        )
        cls.category = cls.env.ref("library_membership.category_student")
        cls.Member = cls.env["library.member"].with_user(cls.officer)

    def _member_vals(self, **kw):
        vals = {
            "name": "Bambang Sutrisno",
            "id_type": "ktp",
            "nik": NIK_MALE,
            "place_of_birth": "Semarang",
            "birthdate": "1990-05-12",
            "gender": "male",
            "street": "Jl. Pemuda 1, Semarang",
            "phone": "0812 9999 0001",
            "email": "bambang.test@example.com",
            "occupation": "Guru",
            "category_id": self.category.id,
        }
        vals.update(kw)
        return vals

    def _new_member(self, **kw):
        return self.Member.create(self._member_vals(**kw))

    def _verified_member(self, **kw):
        member = self._new_member(**kw)
        member.action_register()
        member.action_form_filled()
        member.action_submit()
        member.action_crosscheck()
        return member

    def _online_member(self, **kw):
        """An application sent from the public form (the controller creates it as sudo)."""
        vals = self._member_vals(**kw)
        vals.update(channel="online", state="submitted", service_start=False)
        return self.env["library.member"].create(vals).with_user(self.officer)

    def _buttons(self, member, user=None):
        """Labels of the buttons the member's form shows to ``user`` (the officer)."""
        user = user or self.officer
        views = self.env["library.member"].with_user(user).get_views([(False, "form")])
        buttons = etree.fromstring(views["views"]["form"]["arch"]).iter("button")
        return {
            button.get("string") or button.get("name") for button in self._shown(member, buttons)
        }

    def _shown(self, record, nodes):
        """The nodes of ``nodes`` whose ``invisible`` is false for ``record``."""
        shown = []
        for node in nodes:
            expression = node.get("invisible") or "False"
            values = {}
            for name in set(re.findall(r"[a-z_]+", expression)) & set(record._fields):
                value = record[name]
                field = record._fields[name]
                if field.type == "many2one":
                    value = value.id
                elif field.type in ("one2many", "many2many"):
                    value = value.ids
                values[name] = value
            if not safe_eval(expression, values):
                shown.append(node)
        return shown

    def _in_indonesian(self, records, user=None):
        """``records`` as ``user`` (the officer) working in Indonesian."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["library_membership"], ["id_ID"])
        user = user or self.officer
        user.lang = "id_ID"
        return records.with_user(user).with_context(lang="id_ID")
