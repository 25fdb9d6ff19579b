from . import test_http_fallback, test_login_throttle, test_rate_limit, test_signup, test_text
from . import test_report_assets
from . import test_qr
from . import test_sop_step, test_tools
from . import test_mail_queue
from . import test_accessibility
from . import test_first_start
from . import test_agency
from . import test_home
from . import test_frontend_translations
from . import test_recurrence
from . import test_availability
from . import test_ical
