"""The SOP steps kept their Mutu Baku (pre-migrate); the steps' data are noupdate, so
what the new version adds to them is set here: who does them, and the cross-check's
to-do (the officers, by the step's role, rather than one officer picked by the code)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    # its rows are layanan.sop.step records now (pre-migrate); Odoo keeps the table of a
    # model that is gone
    cr.execute("DROP TABLE IF EXISTS library_sop_step")
    # the send-back's reason is asked by layanan.reason.wizard now (a transient model)
    cr.execute("DROP TABLE IF EXISTS library_member_library_member_revise_wizard_rel")
    cr.execute("DROP TABLE IF EXISTS library_member_revise_wizard")
    env = api.Environment(cr, SUPERUSER_ID, {})
    officers = env.ref("library_membership.group_officer")
    steps = env["layanan.sop.step"].search([("res_model", "=", "library.member")])
    steps.filtered(lambda s: not (s.responsible_group_id or s.responsible_user_id)).write(
        {"responsible_group_id": officers.id}
    )
    crosscheck = steps.filtered(lambda s: s.code == "crosscheck")
    if crosscheck:
        if not crosscheck.activity_type_id:
            crosscheck.activity_type_id = env.ref(
                "library_membership.mail_activity_library_member_check"
            )
        # the applications already waiting for the cross-check wait for this step
        cr.execute(
            """UPDATE library_member m
                  SET next_step_id = %s
                WHERE m.state IN ('submitted', 'to_revise')
                  AND EXISTS (SELECT 1 FROM mail_activity a
                               WHERE a.res_model = 'library.member' AND a.res_id = m.id
                                 AND a.activity_type_id = %s)""",
            [crosscheck.id, crosscheck.activity_type_id.id],
        )
