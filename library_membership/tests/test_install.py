from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    """The addon installs, its roles exist and its menus open for the right role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env, login="install_test_petugas", groups="library_membership.group_officer"
        )
        cls.clerk = new_test_user(cls.env, login="install_test_clerk", groups="base.group_user")

    def _visible(self, user, xmlid):
        menu = self.env.ref(xmlid)
        return menu.id in self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_roles(self):
        manager = self.env.ref("library_membership.group_manager")
        self.assertIn(self.env.ref("library_membership.group_officer"), manager.all_implied_ids)
        self.assertIn(self.env.ref("base.user_admin"), manager.all_user_ids)

    def test_menus_follow_roles(self):
        root = "library_membership.library_membership_menu_root"
        self.assertTrue(self._visible(self.officer, root))
        self.assertFalse(self._visible(self.clerk, root))

    def test_menu_action_opens_for_officer(self):
        action = self.env.ref("library_membership.library_member_menu").action
        # what the web client does when the menu is clicked
        result = (
            self.env[action.res_model]
            .with_user(self.officer)
            .web_search_read([], {"display_name": {}}, limit=80)
        )
        self.assertIn("records", result)
        with self.assertRaises(AccessError):
            self.env[action.res_model].with_user(self.clerk).web_search_read(
                [], {"display_name": {}}
            )
