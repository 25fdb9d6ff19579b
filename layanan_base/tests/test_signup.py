import html
import re
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.layanan_base.models.res_users import EmailNotConfirmed
from odoo.addons.mail.tests.common import MockEmail

PASSWORD = "Rahasia-12345"
# what the sign-up page answers, whether the address is new or has an account
SENT = "open the link in it to confirm your address"
# the fields the Biro Umum adds to the sign-up form when it is installed (ignored when
# it is not): the tests sign up as its visitors do
MEMBER_FIELDS = {
    "phone": "081234567890",
    "biroumum_nik": "3374054107900001",
    "street": "Jl. Pemuda No. 1, Semarang",
}


def link_in(body, path):
    """The path and query of the link to `path` in an e-mail's HTML body."""
    match = re.search(r'href="([^"]*' + re.escape(path) + r'[^"]*)"', body or "")
    assert match, f"no link to {path} in the e-mail: {body}"
    url = urlsplit(html.unescape(match.group(1)))
    return f"{url.path}?{url.query}"


class SignupCase(HttpCase):
    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        self.env["ir.config_parameter"].set_param("auth_signup.reset_password", "True")
        # these visitors chose English (the portal's language selector): the words below
        # are the source texts; a visitor who chose nothing meets Indonesian
        # (TestSignupInIndonesian, test_first_start)
        self.opener.cookies.set("frontend_lang", "en_US")

    def _csrf(self, url):
        page = self.url_open(url).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _signup(self, login, **values):
        data = {
            "csrf_token": self._csrf("/web/signup"),
            "name": "Dewi Lestari",
            "login": login,
            "password": PASSWORD,
            "confirm_password": PASSWORD,
            **MEMBER_FIELDS,
            **values,
        }
        return self.url_open("/web/signup", data=data)

    def _mails(self, address, subject=None):
        domain = [("email_to", "ilike", address)]
        if subject:
            domain.append(("subject", "=", subject))
        return self.env["mail.mail"].sudo().search(domain, order="id desc")

    def _answer(self, response):
        """The sign-up page's answer, without the address it names."""
        text = re.sub(r"<(script|head)\b.*?</\1>", " ", response.text, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestSignup(SignupCase):
    def test_a_new_account_is_confirmed_by_the_link_sent_to_its_address(self):
        response = self._signup("dewi.baru@example.com")
        self.assertEqual(response.status_code, 200)
        self.assertIn(SENT, self._answer(response))
        self.assertNotIn("oe_signup_form", response.text)
        # not logged in: the account is not usable until the address is proven
        self.assertIn("/web/login", self.url_open("/my").url)
        user = self.env["res.users"].search([("login", "=", "dewi.baru@example.com")])
        self.assertTrue(user)
        self.assertFalse(user.email_confirmed)
        with self.assertRaisesRegex(EmailNotConfirmed, "not confirmed yet"):
            user._check_email_confirmed()
        [mail] = self._mails("dewi.baru@example.com", "Confirm your e-mail address")
        link = link_in(mail.body_html, "/web/signup/confirm")
        # a link altered by one character confirms nothing
        tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
        self.assertIn("not valid or has expired", self.url_open(tampered).text)
        self.assertFalse(user.email_confirmed)
        page = self.url_open(link)
        self.assertIn("Your e-mail address is confirmed", page.text)
        self.assertTrue(user.email_confirmed)
        # then the visitor logs in
        self.authenticate("dewi.baru@example.com", PASSWORD)
        self.assertNotIn("o_layanan_email_unconfirmed", self.url_open("/my").text)

    def test_a_known_address_gets_the_same_answer_and_its_owner_a_notice(self):
        owner = new_test_user(
            self.env, login="owner.lama@example.com", email="owner.lama@example.com"
        )
        new = self._signup("siapa.baru@example.com")
        with self.assertNoLogs(level="ERROR"):
            known = self._signup("owner.lama@example.com")
            # the same address in other capitals is the same address
            capitals = self._signup("Owner.Lama@Example.com", name="Penyerang")
        self.assertEqual(
            self._answer(known).replace("owner.lama@example.com", "X"),
            self._answer(new).replace("siapa.baru@example.com", "X"),
        )
        self.assertIn(SENT, self._answer(capitals))
        users = self.env["res.users"].with_context(active_test=False)
        self.assertEqual(users.search([("login", "=ilike", "owner.lama@example.com")]), owner)
        notices = self._mails(
            "owner.lama@example.com", "Someone tried to register with your e-mail address"
        )
        self.assertEqual(len(notices), 2)
        self.assertIn("/web/reset_password?login=owner.lama", notices[0].body_html)
        self.assertIn("/web/login?login=owner.lama", notices[0].body_html)
        self.assertFalse(self._mails("owner.lama@example.com", "Confirm your e-mail address"))
        # Odoo's invitation parameter tells nothing either (it used to redirect to the
        # login page with the account's login)
        owner.with_user(owner)._update_last_login()
        for page in ("/web/signup", "/web/reset_password"):
            response = self.url_open(f"{page}?signup_email=owner.lama@example.com")
            self.assertEqual(response.status_code, 200)
            url = urlsplit(response.url)
            # (the visitor chose English: core's routing serves it under /en/)
            self.assertIn(url.path, (page, f"/en{page}"))
            self.assertEqual(parse_qs(url.query), {"signup_email": ["owner.lama@example.com"]})
            self.assertNotIn("login=owner.lama", response.text)

    def test_the_password_reset_does_not_say_who_has_an_account(self):
        owner = new_test_user(
            self.env, login="punya.akun@example.com", email="punya.akun@example.com"
        )
        answers = []
        for login in ("punya.akun@example.com", "tidak.ada@example.com"):
            data = {"csrf_token": self._csrf("/web/reset_password"), "login": login}
            response = self.url_open("/web/reset_password", data=data)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("No account found", response.text)
            answers.append(self._answer(response))
        self.assertEqual(answers[0], answers[1])
        self.assertIn("open the link in it to choose a new password", answers[0])
        # the owner was sent the link (Odoo's reset e-mail, sent at once and deleted)
        self.assertEqual(owner.partner_id.signup_type, "reset")

    def test_signups_and_resets_are_rate_limited_in_words(self):
        self.env["ir.config_parameter"].set_param("layanan_base.rate_limit_per_minute", "2")
        for attempt in range(2):
            self.assertIn(SENT, self._answer(self._signup(f"cepat{attempt}@example.com")))
        response = self._signup("cepat9@example.com")
        self.assertIn("Too many requests", response.text)
        self.assertFalse(self.env["res.users"].search([("login", "=", "cepat9@example.com")]))
        for _attempt in range(2):
            data = {"csrf_token": self._csrf("/web/reset_password"), "login": "x@example.com"}
            self.url_open("/web/reset_password", data=data)
        data = {"csrf_token": self._csrf("/web/reset_password"), "login": "x@example.com"}
        self.assertIn("Too many requests", self.url_open("/web/reset_password", data=data).text)

    def test_signup_texts_have_a_maximum_length(self):
        for field, value, message in (
            ("name", "N" * 129, "Name is too long: at most 128 characters"),
            ("login", "a" * 120 + "@example.com", "Email is too long: at most 128"),
            ("password", "p" * 129, "Password is too long: at most 128"),
        ):
            with self.subTest(field=field):
                values = {field: value}
                if field == "password":
                    values["confirm_password"] = value
                login = values.get("login", "panjang@example.com")
                response = self._signup(login, **{k: v for k, v in values.items() if k != "login"})
                self.assertIn(message, response.text)
                self.assertFalse(self.env["res.users"].search([("login", "=", login)]))
        # a login that is not an e-mail address (an NRK, say) is not for the taking
        response = self._signup("180009")
        self.assertIn("Please fill in a valid e-mail address.", response.text)
        self.assertFalse(self.env["res.users"].search([("login", "=", "180009")]))

    def test_an_unconfirmed_account_has_the_confirmation_sent_again(self):
        self._signup("lupa.email@example.com")
        user = self.env["res.users"].search([("login", "=", "lupa.email@example.com")])
        self.authenticate("lupa.email@example.com", PASSWORD)
        page = self.url_open("/my").text
        self.assertIn("o_layanan_email_unconfirmed", page)
        data = {"csrf_token": self._csrf("/my"), "redirect": "https://evil.example.com/"}
        response = self.url_open("/web/signup/resend", data=data)
        self.assertIn("We have sent the confirmation e-mail again", response.text)
        self.assertNotIn("evil.example.com", response.text)
        self.assertEqual(
            len(self._mails("lupa.email@example.com", "Confirm your e-mail address")), 2
        )
        link = link_in(self._mails("lupa.email@example.com")[0].body_html, "/web/signup/confirm")
        self.url_open(link)
        self.assertTrue(user.email_confirmed)
        self.assertNotIn("o_layanan_email_unconfirmed", self.url_open("/my").text)

    def test_garbage_links_answer_in_words(self):
        for token in ("abc%00def", "", "x" * 5000, "AQAAAAAAAAAA"):
            response = self.url_open(f"/web/signup/confirm?token={token}")
            self.assertEqual(response.status_code, 200)
            self.assertIn("not valid or has expired", response.text)


@tagged("post_install", "-at_install")
class TestConfirmedAccounts(TransactionCase):
    def test_accounts_of_the_staff_and_of_the_demo_are_confirmed(self):
        for xmlid in ("base.user_admin", "base.user_root", "base.public_user"):
            self.assertTrue(self.env.ref(xmlid).email_confirmed, xmlid)
        self.assertTrue(self.env["res.users"].search([("share", "=", True)], limit=20))
        self.assertFalse(
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("email_confirmed", "=", False)]),
            "no account is unconfirmed at install",
        )
        user = new_test_user(self.env, login="dibuat.staf", groups="base.group_portal")
        self.assertTrue(user.email_confirmed)

    def test_an_invitation_and_a_reset_prove_the_address(self):
        Users = self.env["res.users"].sudo()
        # the portal wizard's way: an account for a contact, its password set by the link
        partner = self.env["res.partner"].create(
            {"name": "Undangan", "email": "undangan@example.com"}
        )
        partner.signup_prepare()
        Users.signup(
            {"password": PASSWORD, "login": "undangan@example.com"},
            partner._generate_signup_token(),
        )
        user = partner.user_ids
        self.assertTrue(user.email_confirmed)
        # an invitee who types another address has that one to confirm
        partner = self.env["res.partner"].create({"name": "Lain", "email": "lain@example.com"})
        partner.signup_prepare()
        Users.signup(
            {"password": PASSWORD, "login": "bukan.lain@example.com"},
            partner._generate_signup_token(),
        )
        self.assertFalse(partner.user_ids.email_confirmed)
        # a self-signup is confirmed when its owner resets the password through the e-mail
        Users.signup({"name": "Sendiri", "login": "sendiri@example.com", "password": PASSWORD})
        own = Users.search([("login", "=", "sendiri@example.com")])
        self.assertFalse(own.email_confirmed)
        own.partner_id.signup_prepare(signup_type="reset")
        Users.signup({"password": "Baru-12345"}, own.partner_id._generate_signup_token())
        self.assertTrue(own.email_confirmed)

    def test_a_member_who_changes_the_address_confirms_the_new_one(self):
        user = new_test_user(
            self.env,
            login="ganti@example.com",
            email="ganti@example.com",
            groups="base.group_portal",
        )
        self.assertTrue(user.email_confirmed)
        # as the portal's "My account" page writes it
        with patch.object(type(self.env["mail.template"]), "send_mail") as send_mail:
            user.partner_id.with_user(user).sudo().write({"email": "ganti.baru@example.com"})
        self.assertFalse(user.email_confirmed)
        self.assertEqual(send_mail.call_count, 1)
        # the staff's change is the staff's word
        user.email_confirmed = True
        user.partner_id.write({"email": "staf.ganti@example.com"})
        self.assertTrue(user.email_confirmed)


