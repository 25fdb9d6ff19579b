from odoo import fields, models


class BiroumumBookingNoticeQueue(models.Model):
    """A notice of a decision that the job has not made yet, oldest first.

    A table of its own rather than a field of the booking, measured: the job must find
    what waits, and an unindexed field of the booking costs a scan of every booking
    (300,000 at the benchmark's scale) at each run, on the cores the decisions need
    (BENCHMARKS.md: with the field, the queue emptied 50 s after the last of 100
    approvals instead of 0.4 s, and an approval with 20 clients took a third longer).
    Indexing that field is no way out: it would make the decision's second UPDATE of
    the booking (its portal token and the field) a non-HOT update, which checks the
    exclusion constraint again and deadlocks with a concurrent submission of the same
    slot (the 50-member race of the system tests). The job is an ``ir.cron``, which
    Odoo runs on one server at a time; the rows are only its input.

    An approval's document (its invoice / Bukti Peminjaman, rendered and stored) waits in
    the queue as a notice of its own, made once every e-mail waiting has been composed and
    committed: after a burst of approvals the e-mails no longer wait for the PDFs."""

    _name = "biroumum.booking.notice.queue"
    _description = "Booking notice to send"
    _order = "id"
    _log_access = False

    booking_id = fields.Many2one("biroumum.booking", required=True, index=True, ondelete="cascade")
    notice = fields.Selection(
        [
            ("submitted", "Booking received"),
            ("approved", "Booking approved"),
            ("rejected", "Booking rejected"),
            ("cancelled", "Booking cancelled"),
            ("paid", "Payment received"),
            ("document", "Invoice / Bukti Peminjaman stored"),
        ],
        required=True,
    )
