"""The notices that wait leave the booking's field for the job's own queue. The
manager's to-do of a submitted booking becomes the SOP step "decide" (a record
the agency configures): the open to-dos made before carry the step's activity type, so
that the decision closes them, and the bookings say which step they wait for."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # the booking's next step is not indexed (see the field): a HOT second UPDATE
    cr.execute("DROP INDEX IF EXISTS biroumum_booking__next_step_id_index")
    if _notices_to_queue(cr):
        env.ref("biroumum_booking.ir_cron_send_booking_notices")._trigger()
    step = env.ref("biroumum_booking.sop_step_decide")
    todo = env.ref("mail.mail_activity_data_todo")
    cr.execute(
        """UPDATE mail_activity a
              SET activity_type_id = %s
             FROM biroumum_booking b
            WHERE a.res_model = 'biroumum.booking' AND a.res_id = b.id
              AND b.state = 'submitted' AND a.automated AND a.activity_type_id = %s""",
        [step.activity_type_id.id, todo.id],
    )
    cr.execute(
        """UPDATE biroumum_booking
              SET next_step_id = %s,
                  next_step_deadline = write_date + make_interval(secs => %s)
            WHERE state = 'submitted' AND next_step_id IS NULL""",
        [step.id, step.target_seconds],
    )


def _notices_to_queue(cr):
    """The notices a booking's field kept (19.0.1.1.0) go to the job's own queue
    (biroumum.booking.notice.queue), in their order; the field's column goes with the
    field at the end of the upgrade."""
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'biroumum_booking' AND column_name = 'notice_pending'"""
    )
    if not cr.fetchone():
        return 0
    cr.execute(
        """INSERT INTO biroumum_booking_notice_queue (booking_id, notice)
           SELECT b.id, n.notice
             FROM biroumum_booking b,
                  unnest(string_to_array(b.notice_pending, ',')) WITH ORDINALITY n(notice, i)
            WHERE b.notice_pending IS NOT NULL
            ORDER BY b.id, n.i"""
    )
    return cr.rowcount
