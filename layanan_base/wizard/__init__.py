from . import layanan_reason_wizard
