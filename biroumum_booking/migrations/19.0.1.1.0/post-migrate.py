"""The booking notices leave their own table (biroumum.booking.notice, a hand-made
queue with its own locking) for an ir.cron triggered by each decision: the notices still
queued become the job's input (biroumum.booking.notice.queue since 19.0.1.2.0), in their
order, and the job is triggered to send them."""

from odoo import SUPERUSER_ID, api

PREFIX = "mail_template_booking_"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("biroumum_booking.ir_cron_send_booking_notices", raise_if_not_found=False)
    if cron:
        # the cron's record is noupdate: it follows the model by hand
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("biroumum.booking"),
                "code": "model._cron_send_notices()",
            }
        )
    cr.execute("SELECT to_regclass('biroumum_booking_notice') IS NOT NULL")
    if not cr.fetchone()[0]:
        return
    # (into the queue of 19.0.1.2.0, the version this code installs)
    cr.execute(
        """INSERT INTO biroumum_booking_notice_queue (booking_id, notice)
           SELECT booking_id, substr(template, %s) FROM biroumum_booking_notice ORDER BY id""",
        [len(PREFIX) + 1],
    )
    if cr.rowcount and cron:
        cron._trigger()
    cr.execute("DROP TABLE biroumum_booking_notice")
