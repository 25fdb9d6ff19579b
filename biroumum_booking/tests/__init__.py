from . import test_booking, test_install, test_portal, test_settings
from . import test_verification
from . import test_stored_document
