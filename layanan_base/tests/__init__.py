from . import test_http_fallback, test_rate_limit, test_text
