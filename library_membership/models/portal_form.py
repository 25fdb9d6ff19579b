"""What the public forms of the library share: the errors of a form, field by field."""

from odoo.exceptions import ValidationError

from odoo.addons.layanan_base.tools import has_control_characters


class FormErrors(ValidationError):
    """What is wrong with a public form, field by field ({form field: message}), for the
    page to show next to each field; its text is all the messages."""

    def __init__(self, errors):
        super().__init__("\n".join(errors.values()))
        self.errors = errors


def check_text_limits(env, values, limits, errors):
    """Refuse control characters and texts longer than their field takes; checked last,
    so that this message wins (a field already refused keeps its own message when it is
    only too long)."""
    for name, value in values.items():
        if has_control_characters(value):
            errors[name] = env._("This field contains characters that are not allowed.")
        elif name not in errors and len(value) > limits.get(name, len(value)):
            errors[name] = env._(
                "This field is too long: at most %(limit)s characters.", limit=limits[name]
            )
