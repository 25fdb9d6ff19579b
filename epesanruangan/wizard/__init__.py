from . import epesanruangan_reschedule_wizard
