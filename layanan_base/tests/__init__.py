from . import test_rate_limit, test_text
from . import test_report_assets
from . import test_qr
