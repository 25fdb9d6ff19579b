from . import layanan_rate_limit
