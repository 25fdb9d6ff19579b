import datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import LibraryCase


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
            settings.library_expiry_reminder_days = 30
        settings.save().execute()
        get_param = self.env["ir.config_parameter"].sudo().get_param
        self.assertEqual(get_param("library_membership.service_target_seconds"), "1200")
        self.assertEqual(get_param("library_membership.expiry_reminder_days"), "30")
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
        logger = "odoo.addons.library_membership.models.res_config_settings"
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
        with self.assertRaisesRegex(ValidationError, "at least one minute"):
            Settings.create({"library_service_target_minutes": 0})
        with self.assertRaisesRegex(ValidationError, "at least one day before"):
            Settings.create({"library_expiry_reminder_days": 0})

    def test_settings_menu_for_system_administrators(self):
        menu = self.env.ref("library_membership.library_membership_menu_settings")
        menus = self.env["ir.ui.menu"]
        self.assertNotIn(menu.id, menus.with_user(self.manager)._visible_menu_ids())
        admin = self.env.ref("base.user_admin")
        self.assertIn(menu.id, menus.with_user(admin)._visible_menu_ids())