@tagged("post_install", "-at_install")
class TestSignupInIndonesian(SignupCase):
    def setUp(self):
        super().setUp()
        self.opener.cookies.clear()

    def test_a_visitor_signs_up_in_indonesian_and_the_account_speaks_it(self):
        page = self.url_open("/web/signup")
        self.assertIn("Konfirmasi Kata Sandi", page.text)
        self.assertNotIn("Konfirmasi Password", page.text)
        response = self._signup("wulan.baru@example.com")
        self.assertIn("untuk mengonfirmasi alamat Anda", self._answer(response))
        self.assertNotIn(SENT, self._answer(response))
        user = self.env["res.users"].search([("login", "=", "wulan.baru@example.com")])
        self.assertEqual(user.lang, "id_ID")
        self.assertTrue(self._mails("wulan.baru@example.com", "Konfirmasi alamat e-mail Anda"))

    def test_the_password_reset_speaks_indonesian(self):
        """The page's answer and the e-mail, where core's Indonesian is half English
        ("Instruksi reset password dikirim...", "Ubah password", "Powered by")."""
        user = new_test_user(
            self.env, login="lupa.sandi@example.com", email="lupa.sandi@example.com"
        )
        user.lang = "id_ID"
        data = {"csrf_token": self._csrf("/web/reset_password"), "login": user.login}
        answer = self._answer(self.url_open("/web/reset_password", data=data))
        self.assertIn("buka tautan di dalamnya untuk memilih kata sandi baru", answer)
        self.assertNotIn("reset password", answer.lower())
        # the link of the e-mail: the new password is saved, in the same words
        url = urlsplit(user.partner_id._get_signup_url_for_action()[user.partner_id.id])
        page = self.url_open(f"{url.path}?{url.query}").text
        data = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
            "token": re.search(r'name="token" value="([^"]+)"', page).group(1),
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        }
        answer = self._answer(self.url_open(url.path, data=data))
        self.assertIn("Kata sandi baru Anda tersimpan", answer)
        self.assertNotIn("direset", answer)
        body = (
            self.env["mail.render.mixin"]
            .with_context(lang="id_ID")
            ._render_template(
                self.env.ref("auth_signup.reset_password_email"),
                "res.users",
                user.ids,
                engine="qweb_view",
                options={"post_process": True},
            )[user.id]
        )
        text = " ".join(re.sub(r"<[^>]+>", " ", str(body)).split())
        self.assertIn("Pilih kata sandi baru", text)
        self.assertIn("Disajikan oleh", text)
        for english in ("password", "Powered", "Reset"):
            self.assertNotIn(english, text)


