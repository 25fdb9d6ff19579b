from . import test_install
from . import test_nik
from . import test_member_flow
from . import test_card_report
from . import test_public_pages
from . import test_tour
from . import test_settings
from . import test_card_verification
