from . import test_http_fallback, test_rate_limit, test_signup, test_text
