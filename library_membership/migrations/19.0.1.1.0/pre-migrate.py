"""The library's SOP steps become layanan_base's (issue 15): its own model
library.sop.step goes, its records (with the Mutu Baku the agency set) become
layanan.sop.step records of library.member under the same XML ids, and the step log
library.member.step keeps every line, now on layanan.step.log.mixin (step_id, user_id).

Before the models load: the data files then find the steps under their XML ids
(noupdate: the targets stay as the agency set them), and the log's new required step_id
is filled before the ORM makes it NOT NULL. The old table goes at the end of the update,
with its model."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT to_regclass('library_sop_step') IS NOT NULL")
    if not cr.fetchone()[0]:
        return
    # the steps, under their own XML ids
    cr.execute(
        """INSERT INTO layanan_sop_step (name, res_model, code, sequence, target_seconds,
                                         create_uid, create_date, write_uid, write_date)
           SELECT name, 'library.member', code, sequence, target_seconds,
                  create_uid, create_date, write_uid, write_date
             FROM library_sop_step
           ON CONFLICT DO NOTHING"""
    )
    cr.execute(
        """UPDATE ir_model_data d
              SET model = 'layanan.sop.step', res_id = n.id
             FROM library_sop_step o
             JOIN layanan_sop_step n ON n.res_model = 'library.member' AND n.code = o.code
            WHERE d.model = 'library.sop.step' AND d.res_id = o.id"""
    )
    # the log: every line keeps its step (now a record) and its officer (user_id)
    cr.execute("ALTER TABLE library_member_step RENAME COLUMN officer_id TO user_id")
    cr.execute(
        "ALTER INDEX IF EXISTS library_member_step__officer_id_index "
        "RENAME TO library_member_step__user_id_index"
    )
    cr.execute("ALTER TABLE library_member_step ADD COLUMN IF NOT EXISTS step_id integer")
    cr.execute(
        """UPDATE library_member_step s
              SET step_id = n.id
             FROM layanan_sop_step n
            WHERE n.res_model = 'library.member' AND n.code = s.step"""
    )
    # `step` stays (the step's code, now a related Char): its selection values go
    # without touching the lines (a removed selection value would empty the column)
    cr.execute(
        """DELETE FROM ir_model_fields_selection
            WHERE field_id IN (SELECT id FROM ir_model_fields
                                WHERE model IN ('library.member.step',
                                                'library.member.step.report')
                                  AND name = 'step')"""
    )
    cr.execute(
        """DELETE FROM ir_model_data
            WHERE module = 'library_membership' AND model = 'ir.model.fields.selection'
              AND (name LIKE 'selection__library_member_step__step__%'
                   OR name LIKE 'selection__library_member_step_report__step__%')"""
    )
