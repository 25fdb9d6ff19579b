from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.layanan_base.models.layanan_sop_step import format_duration
from odoo.addons.layanan_base.tools import IntParam


@tagged("post_install", "-at_install")
class TestSopStep(TransactionCase):
    def test_a_step_and_its_standard_are_records(self):
        Step = self.env["layanan.sop.step"]
        group = self.env["res.groups"].create({"name": "Test counter officers"})
        officer = new_test_user(self.env, login="sop_officer", groups="base.group_user")
        officer.group_ids |= group
        step = Step.create(
            {
                "name": "Cross-check",
                "res_model": "test.request",
                "code": "crosscheck",
                "target_seconds": 341,
                "responsible_group_id": group.id,
            }
        )
        self.assertEqual(Step._get("test.request", "crosscheck"), step)
        self.assertFalse(Step._get("test.request", "nothing"))
        self.assertEqual(step.target_display, "5 minutes 41 seconds")
        self.assertEqual(step._responsible_users(), officer)
        # a named person takes the step instead of the whole role
        step.responsible_user_id = self.env.user
        self.assertEqual(step._responsible_users(), self.env.user)
        # the cache follows a change of code
        step.code = "kroscek"
        self.assertFalse(Step._get("test.request", "crosscheck"))
        self.assertEqual(Step._get("test.request", "kroscek"), step)

    def test_the_steps_to_do_types_are_cached_and_follow_changes(self):
        """Every step of every request closes the to-dos of its service's steps: their
        types come from a cache (no query), which follows a change of a step's type."""
        Step = self.env["layanan.sop.step"]
        type_a, type_b = self.env["mail.activity.type"].create([{"name": "A"}, {"name": "B"}])
        step = Step.create(
            {
                "name": "Cek",
                "res_model": "test.request",
                "code": "c",
                "target_seconds": 60,
                "activity_type_id": type_a.id,
            }
        )
        self.assertEqual(Step._activity_type_ids("test.request"), frozenset(type_a.ids))
        self.env.invalidate_all()
        with self.assertQueryCount(0):
            Step._activity_type_ids("test.request")
        step.activity_type_id = type_b
        self.assertEqual(Step._activity_type_ids("test.request"), frozenset(type_b.ids))
        step.unlink()
        self.assertEqual(Step._activity_type_ids("test.request"), frozenset())

    def test_a_steps_name_is_as_long_as_a_title(self):
        """Each service's managers rename the steps: a name longer than a title is
        refused in words, whatever the service."""
        step = self.env["layanan.sop.step"].create(
            {"name": "Cek", "res_model": "test.request", "code": "c", "target_seconds": 60}
        )
        with self.assertRaisesRegex(ValidationError, "200"):
            step.name = "x" * 201
        step.name = "x" * 200

    def test_durations_as_people_read_them(self):
        self.assertEqual(format_duration(self.env, 0), "0 seconds")
        self.assertEqual(format_duration(self.env, 341), "5 minutes 41 seconds")
        self.assertEqual(format_duration(self.env, 3600), "1 hours")
        self.assertEqual(
            format_duration(self.env(context=dict(self.env.context, lang="en_US")), 3661),
            "1 hours 1 minutes 1 seconds",
        )


@tagged("post_install", "-at_install")
class TestSettingsLimits(TransactionCase):
    def test_a_setting_out_of_its_range_is_refused_in_words(self):
        Settings = self.env["res.config.settings"]
        limits = {"company_id": (IntParam("layanan_base.test", 5, 60, 600), 60)}
        with patch.object(type(Settings), "_layanan_int_settings", return_value=limits):
            with self.assertRaisesRegex(ValidationError, "must be from 1 to 10"):
                Settings._check_layanan_int_settings({"company_id": 11})
            with self.assertRaisesRegex(ValidationError, "must be from 1 to 10"):
                Settings._check_layanan_int_settings({"company_id": 0})
            Settings._check_layanan_int_settings({"company_id": 10})
