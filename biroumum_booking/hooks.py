"""What installing (or updating to 19.0.1.4.0) the Biro Umum does once."""


def post_init_hook(env):
    env["biroumum.category"]._setup_retribusi()
