from . import epesanruangan_reason_wizard
from . import epesanruangan_reschedule_wizard
