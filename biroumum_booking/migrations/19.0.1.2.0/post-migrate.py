"""The manager's to-do of a submitted booking becomes the SOP step "decide" (a record
the agency configures): the open to-dos made before carry the step's activity type, so
that the decision closes them, and the bookings say which step they wait for."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
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
