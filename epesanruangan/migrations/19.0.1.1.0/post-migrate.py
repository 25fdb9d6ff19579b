"""The step codes '1'..'10' of the old log and the next actor of the open requests
become the SOP step records (layanan.sop.step) loaded from the data file."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE epesanruangan_step_log log
           SET step_id = step.id
          FROM layanan_sop_step step
         WHERE step.res_model = 'epesanruangan.booking'
           AND step.code = log.step
           AND log.step_id IS NULL
        """
    )
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'epesanruangan_booking' AND column_name = 'sla_role'
        """
    )
    if not cr.fetchone():
        return
    # who acted next was a role; the step it waits for follows from the state
    cr.execute(
        """
        UPDATE epesanruangan_booking booking
           SET next_step_id = step.id,
               next_step_deadline = booking.sla_deadline
          FROM layanan_sop_step step
         WHERE step.res_model = 'epesanruangan.booking'
           AND booking.sla_role IS NOT NULL
           AND booking.next_step_id IS NULL
           AND step.code = CASE booking.state
                   WHEN 'draft' THEN '2'
                   WHEN 'submitted' THEN '3'
                   WHEN 'equipment_check' THEN '5'
                   WHEN 'waiting_applicant' THEN '6'
                   WHEN 'verified' THEN '7'
                   WHEN 'validated' THEN '8'
                   WHEN 'to_reschedule' THEN '8'
                   WHEN 'done' THEN '10'
               END
        """
    )