@tagged("post_install", "-at_install")
class TestPasswordResetEmail(HttpCase, MockEmail):
    """The password-reset e-mail as it is sent: core's subject is its code's "Password
    reset", in Indonesian the mixed-case "Reset Kata sandi"."""

    def test_the_reset_email_as_sent_speaks_indonesian(self):
        self.env["ir.config_parameter"].set_param("auth_signup.reset_password", "True")
        user = new_test_user(
            self.env,
            login="lupa.sandi@example.com",
            email="lupa.sandi@example.com",
            name="Wulan Sari",
        )
        user.lang = "id_ID"
        page = self.url_open("/web/reset_password").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        with self.mock_mail_gateway():
            self.url_open("/web/reset_password", data={"csrf_token": csrf, "login": user.login})
        [sent] = [mail for mail in self._mails if mail["email_to"] == ["lupa.sandi@example.com"]]
        self.assertEqual(sent["subject"], "Atur ulang kata sandi Anda")
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", sent["body"])).split())
        self.assertIn(
            "Yth. Wulan Sari, Ada permintaan kata sandi baru untuk akun dengan alamat e-mail "
            "ini. Untuk memilih kata sandi baru, buka tautan ini; tautan ini berlaku selama 4 "
            "jam: Pilih kata sandi baru Jika Anda tidak memintanya, abaikan e-mail ini: kata "
            f"sandi Anda tetap seperti semula. Terima kasih, {user.company_id.name}",
            text,
        )
        self.assertIn("Akun Anda Wulan Sari", text)
        # the link chooses the new password
        self.assertIn("/web/reset_password?", sent["body"])
        for english in ("password", "Reset", "Powered", "Your", "Dear", "Thanks", "Public user"):
            self.assertNotIn(english, text)
