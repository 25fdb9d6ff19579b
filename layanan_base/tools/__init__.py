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
from .report import report_records
from .qr import qr_svg_data_uri
