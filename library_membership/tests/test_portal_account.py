import html
import re
from urllib.parse import urlsplit

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import PHOTO, LibraryCase

PASSWORD = "Rahasia-12345"
LINK = "/my/library-card/link"


def link_in(mail, path):
    """The path and query of the link to `path` in an e-mail."""
    match = re.search(r'href="([^"]*' + re.escape(path) + r'[^"]*)"', mail.body_html or "")
    assert match, f"no link to {path} in: {mail.body_html}"
    url = urlsplit(html.unescape(match.group(1)))
    return f"{url.path}?{url.query}"


# the card's e-mail, in the language of the portal's members whoever printed the card:
# Indonesian (id.po's msgstr "Kartu Anggota Perpustakaan Anda")
INVITATION_MAIL = CARD_MAIL = "Kartu Anggota Perpustakaan Anda"


def card_mails(env, email, subject=CARD_MAIL):
    return (
        env["mail.mail"]
        .sudo()
        .search(
            [("email_to", "ilike", email), ("subject", "like", subject)],
            order="id desc",
        )
    )


@tagged("post_install", "-at_install")
class TestPortalAccount(LibraryCase):
    """A card reaches a portal account only through the member's own e-mail address."""

    def test_a_card_is_never_linked_by_matching_an_email(self):
        # someone made an account with the applicant's address before the card print
        attacker = new_test_user(
            self.env,
            login="bambang.test@example.com",
            email="bambang.test@example.com",
            groups="base.group_portal",
        )
        attacker.email_confirmed = False
        stranger = self.env["res.partner"].create(
            {"name": "Kontak Lain", "email": "Bambang.Test@example.com"}
        )
        member = self._verified_member(image_1920=PHOTO)
        member.action_print_card()
        self.assertEqual(member.state, "active")
        self.assertTrue(member.partner_id)
        self.assertNotIn(member.partner_id, attacker.partner_id | stranger)
        self.assertEqual(member.partner_id.email, "bambang.test@example.com")
        self.assertFalse(member.partner_id.user_ids, "no second account with that login")
        Member = self.env["library.member"].with_user(attacker)
        self.assertFalse(Member.search([]))
        with self.assertRaises(AccessError):
            member.with_user(attacker).read(["nik", "id_document"])
        # the member's address gets the link that only its reader can use
        [mail] = card_mails(self.env, "bambang.test@example.com")
        self.assertIn(LINK, mail.body_html)
        self.assertNotIn("/web/signup", mail.body_html)

    def test_a_new_address_gets_the_portal_invitation(self):
        member = self._verified_member(image_1920=PHOTO, email="Sri.Baru@Example.com")
        member.action_print_card()
        user = member.partner_id.user_ids
        self.assertEqual(user.login, "sri.baru@example.com")
        self.assertTrue(user._is_portal())
        self.assertTrue(user.email_confirmed, "made by the officer's print")
        self.assertFalse(user.login_date)
        self.assertEqual(user.lang, "id_ID")
        [mail] = card_mails(self.env, "sri.baru@example.com", INVITATION_MAIL)
        self.assertIn("/web/signup?", mail.body_html)
        self.assertIn("token=", mail.body_html)
        # the officer sends it again: one more invitation, no second account
        member.action_send_portal_invitation()
        self.assertEqual(len(card_mails(self.env, "sri.baru@example.com", INVITATION_MAIL)), 2)
        self.assertEqual(member.partner_id.user_ids, user)

    def test_no_one_types_the_contact(self):
        member = self._verified_member(image_1920=PHOTO)
        other = self.env["res.partner"].create({"name": "Orang Lain"})
        with self.assertRaisesRegex(AccessError, "Contact"):
            member.write({"partner_id": other.id})
        with self.assertRaisesRegex(AccessError, "Contact"):
            self.Member.create(
                self._member_vals(nik=False, id_type="sim", id_number="SIM-1", partner_id=other.id)
            )
        self.assertFalse(member.partner_id)

    def test_the_link_asks_for_the_account_with_the_address(self):
        holder = new_test_user(
            self.env,
            login="bambang.test@example.com",
            email="bambang.test@example.com",
            groups="base.group_portal",
        )
        holder.email_confirmed = False
        someone = new_test_user(
            self.env, login="lain@example.com", email="lain@example.com", groups="base.group_portal"
        )
        member = self._verified_member(image_1920=PHOTO)
        member.action_print_card()
        token = member._portal_link_token()
        Member = self.env["library.member"]
        with self.assertRaisesRegex(UserError, "for the account with the e-mail address"):
            Member.with_user(someone)._link_portal_account(token)
        for bad in ("", "abc\x00def", token[:-2], token + "x"):
            with self.assertRaisesRegex(UserError, "not valid or has expired"):
                Member.with_user(holder)._link_portal_account(bad)
        self.assertFalse(Member.with_user(holder).search([]))
        # the holder of the address opens it: the card is in the account, which the
        # link has confirmed
        Member.with_user(holder)._link_portal_account(token)
        self.assertEqual(member.partner_id, holder.partner_id)
        self.assertTrue(holder.email_confirmed)
        self.assertEqual(Member.with_user(holder).search([]), member)
        self.assertIn("linked to the portal account", member.message_ids[0].body)
        # once linked, it stays with that account
        with self.assertRaisesRegex(UserError, "already linked to another account"):
            Member.with_user(someone)._link_portal_account(token)
        # a link of an address the member no longer has opens nothing
        member.email = "baru@example.com"
        with self.assertRaisesRegex(UserError, "not valid or has expired"):
            Member.with_user(holder)._link_portal_account(token)

    def test_a_merge_keeps_the_link(self):
        holder = new_test_user(
            self.env,
            login="bambang.test@example.com",
            email="bambang.test@example.com",
            groups="base.group_portal",
        )
        member = self._verified_member(image_1920=PHOTO)
        member.action_print_card()
        self.env["library.member"].with_user(holder)._link_portal_account(
            member._portal_link_token()
        )
        keep = self._new_member(
            name="Bambang S.", nik=False, id_type="ktm", id_number="KTM-9", email=False
        )
        member._merge_into(keep)
        self.assertEqual(keep.partner_id, holder.partner_id)


