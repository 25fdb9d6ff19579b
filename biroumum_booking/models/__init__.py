from . import (
    account_move,
    account_move_line,
    biroumum_terms,
    biroumum_facility,
    biroumum_facility_tariff,
    biroumum_booking,
    biroumum_booking_notice,
    biroumum_booking_notice_queue,
    biroumum_booking_invoice,
    biroumum_booking_handover,
    biroumum_booking_portal,
    booking_report,
    calendar_event,
    res_config_settings,
    res_partner,
    res_users,
)
from . import biroumum_booking_document
