from . import home, layanan, portal, signup
