from . import layanan_rate_limit, layanan_text_limits
from . import layanan_login_lock, res_users_login
