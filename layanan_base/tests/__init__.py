from . import test_rate_limit
