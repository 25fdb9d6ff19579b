from . import test_rate_limit, test_text
