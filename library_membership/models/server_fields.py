"""The fields of a member or a complaint that only its actions change (its state, dates,
numbers): who may still write them directly."""


def server_fields_in(records, vals, server_fields, defaults=False):
    """The fields of `server_fields` that writing (or, with `defaults`, creating) `vals`
    would set, or none when the caller may set them: the superuser (data files, the
    public forms, the mail alias, the actions themselves, which write through sudo after
    their own checks), and the library manager importing the existing register."""
    env = records.env
    if env.su:
        return []
    if env.context.get("import_file") and env.user.has_group("library_membership.group_manager"):
        return []
    return [
        name
        for name in server_fields
        if name in vals or (defaults and f"default_{name}" in env.context)
    ]


def field_labels(records, names):
    """The fields' labels, in the user's language, for a message."""
    return ", ".join(records._fields[name].get_description(records.env)["string"] for name in names)
