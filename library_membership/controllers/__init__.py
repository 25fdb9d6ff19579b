from . import home, main, portal
