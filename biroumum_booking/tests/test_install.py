from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    """The addon installs, its roles exist and its menus open for the right role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="install_test_pengelola", groups="biroumum_booking.group_manager"
        )
        cls.clerk = new_test_user(cls.env, login="install_test_clerk", groups="base.group_user")
        cls.root_menu = cls.env.ref("biroumum_booking.biroumum_booking_menu_root")

    def _visible(self, user, menu):
        return menu.id in self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_roles(self):
        admin = self.env.ref("biroumum_booking.group_admin")
        manager = self.env.ref("biroumum_booking.group_manager")
        self.assertIn(manager, admin.all_implied_ids)
        self.assertIn(self.env.ref("base.user_admin"), admin.all_user_ids)
        self.assertEqual(
            admin.privilege_id,
            self.env.ref("biroumum_booking.res_groups_privilege_biroumum_booking"),
        )

    def test_menus_follow_roles(self):
        self.assertTrue(self._visible(self.manager, self.root_menu))
        self.assertFalse(self._visible(self.clerk, self.root_menu))
        config = self.env.ref("biroumum_booking.biroumum_booking_menu_config")
        self.assertFalse(self._visible(self.manager, config))
        self.assertTrue(self._visible(self.env.ref("base.user_admin"), config))

    def test_menu_action_opens_for_manager(self):
        menu = self.env.ref("biroumum_booking.biroumum_booking_menu")
        action = menu.action
        # what the web client does when the menu is clicked
        result = (
            self.env[action.res_model]
            .with_user(self.manager)
            .web_search_read([], {"display_name": {}}, limit=80)
        )
        self.assertIn("records", result)
        with self.assertRaises(AccessError):
            self.env[action.res_model].with_user(self.clerk).web_search_read(
                [], {"display_name": {}}
            )
