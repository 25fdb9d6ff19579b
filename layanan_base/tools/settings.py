"""Whole-number settings kept as system parameters, with their range."""

import logging
from typing import NamedTuple

_logger = logging.getLogger(__name__)


class IntParam(NamedTuple):
    """A whole-number system parameter: its key, its default, its smallest and its
    largest value (beyond it, the dates computed with it overflow, or mean nothing)."""

    key: str
    default: int
    minimum: int
    maximum: int


def int_param(env, param):
    """The value of `param`, or its default when it is missing or when someone wrote
    there (under Technical > System Parameters, which checks nothing) a value that is not
    a whole number from its minimum to its maximum: a typo there must not break the pages
    and jobs that read it. The Settings pages refuse such values themselves."""
    key, default, minimum, maximum = param
    raw = env["ir.config_parameter"].sudo().get_param(key)
    if raw in (None, False, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        _logger.warning(
            "System parameter %s is %r, not a whole number from %s to %s: using %s.",
            key,
            raw,
            minimum,
            maximum,
            default,
        )
        return default
    return value
