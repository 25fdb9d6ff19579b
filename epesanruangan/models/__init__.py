from . import epesanruangan_booking
