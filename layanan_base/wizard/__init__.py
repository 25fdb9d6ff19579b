from . import layanan_reason_wizard
from . import layanan_booking_repeat_wizard
