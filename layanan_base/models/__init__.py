from . import layanan_rate_limit, layanan_text_limits
from . import ir_actions_report
from . import layanan_verification_mixin
from . import layanan_stored_document
