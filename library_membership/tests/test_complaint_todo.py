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
        [todo] = complaint.activity_ids
        self.assertEqual(todo.date_deadline, datetime.date(2026, 11, 24))
        self.assertIn(complaint.reference, todo.summary)
        complaint = complaint.with_user(self.officer)
        complaint.action_start()
        complaint.response = "Kami menambah petugas loket."
        complaint.action_resolve()
        self.assertFalse(complaint.activity_ids, "the to-do stays open after the resolution")
        # closed as done, in the chatter: not deleted
        done = self.env["mail.message"].search(
            [
                ("model", "=", "library.complaint"),
                ("res_id", "=", complaint.id),
                ("mail_activity_type_id", "=", todo.activity_type_id.id),
            ]
        )
        self.assertTrue(done)
