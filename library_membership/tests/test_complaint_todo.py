import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import LibraryCase


@tagged("post_install", "-at_install")
class TestComplaintToDo(LibraryCase):
    """A complaint from the public gives an officer a to-do, due on the WIB day it came
    in, that closes with the complaint's resolution."""

    def _web_complaint(self):
        return self.env["library.complaint"]._create_from_web(
            {
                "name": "Antrean terlalu lama",
                "description": "Saya menunggu satu jam di loket.",
                "complainant_name": "Warga",
                "complainant_contact": "warga@example.com",
                "email_from": "warga@example.com",
            }
        )

    def test_the_to_do_is_due_on_the_wib_day_and_closes_with_the_resolution(self):
        # 06.30 WIB on 24 November 2026: still the 23rd in UTC
        with freeze_time("2026-11-23 23:30:00"):
            complaint = self._web_complaint()
        # every officer is asked (not an arbitrary first one), due by the step's Mutu Baku
        officers = self.env.ref("library_membership.group_officer").all_user_ids.filtered(
            lambda user: user.active and not user.share
        )
        todos = complaint.activity_ids
        self.assertEqual(todos.user_id, officers)
        self.assertEqual(set(todos.mapped("date_deadline")), {datetime.date(2026, 11, 24)})
        self.assertIn(complaint.reference, todos[0].summary)
        self.assertEqual(complaint.next_step_id.code, "answer")
        complaint = complaint.with_user(self.officer)
        complaint.action_start()
        complaint.response = "Kami menambah petugas loket."
        complaint.action_resolve()
        self.assertFalse(complaint.activity_ids, "the to-do stays open after the resolution")
        # what stays is who resolved it and when, on the complaint (the to-do was a
        # task, not the record of it)
        self.assertEqual(complaint.user_id, self.officer)
        self.assertTrue(complaint.date_resolved)
        # reopened, it waits for an answer again
        complaint.action_reopen()
        self.assertEqual(complaint.activity_ids.user_id, officers)

    def test_the_agency_sets_who_answers_and_by_when(self):
        """The complaint step is a record: the agency names one person and a two-day
        standard in the backend, not in code."""
        step = self.env.ref("library_membership.sop_step_complaint_answer")
        step.write({"responsible_user_id": self.officer.id, "target_seconds": 2 * 86400})
        with freeze_time("2026-11-23 23:30:00"):
            complaint = self._web_complaint()
        self.assertEqual(complaint.activity_ids.user_id, self.officer)
        self.assertEqual(complaint.activity_ids.date_deadline, datetime.date(2026, 11, 26))
