from . import (
    test_booking,
    test_hostile_urls,
    test_install,
    test_opening_hours,
    test_portal,
    test_settings,
    test_stored_document,
    test_text_limits,
    test_verification,
)
from . import test_manager_invoice
from . import test_document
from . import test_way_in
from . import test_holds
from . import test_series
from . import test_handover
from . import test_availability_month
from . import test_checkin
from . import test_calendar_feed
from . import test_waitlist
from . import test_payment
