from .forms import (
    form_text,
    parse_id,
    parse_int,
    parse_wib_datetime,
    parse_wib_day_time,
    read_upload,
)
from .nik import check_nik, nik_errors
from .mail_queue import send_queued_mail_soon
from .settings import IntParam, int_param
from .text import (
    LINE_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    TITLE_LENGTH,
    has_control_characters,
    text_error,
)
from .wib import (
    WIB,
    format_letter_date,
    format_wib,
    format_wib_date,
    format_wib_period,
    from_wib,
    to_wib,
    wib_day_bounds,
    wib_now,
    wib_today,
)
from .report import report_records
from .qr import qr_svg_data_uri
from .ical import ical_calendar, ical_datetime, ical_escape, ical_fold
