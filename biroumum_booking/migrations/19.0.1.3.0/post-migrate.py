"""The invoice lines name the booking they bill (a series invoice has one per
occurrence): until then each invoice billed one booking with one line, and its credit
notes that line; both are given their booking in SQL."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE account_move_line line
           SET biroumum_booking_id = booking.id
          FROM biroumum_booking booking, account_move move
         WHERE move.id = line.move_id
           AND booking.invoice_id IN (move.id, move.reversed_entry_id)
           AND line.display_type = 'product'
           AND line.biroumum_booking_id IS NULL
        """
    )
