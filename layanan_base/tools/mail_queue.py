"""E-mails queued by our steps leave at once, through Odoo's mail queue."""

from datetime import timedelta

from odoo import fields

# A second run of the queue this long after the first: the first run can be lost to a
# fault (PostgreSQL restarting while it sends: the job fails, Odoo reschedules it at its
# hourly interval and its trigger is spent), and a notice must not wait an hour for it.
SAFETY_RUN_AFTER = timedelta(minutes=1)


def send_queued_mail_soon(env):
    """Ask Odoo's mail queue to run now (a cron trigger, committed with the caller's
    transaction). Call it after queueing e-mails (``send_mail(force_send=False)``, a
    message posted with ``mail_notify_force_send=False``): the queue's own schedule is
    hourly, so without it a notice waits up to an hour, also after a restart. The mails
    still leave outside the user's request, once, from the cron worker; a second run
    a minute later sends whatever a fault kept the first from sending."""
    cron = env.ref("mail.ir_cron_mail_scheduler_action", raise_if_not_found=False)
    if cron:
        now = fields.Datetime.now()
        cron.sudo()._trigger([now, now + SAFETY_RUN_AFTER])
