"""E-mails queued by our steps leave at once, through Odoo's mail queue."""


def send_queued_mail_soon(env):
    """Ask Odoo's mail queue to run now (a cron trigger, committed with the caller's
    transaction). Call it after queueing e-mails (``send_mail(force_send=False)``, a
    message posted with ``mail_notify_force_send=False``): the queue's own schedule is
    hourly, so without it a notice waits up to an hour, also after a restart. The mails
    still leave outside the user's request, once, from the cron worker."""
    cron = env.ref("mail.ir_cron_mail_scheduler_action", raise_if_not_found=False)
    if cron:
        cron.sudo()._trigger()
