from . import epesanruangan_unit
from . import epesanruangan_room
from . import epesanruangan_equipment
from . import epesanruangan_booking
from . import epesanruangan_booking_line
from . import epesanruangan_step_log
from . import calendar_event
from . import res_users
