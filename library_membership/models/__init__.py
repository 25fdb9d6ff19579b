from . import library_sop_step
from . import library_member_category
from . import library_member
from . import library_member_step
from . import library_member_step_report
from . import library_complaint
from . import ir_actions_report
from . import member_card_report
