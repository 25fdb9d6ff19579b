from . import library_member_duplicate_wizard
from . import library_member_revise_wizard
