from . import home, signup
