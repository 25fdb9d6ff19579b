import datetime

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.layanan_base.tools import check_nik, nik_errors

from .common import NIK_FEMALE, NIK_MALE


@tagged("post_install", "-at_install")
class TestNik(TransactionCase):
    def errors(self, nik, birthdate=None, gender=None):
        return " ".join(nik_errors(self.env, nik, birthdate, gender))

    def test_valid(self):
        self.assertEqual(nik_errors(self.env, NIK_MALE, datetime.date(1990, 5, 12), "male"), [])
        self.assertEqual(nik_errors(self.env, NIK_FEMALE, datetime.date(1995, 8, 21), "female"), [])
        # without birth date or gender only the NIK itself is checked
        self.assertEqual(nik_errors(self.env, NIK_FEMALE), [])

    def test_wrong_length(self):
        self.assertIn("16 digits, not 15", self.errors(NIK_MALE[:-1]))
        self.assertIn("16 digits, not 17", self.errors(NIK_MALE + "1"))

    def test_letters(self):
        self.assertIn("digits only", self.errors("3374O11205909901"))
        self.assertIn("digits only", self.errors("3374-1120590990"))
        # non-ASCII digits are refused too
        self.assertIn("digits only", self.errors("٣٣٧٤011205909901"))

    def test_unknown_province(self):
        self.assertIn("20, which is not a province code", self.errors("2074011205909901"))
        self.assertIn("99, which is not a province code", self.errors("9974011205909901"))
        for code in ("11", "21", "31", "36", "51", "65", "76", "82", "91", "96"):
            self.assertEqual(nik_errors(self.env, code + NIK_MALE[2:]), [], code)

    def test_impossible_date(self):
        self.assertIn("not a real birth date", self.errors("3374013202909901"))  # 32-02
        self.assertIn("not a real birth date", self.errors("3374017102909901"))  # 31-02 + 40
        self.assertIn("not a real birth date", self.errors("3374011213909901"))  # month 13
        self.assertIn("not a real birth date", self.errors("3374010005909901"))  # day 0
        # 29-02-00 exists (2000 is a leap year)
        self.assertEqual(nik_errors(self.env, "3374012902009901"), [])

    def test_female_day_plus_40(self):
        female_date = datetime.date(1995, 8, 21)
        self.assertEqual(nik_errors(self.env, NIK_FEMALE, female_date, "female"), [])
        # the man's form of the same date for a woman
        self.assertIn("man's", self.errors("3374012108959902", female_date, "female"))
        # a woman's NIK for a man
        self.assertIn("gender entered is male", self.errors(NIK_FEMALE, female_date, "male"))

    def test_birthdate_mismatch(self):
        message = self.errors(NIK_MALE, datetime.date(1990, 5, 13), "male")
        self.assertIn("differs from the birth date entered (13-05-1990)", message)
        # same day and month, other century: 1990 vs 2090 is impossible, 2090 is not 90
        message = self.errors(NIK_MALE, datetime.date(1991, 5, 12), "male")
        self.assertIn("differs", message)

    def test_serial_zero(self):
        self.assertIn("0000", self.errors("3374011205900000"))

    def test_check_raises_validation_error(self):
        with self.assertRaisesRegex(ValidationError, "province code"):
            check_nik(self.env, "0074011205909901")

    def test_indonesian_message(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["layanan_base", "library_membership"], ["id_ID"]
        )
        env_id = self.env(context=dict(self.env.context, lang="id_ID"))
        # the whole sentence: "16 digit" alone is also in the English "16 digits"
        self.assertEqual(nik_errors(env_id, "123"), ["NIK harus 16 digit, bukan 3."])
        self.assertEqual(nik_errors(env_id, "33x"), ["NIK hanya boleh berisi angka."])
        self.assertIn("bukan kode provinsi", " ".join(nik_errors(env_id, "2074011205909901")))
