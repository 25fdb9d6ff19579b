from . import (
    test_booking,
    test_hostile_urls,
    test_install,
    test_portal,
    test_settings,
    test_text_limits,
)
