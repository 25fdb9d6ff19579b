from . import test_rate_limit, test_signup, test_text
