import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import NIK_FEMALE, PHOTO, LibraryCase

# the limits of the Settings page, said in words (layanan_base's range check)
MINUTES_RANGE = r"Service standard \(minutes\) must be from 1 to 480\."
DAYS_RANGE = r"Expiry reminder \(days before\) must be from 1 to 27\."


@tagged("post_install", "-at_install")
class TestSettings(LibraryCase):
    """Settings > Library Membership: the service standard and the expiry reminder."""

    def test_settings_page_sets_the_standard(self):
        admin = self.env.ref("base.user_admin")
        with Form(self.env["res.config.settings"].with_user(admin)) as settings:
            # the page shows what is in force: the SOP's 14 minutes
            self.assertEqual(settings.library_service_target_minutes, 14)
            self.assertEqual(settings.library_expiry_reminder_days, 14)
            settings.library_service_target_minutes = 20
            settings.library_expiry_reminder_days = 21
        settings.save().execute()
        get_param = self.env["ir.config_parameter"].sudo().get_param
        self.assertEqual(get_param("library_membership.service_target_seconds"), "1200")
        self.assertEqual(get_param("library_membership.expiry_reminder_days"), "21")
        # a service of 17 minutes is now within the standard
        start = datetime.datetime(2026, 11, 23, 2, 0)
        member = self.env["library.member"].create(
            self._member_vals(
                service_start=start, service_end=start + datetime.timedelta(minutes=17)
            )
        )
        self.assertFalse(member.service_exceeded)
        with Form(self.env["res.config.settings"].with_user(admin)) as settings:
            self.assertEqual(settings.library_service_target_minutes, 20)

    def test_a_typo_in_the_system_parameters_keeps_the_default(self):
        """Technical > System Parameters checks nothing: a value there that is not a
        whole number in range is ignored, with a warning in the log, and the SOP's
        14 minutes hold, in the service measure and on the Settings page."""
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("library_membership.service_target_seconds", "14 menit")
        set_param("library_membership.expiry_reminder_days", "0")
        logger = "odoo.addons.layanan_base.tools.settings"
        with self.assertLogs(logger, "WARNING") as logs:
            start = datetime.datetime(2026, 11, 23, 2, 0)
            slow = self.env["library.member"].create(
                self._member_vals(
                    service_start=start, service_end=start + datetime.timedelta(minutes=15)
                )
            )
            self.assertTrue(slow.service_exceeded)
            admin = self.env.ref("base.user_admin")
            with Form(self.env["res.config.settings"].with_user(admin)) as settings:
                self.assertEqual(settings.library_service_target_minutes, 14)
                self.assertEqual(settings.library_expiry_reminder_days, 14)
        self.assertIn("'14 menit'", "\n".join(logs.output))
        self.assertIn("'0'", "\n".join(logs.output))

    def test_settings_refuse_nonsense(self):
        Settings = self.env["res.config.settings"]
        with self.assertRaisesRegex(ValidationError, MINUTES_RANGE):
            Settings.create({"library_service_target_minutes": 0})
        with self.assertRaisesRegex(ValidationError, DAYS_RANGE):
            Settings.create({"library_expiry_reminder_days": 0})

    def test_settings_refuse_limits_too_large(self):
        """A working day (480 minutes) is the longest service standard, 27 days (fewer
        than the shortest membership period, one month) the longest reminder: beyond
        them (and beyond what the database holds) the Settings page says so, and nothing
        is stored."""
        Settings = self.env["res.config.settings"]
        for vals, message in [
            ({"library_service_target_minutes": 481}, MINUTES_RANGE),
            ({"library_service_target_minutes": 10**9}, MINUTES_RANGE),
            ({"library_service_target_minutes": 10**10}, MINUTES_RANGE),
            ({"library_expiry_reminder_days": 28}, DAYS_RANGE),
            ({"library_expiry_reminder_days": 10**9}, DAYS_RANGE),
            ({"library_expiry_reminder_days": 10**12}, DAYS_RANGE),
        ]:
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                Settings.create(vals).execute()
        with self.assertRaisesRegex(ValidationError, DAYS_RANGE):
            Settings.create({}).write({"library_expiry_reminder_days": 10**10})
        get_param = self.env["ir.config_parameter"].sudo().get_param
        self.assertEqual(get_param("library_membership.service_target_seconds"), "840")
        self.assertEqual(get_param("library_membership.expiry_reminder_days"), "14")
        with self.assertRaises(ValidationError) as caught:
            self._in_indonesian(Settings, self.env.ref("base.user_admin")).create(
                {"library_service_target_minutes": 500}
            )
        self.assertEqual(
            caught.exception.args[0], "Mutu Baku waktu (menit) harus antara 1 dan 480."
        )
        Settings.create(
            {"library_service_target_minutes": 480, "library_expiry_reminder_days": 27}
        ).execute()
        self.assertEqual(get_param("library_membership.service_target_seconds"), "28800")
        self.assertEqual(get_param("library_membership.expiry_reminder_days"), "27")

    def test_a_huge_system_parameter_keeps_the_default(self):
        """10**9 days typed under System Parameters overflowed Python's dates (a server
        error in the expiry job, every night), 10**9 seconds made the service standard
        meaningless: both are ignored, with a warning, and the defaults hold."""
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("library_membership.service_target_seconds", "1000000000")
        set_param("library_membership.expiry_reminder_days", "1000000000")
        logger = "odoo.addons.layanan_base.tools.settings"
        with self.assertLogs(logger, "WARNING") as logs:
            member = self._verified_member(image_1920=PHOTO)
            member.action_print_card()
            start = datetime.datetime(2026, 11, 23, 2, 0)
            slow = self.env["library.member"].create(
                self._member_vals(
                    nik=NIK_FEMALE,
                    name="Siti Aminah",
                    birthdate="1995-08-21",
                    gender="female",
                    phone="0812 9999 0002",
                    email="siti.test@example.com",
                    service_start=start,
                    service_end=start + datetime.timedelta(minutes=15),
                )
            )
            self.assertTrue(slow.service_exceeded)
            expiry = member.expiry_date
            # the reminder goes out 14 days before, the renewal opens then
            with freeze_time(expiry - datetime.timedelta(days=15)):
                member.invalidate_recordset(["renewal_due"])
                self.assertFalse(member.renewal_due)
            with freeze_time(expiry - datetime.timedelta(days=14)):
                self.env["library.member"]._cron_expire_members()
                member.invalidate_recordset(["renewal_due"])
                self.assertTrue(member.renewal_due)
            mail = self.env["mail.mail"].search(
                [("model", "=", "library.member"), ("res_id", "=", member.id)]
            )
            # the member (a portal account since the card) reads it in Indonesian
            subject = "Keanggotaan perpustakaan Anda berakhir pada"  # "... expires on"
            self.assertTrue(mail.filtered(lambda m: subject in m.subject))
            admin = self.env.ref("base.user_admin")
            with Form(self.env["res.config.settings"].with_user(admin)) as settings:
                self.assertEqual(settings.library_service_target_minutes, 14)
                self.assertEqual(settings.library_expiry_reminder_days, 14)
        output = "\n".join(logs.output)
        self.assertIn("service_target_seconds is '1000000000'", output)
        self.assertIn("expiry_reminder_days is '1000000000'", output)

    def test_settings_menu_for_system_administrators(self):
        menu = self.env.ref("library_membership.library_membership_menu_settings")
        menus = self.env["ir.ui.menu"]
        self.assertNotIn(menu.id, menus.with_user(self.manager)._visible_menu_ids())
        admin = self.env.ref("base.user_admin")
        self.assertIn(menu.id, menus.with_user(admin)._visible_menu_ids())
