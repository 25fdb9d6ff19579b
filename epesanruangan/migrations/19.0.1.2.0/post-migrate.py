"""The event photos were attachments linked to the booking (a Many2many); each becomes an
epesanruangan.event.photo of its booking, those of sent reports too: the image is the
file's content, the caption its name without extension, in the order they were added.
A report sent before gets its report date from the step log.

The attachments themselves stay as they were (nothing is deleted); a file that is no
photo the report can print (a PDF linked by mistake) stays an attachment of its booking,
and is logged."""

import logging
import os

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    # a report sent before has its date in the step log: the day (WIB) step 10 was done
    cr.execute(
        """
        UPDATE epesanruangan_booking booking
           SET report_date = (sent.day AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Jakarta')::date
          FROM (SELECT booking_id, MAX("end") AS day FROM epesanruangan_step_log
                 WHERE step = '10' GROUP BY booking_id) sent
         WHERE sent.booking_id = booking.id
           AND booking.report_sent
           AND booking.report_date IS NULL
        """
    )
    cr.execute("SELECT to_regclass('epesanruangan_booking_photo_rel')")
    if not cr.fetchone()[0]:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    cr.execute(
        "SELECT booking_id, attachment_id FROM epesanruangan_booking_photo_rel "
        "ORDER BY booking_id, attachment_id"
    )
    rows = cr.fetchall()
    Photo = env["epesanruangan.event.photo"]
    # a demo database: its demo photos were just loaded as records of their own
    demo_photos = {
        env.ref(f"epesanruangan.attachment_photo_{n}", raise_if_not_found=False): n for n in (1, 2)
    }
    # after the photos a booking may already have (the demo's)
    cr.execute("SELECT booking_id, MAX(sequence) FROM epesanruangan_event_photo GROUP BY 1")
    sequence = dict(cr.fetchall())
    made = 0
    for booking_id, attachment_id in rows:
        attachment = env["ir.attachment"].browse(attachment_id)
        booking = env["epesanruangan.booking"].browse(booking_id)
        if not attachment.exists() or not booking.exists():
            continue
        n = demo_photos.get(attachment)
        if n and env.ref(f"epesanruangan.event_photo_{n}", raise_if_not_found=False):
            continue
        caption = "".join(c for c in os.path.splitext(attachment.name or "")[0] if c.isprintable())
        try:
            with cr.savepoint():
                Photo.create(
                    {
                        "booking_id": booking_id,
                        "sequence": sequence.get(booking_id, 0) + 1,
                        "image": attachment.datas,
                        "caption": caption[:200] or False,
                    }
                )
            sequence[booking_id] = sequence.get(booking_id, 0) + 1
            made += 1
        except (UserError, ValidationError) as error:
            _logger.warning(
                "Event photo %s (attachment %s) of booking %s is not an image the report "
                "prints; it stays an attachment of the booking: %s",
                attachment.name,
                attachment_id,
                booking.name,
                error,
            )
            if not attachment.res_model:
                attachment.write({"res_model": booking._name, "res_id": booking.id})
    _logger.info("%s event photos became records of their own", made)
