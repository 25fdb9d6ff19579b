from . import biroumum_booking_reason
