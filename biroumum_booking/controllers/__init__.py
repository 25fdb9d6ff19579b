from . import layanan, portal, signup
