from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import NOW, BiroumumCase


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestBookingSettings(BiroumumCase):
    """Settings > Biro Umum: the booking window and the online cancellation limit."""

    def test_settings_page_sets_the_limits(self):
        admin = self.env.ref("base.user_admin")
        with Form(self.env["res.config.settings"].with_user(admin)) as settings:
            # the page shows what is in force
            self.assertEqual(settings.biroumum_booking_window_days, 90)
            self.assertEqual(settings.biroumum_member_cancel_hours, 24)
            settings.biroumum_booking_window_days = 10
            settings.biroumum_member_cancel_hours = 72
        settings.save().execute()
        get_param = self.env["ir.config_parameter"].sudo().get_param
        self.assertEqual(get_param("biroumum_booking.booking_window_days"), "10")
        self.assertEqual(get_param("biroumum_booking.member_cancel_hours"), "72")
        # 21 days ahead (a Monday) is now too far, in words that say the limit
        far = self._booking(start=datetime(2026, 12, 14, 2), stop=datetime(2026, 12, 14, 4))
        with self.assertRaisesRegex(ValidationError, "at most 10 days ahead"):
            far.action_submit()
        # two days ahead can no longer be cancelled online
        booking = self._booking()
        booking.action_submit()
        with self.assertRaisesRegex(UserError, "no longer be cancelled"):
            booking.with_user(self.member).action_cancel()

    def test_settings_refuse_nonsense(self):
        Settings = self.env["res.config.settings"]
        with self.assertRaisesRegex(ValidationError, "Booking window.* from 1 to 3650"):
            Settings.create({"biroumum_booking_window_days": 0})
        with self.assertRaisesRegex(ValidationError, "Online cancellation.* from 0 to 8760"):
            Settings.create({"biroumum_member_cancel_hours": -1})
        self.assertEqual(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("biroumum_booking.booking_window_days"),
            "90",
        )

    def test_settings_refuse_limits_too_large(self):
        """Ten years ahead and a year's notice are the limits: beyond them (and beyond
        what the database holds) the Settings page says so, and nothing is stored."""
        Settings = self.env["res.config.settings"]
        for vals, message in [
            ({"biroumum_booking_window_days": 3651}, "from 1 to 3650"),
            ({"biroumum_booking_window_days": 10**9}, "from 1 to 3650"),
            ({"biroumum_booking_window_days": 10**10}, "from 1 to 3650"),
            ({"biroumum_member_cancel_hours": 8761}, "from 0 to 8760"),
            ({"biroumum_member_cancel_hours": 10**12}, "from 0 to 8760"),
        ]:
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                Settings.create(vals).execute()
        with self.assertRaisesRegex(ValidationError, "from 1 to 3650"):
            Settings.create({}).write({"biroumum_booking_window_days": 10**10})
        Settings.create(
            {"biroumum_booking_window_days": 3650, "biroumum_member_cancel_hours": 8760}
        ).execute()
        get_param = self.env["ir.config_parameter"].sudo().get_param
        self.assertEqual(get_param("biroumum_booking.booking_window_days"), "3650")
        self.assertEqual(get_param("biroumum_booking.member_cancel_hours"), "8760")

    def test_a_huge_system_parameter_keeps_the_default(self):
        """10**9 days or hours typed under System Parameters overflowed Python's dates
        (a server error on every submission and cancellation): ignored, with a warning."""
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("biroumum_booking.booking_window_days", "1000000000")
        set_param("biroumum_booking.member_cancel_hours", "1000000000")
        logger = "odoo.addons.layanan_base.tools.settings"
        with self.assertLogs(logger, "WARNING") as logs:
            far = self._booking(start=datetime(2027, 3, 1, 2), stop=datetime(2027, 3, 1, 4))
            with self.assertRaisesRegex(ValidationError, "at most 90 days ahead"):
                far.action_submit()
            near = self._booking()
            near.action_submit()
            near.with_user(self.member).action_cancel()
            self.assertEqual(near.state, "cancelled")
        self.assertIn("'1000000000'", "\n".join(logs.output))

    def test_a_typo_in_the_system_parameters_keeps_the_default(self):
        """Technical > System Parameters checks nothing: a value there that is not a
        whole number in range is ignored, with a warning in the log, and the default
        holds, in the rules and on the Settings page."""
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("biroumum_booking.booking_window_days", "-5")
        set_param("biroumum_booking.member_cancel_hours", "72 jam")
        logger = "odoo.addons.layanan_base.tools.settings"
        with self.assertLogs(logger, "WARNING") as logs:
            # Monday 1 March 2027, 98 days ahead: refused by the default window
            far = self._booking(start=datetime(2027, 3, 1, 2), stop=datetime(2027, 3, 1, 4))
            with self.assertRaisesRegex(ValidationError, "at most 90 days ahead"):
                far.action_submit()
            near = self._booking()
            near.action_submit()
            self.assertEqual(near.state, "submitted")
            # two days ahead: the default 24 hours still lets the member cancel online
            near.with_user(self.member).action_cancel()
            self.assertEqual(near.state, "cancelled")
            admin = self.env.ref("base.user_admin")
            with Form(self.env["res.config.settings"].with_user(admin)) as settings:
                self.assertEqual(settings.biroumum_booking_window_days, 90)
                self.assertEqual(settings.biroumum_member_cancel_hours, 24)
        self.assertIn("'72 jam'", "\n".join(logs.output))
        self.assertIn("'-5'", "\n".join(logs.output))

    def test_settings_menu_for_system_administrators(self):
        menu = self.env.ref("biroumum_booking.biroumum_booking_menu_settings")
        visible = self.env["ir.ui.menu"].with_user(self.admin)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        admin = self.env.ref("base.user_admin")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(admin)._visible_menu_ids())
        self.assertEqual(menu.action.context, "{'module': 'biroumum_booking', 'bin_size': False}")
