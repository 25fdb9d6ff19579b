from . import biroumum_booking_handover_wizard
