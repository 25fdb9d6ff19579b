from odoo import models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _get_activity_excluded_models(self):
        # An approved booking's event is in the attendees' calendars; the "Meeting"
        # activity Odoo adds to the record of an event would stay on the manager's to-do
        # list, overdue, long after the booking is done.
        return [*super()._get_activity_excluded_models(), "biroumum.booking"]