@tagged("post_install", "-at_install")
class TestPortalAccountTakeover(HttpCase):
    """The attack of issue 14: an account made with the applicant's address before the
    card print reads nothing; the applicant, who reads the e-mail, gets the card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        cls.env["ir.config_parameter"].set_param("auth_signup.reset_password", "True")
        cls.officer = new_test_user(
            cls.env, login="lm_takeover_officer", groups="library_membership.group_officer"
        )
        cls.category = cls.env.ref("library_membership.category_student")

    def _csrf(self, url):
        return re.search(r'name="csrf_token" value="([^"]+)"', self.url_open(url).text).group(1)

    def _apply(self, email):
        """The online application, as the public form stores it, then the counter's
        steps up to the photo."""
        member = (
            self.env["library.member"]
            .sudo()
            .create(
                {
                    "name": "Ayu Korban",
                    "id_type": "ktp",
                    "nik": "3374016108959902",
                    "place_of_birth": "Semarang",
                    "birthdate": "1995-08-21",
                    "gender": "female",
                    "street": "Jl. Pemuda 1, Semarang",
                    "phone": "0812 7777 0001",
                    "email": email,
                    "category_id": self.category.id,
                    "channel": "online",
                    "state": "submitted",
                    "service_start": False,
                    "id_document": PHOTO,
                    "id_document_name": "ktp.jpg",
                    "image_1920": PHOTO,
                }
            )
            .with_user(self.officer)
        )
        member.action_crosscheck()
        member.action_photo_taken()
        return member

    def _signup(self, login, password, name="Penyerang"):
        data = {
            "csrf_token": self._csrf("/web/signup"),
            "name": name,
            "login": login,
            "password": password,
            "confirm_password": password,
            # the Biro Umum's fields, when it is installed (ignored otherwise)
            "phone": "081234567890",
            "biroumum_nik": "3374054107900001",
            "street": "Jl. Lain 2",
        }
        return self.url_open("/web/signup", data=data)

    def _web_login(self, login, password):
        """Log in through the login form, as a person does (authenticate() of the test
        case does not check the password); True when it let the person in."""
        self.authenticate(None, None)
        data = {"csrf_token": self._csrf("/web/login"), "login": login, "password": password}
        response = self.url_open("/web/login", data=data)
        return "/web/login" not in response.url

    def _reads_nothing(self, member):
        """The logged-in account sees nothing of the member: the card page, the ID scan,
        an RPC read."""
        page = self.url_open("/my/library-card").text
        self.assertNotIn(member.member_number, page)
        self.assertNotIn("Ayu Korban", page)
        with mute_logger("odoo.http"):
            scan = self.url_open(f"/web/content/library.member/{member.id}/id_document")
            self.assertIn(scan.status_code, (403, 404))
            self.assertNotIn(b"JFIF", scan.content)
            with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw/library.member/read",
                    {
                        "model": "library.member",
                        "method": "read",
                        "args": [[member.id], ["nik", "birthdate", "street"]],
                        "kwargs": {},
                    },
                )
            found = self.make_jsonrpc_request(
                "/web/dataset/call_kw/library.member/search_read",
                {
                    "model": "library.member",
                    "method": "search_read",
                    "args": [[]],
                    "kwargs": {"fields": ["nik"]},
                },
            )
            self.assertEqual(found, [])

    def test_an_account_made_with_the_applicants_address_reads_nothing(self):
        victim = "ayu.korban@example.com"
        member = self._apply(victim)
        # the attacker signs up with the applicant's address, before the card print
        self._signup(victim, "Jahat-12345")
        attacker = self.env["res.users"].search([("login", "=", victim)])
        self.assertFalse(attacker.email_confirmed)
        member.action_print_card()
        self.assertEqual(member.state, "active")
        self.assertTrue(self._web_login(victim, "Jahat-12345"))
        self._reads_nothing(member)
        # the applicant reads the e-mail: the card's link, and the way to a password
        [mail] = card_mails(self.env, victim)
        link = link_in(mail, LINK)
        self.assertIn("/web/reset_password", mail.body_html)
        self.authenticate(None, None)
        response = self.url_open(link)
        self.assertIn("/web/login", response.url, "the link asks to log in first")
        data = {"csrf_token": self._csrf("/web/reset_password"), "login": victim}
        self.url_open("/web/reset_password", data=data)
        attacker.partner_id.invalidate_recordset(["signup_type"])
        self.assertEqual(attacker.partner_id.signup_type, "reset")
        reset = attacker.partner_id._get_signup_url_for_action()[attacker.partner_id.id]
        reset = urlsplit(reset)
        page = self.url_open(f"{reset.path}?{reset.query}")
        data = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1),
            "token": re.search(r'name="token" value="([^"]+)"', page.text).group(1),
            "password": "Milik-Ayu-123",
            "confirm_password": "Milik-Ayu-123",
        }
        # the applicant reads the page in Indonesian: "Your new password is saved..."
        self.assertIn(
            "Kata sandi baru Anda tersimpan.", self.url_open(f"{reset.path}", data=data).text
        )
        self.assertTrue(attacker.email_confirmed, "the reset through the e-mail proves it")
        self.assertFalse(self._web_login(victim, "Jahat-12345"), "the attacker is out")
        self.assertTrue(self._web_login(victim, "Milik-Ayu-123"))
        response = self.url_open(link)
        self.assertTrue(response.url.endswith("/my/library-card"), response.url)
        self.assertIn(member.member_number, response.text)
        self.assertIn("Ayu Korban", response.text)

    def test_the_invitation_of_a_new_address_leads_to_the_card(self):
        email = "ayu.baru@example.com"
        member = self._apply(email)
        member.action_print_card()
        # someone who signs up with the address afterwards gets nothing either
        self._signup(email, "Jahat-12345")
        self.assertEqual(
            self.env["res.users"].search([("login", "=", email)]), member.partner_id.user_ids
        )
        self.assertFalse(self._web_login(email, "Jahat-12345"))
        # the applicant opens the invitation, sets a password and sees the card
        [mail] = card_mails(self.env, email, INVITATION_MAIL)
        invitation = link_in(mail, "/web/signup?")
        page = self.url_open(invitation)
        self.assertIn(email, page.text)
        data = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1),
            "token": re.search(r'name="token" value="([^"]+)"', page.text).group(1),
            "redirect": "/my/library-card",
            "login": email,
            "name": "Ayu Korban",
            "password": "Milik-Ayu-123",
            "confirm_password": "Milik-Ayu-123",
        }
        response = self.url_open("/web/signup", data=data)
        self.assertTrue(response.url.endswith("/my/library-card"), response.url)
        self.assertIn(member.member_number, response.text)
        self.assertTrue(member.partner_id.user_ids.email_confirmed)
