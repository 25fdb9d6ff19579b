from . import (
    layanan_rate_limit,
    layanan_text_limits,
    layanan_sop_step,
    layanan_step_log_mixin,
    layanan_service_request,
    layanan_booking_mixin,
    layanan_booking_series,
    layanan_booking_feed,
    res_config_settings,
)
from . import res_partner
from . import res_users
from . import ir_http
from . import layanan_login_lock
from . import ir_actions_report
from . import layanan_verification_mixin
from . import layanan_stored_document
from . import layanan_agency
from . import layanan_booking_availability
from . import layanan_calendar_feed
from . import layanan_booking_waitlist
from . import layanan_booking_checkin
