from odoo.exceptions import MissingError


def report_records(env, model_name, docids):
    """The records a report prints, or MissingError (HTTP 404) when one of them does not
    exist: /report/<converter>/<report>/<id> with a wrong id then answers "not found"
    rather than failing inside the template (HTTP 500 and a traceback in the log)."""
    records = env[model_name].browse(docids)
    if len(records.exists()) != len(records):
        raise MissingError(env._("This document does not exist (any more)."))
    return records
