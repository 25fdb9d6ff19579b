from . import test_rate_limit, test_sop_step, test_text, test_tools
