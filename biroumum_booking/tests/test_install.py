import datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_path
from odoo.tools.safe_eval import safe_eval


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


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    def test_demo_bookings_keep_the_opening_hours(self):
        """The demo's bookings that hold a slot are dated from the day the demo is
        loaded: whatever that day, they fall within their facility's opening hours
        (none on a Sunday)."""
        path = file_path("biroumum_booking/demo/biroumum_booking_demo.xml")
        records = etree.parse(path).xpath(
            "//record[@model='biroumum.booking']"
            "[field[@name='state' and text()!='draft' and text()!='rejected'"
            " and text()!='cancelled']]"
        )
        self.assertTrue(records)
        today = datetime.date(2026, 11, 23)
        for offset in range(7):
            with freeze_time(today + datetime.timedelta(days=offset)):
                for record in records:
                    fields = {field.get("name"): field for field in record.iter("field")}
                    start, stop = (
                        datetime.datetime.strptime(
                            safe_eval(
                                fields[name].get("eval"),
                                {"DateTime": datetime.datetime, "relativedelta": relativedelta},
                            ),
                            "%Y-%m-%d %H:%M:%S",
                        )
                        for name in ("start", "stop")
                    )
                    facility = self.env.ref(f"biroumum_booking.{fields['facility_id'].get('ref')}")
                    with self.subTest(loaded=datetime.date.today(), booking=record.get("id")):
                        self.assertFalse(facility._closed_reasons(start, stop)[facility.id])
