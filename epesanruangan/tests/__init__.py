from . import test_install
from . import test_workflow
from . import test_portal
from . import test_text_limits
from . import test_report_access
from . import test_event_document
from . import test_event_photo
from . import test_way_in
