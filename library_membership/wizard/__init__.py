from . import library_member_duplicate_wizard
