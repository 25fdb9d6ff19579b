"""The booking notices leave their own table (biroumum.booking.notice, a hand-made
queue) for a field of the booking read by an ir.cron: the notices still queued become
the booking's notice_pending, in their order, and the job is triggered to send them."""

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
    cr.execute(
        """UPDATE biroumum_booking b
              SET notice_pending = concat_ws(',', b.notice_pending, q.notices)
             FROM (SELECT booking_id,
                          string_agg(substr(template, %s), ',' ORDER BY id) AS notices
                     FROM biroumum_booking_notice
                    GROUP BY booking_id) q
            WHERE q.booking_id = b.id""",
        [len(PREFIX) + 1],
    )
    if cr.rowcount and cron:
        cron._trigger()
    cr.execute("DROP TABLE biroumum_booking_notice")
