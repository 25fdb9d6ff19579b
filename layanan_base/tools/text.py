"""Text that people type: what a field may hold, said in words when it may not."""

import unicodedata

# what the forms and the models take, by kind of text (characters)
NAME_LENGTH = 128  # a person's or an institution's name, an e-mail, a place
TITLE_LENGTH = 200  # an event's name, a purpose, a subject
LINE_LENGTH = 500  # an address, a destination, a short note
NOTE_LENGTH = 5000  # notes, reasons, descriptions, responses


def has_control_characters(text):
    """NUL and the other control characters (tab and line breaks are text)."""
    return any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in text)


def text_error(env, label, value, limit):
    """Why `value` cannot be stored as the text `label`, in words, or None: longer than
    `limit` characters, or with a character no text holds (NUL would even make
    PostgreSQL refuse the query)."""
    if not isinstance(value, str):
        return None
    if has_control_characters(value):
        return env._("%(field)s contains characters that are not allowed.", field=label)
    if limit and len(value) > limit:
        return env._(
            "%(field)s is too long: at most %(limit)s characters (this one has %(length)s).",
            field=label,
            limit=limit,
            length=len(value),
        )
    return None
