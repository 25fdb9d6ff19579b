"""Who may set the fields of a member or a complaint that only its steps change,
besides the superuser (layanan.service.request's ``_may_write_server_fields``)."""


def manager_imports(env):
    """The library manager importing the existing registers, with their states, numbers
    and dates."""
    return bool(env.context.get("import_file")) and env.user.has_group(
        "library_membership.group_manager"
    )
