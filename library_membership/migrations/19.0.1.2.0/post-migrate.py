"""A complaint's to-do becomes the SOP step "answer" (a record the agency configures):
the open to-dos made before carry the step's activity type, so that the resolution
closes them, and the open complaints say which step they wait for."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    step = env.ref("library_membership.sop_step_complaint_answer")
    todo = env.ref("mail.mail_activity_data_todo")
    cr.execute(
        """UPDATE mail_activity a
              SET activity_type_id = %s
             FROM library_complaint c
            WHERE a.res_model = 'library.complaint' AND a.res_id = c.id
              AND c.state != 'resolved' AND a.automated AND a.activity_type_id = %s""",
        [step.activity_type_id.id, todo.id],
    )
    cr.execute(
        """UPDATE library_complaint
              SET next_step_id = %s,
                  next_step_deadline = create_date + make_interval(secs => %s)
            WHERE state != 'resolved' AND next_step_id IS NULL
              AND channel IN ('web', 'email')""",
        [step.id, step.target_seconds],
    )
