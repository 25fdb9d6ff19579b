from . import biroumum_facility, biroumum_booking
