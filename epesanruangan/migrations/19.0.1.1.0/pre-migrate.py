"""The step log becomes a layanan.step.log.mixin: its columns take the mixin's names
and units (seconds), no line lost. Its step_id is filled after the SOP steps are
loaded (post-migrate)."""


def migrate(cr, version):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'epesanruangan_step_log'
        """
    )
    columns = {row[0] for row in cr.fetchall()}
    if "date" not in columns:
        return
    # the step code was a selection; it is now the SOP step's code (a Char): its old
    # values are no selection of the new field to clean up at the end of the update
    cr.execute(
        """
        WITH selection AS (
            DELETE FROM ir_model_fields_selection
             WHERE field_id IN (
                   SELECT id FROM ir_model_fields
                    WHERE model = 'epesanruangan.step.log' AND name = 'step')
         RETURNING id
        )
        DELETE FROM ir_model_data
         WHERE model = 'ir.model.fields.selection'
           AND res_id IN (SELECT id FROM selection)
        """
    )
    cr.execute(
        """
        ALTER TABLE epesanruangan_step_log RENAME COLUMN date TO "end";
        ALTER TABLE epesanruangan_step_log ADD COLUMN start timestamp;
        ALTER TABLE epesanruangan_step_log ADD COLUMN step_id integer;
        ALTER TABLE epesanruangan_step_log
            ALTER COLUMN duration TYPE integer USING round(coalesce(duration, 0) * 60);
        ALTER TABLE epesanruangan_step_log RENAME COLUMN target TO target_seconds;
        ALTER TABLE epesanruangan_step_log RENAME COLUMN overdue TO exceeded;
        UPDATE epesanruangan_step_log
           SET start = "end" - duration * interval '1 second',
               target_seconds = target_seconds * 60;
        """
    )
