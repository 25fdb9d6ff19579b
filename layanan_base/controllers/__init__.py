from . import calendar_feed, home, signup, waitlist
