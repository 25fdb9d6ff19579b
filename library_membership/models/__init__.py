from . import library_member
