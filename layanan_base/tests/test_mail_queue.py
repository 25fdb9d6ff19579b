from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..tools import send_queued_mail_soon


@tagged("post_install", "-at_install")
class TestMailQueue(TransactionCase):
    def test_the_queue_runs_now_and_once_more_a_minute_later(self):
        """A notice leaves at once, and a second run a minute later sends what a fault
        kept the first run from sending (else it waits for the hourly schedule)."""
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        triggers = self.env["ir.cron.trigger"].sudo()
        before = triggers.search([("cron_id", "=", cron.id)])
        now = fields.Datetime.now()
        send_queued_mail_soon(self.env)
        new = triggers.search([("cron_id", "=", cron.id)]) - before
        self.assertEqual(len(new), 2)
        first, second = new.sorted("call_at").mapped("call_at")
        self.assertLessEqual(abs(first - now), timedelta(seconds=5))
        self.assertEqual(second - first, timedelta(minutes=1))
