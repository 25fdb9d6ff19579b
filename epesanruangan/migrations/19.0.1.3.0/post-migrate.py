"""The notices the service sent the operator (equipment, approval, leadership bump,
send-back...) were posted as notifications, which the portal's chatter does not show:
those addressed to the booking's operator become comments, so the operator reads them on
the request's page. Other messages (the event report to the leadership, internal notes,
the tracking of the state) stay as they are. The operators follow their requests, as new
requests do."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    comment = env.ref("mail.mt_comment")
    cr.execute(
        """
        UPDATE mail_message message
           SET message_type = 'comment'
          FROM epesanruangan_booking booking
          JOIN res_users operator ON operator.id = booking.operator_id
         WHERE message.model = 'epesanruangan.booking'
           AND message.res_id = booking.id
           AND message.message_type = 'notification'
           AND message.subtype_id = %s
           AND EXISTS (
                SELECT 1 FROM mail_message_res_partner_rel rel
                 WHERE rel.mail_message_id = message.id
                   AND rel.res_partner_id = operator.partner_id)
        """,
        [comment.id],
    )
    bookings = env["epesanruangan.booking"].search([("operator_id", "!=", False)])
    bookings._subscribe_operator()
