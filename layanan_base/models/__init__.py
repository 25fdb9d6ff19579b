from . import (
    layanan_rate_limit,
    layanan_text_limits,
    layanan_sop_step,
    layanan_step_log_mixin,
    layanan_service_request,
    layanan_booking_mixin,
    res_config_settings,
)
