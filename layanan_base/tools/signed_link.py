"""Links signed with Odoo's own machinery (odoo.tools.hash_sign, on which auth_signup's
tokens are built): stateless, with an expiry, nothing stored."""

import binascii

from odoo.tools import verify_hash_signed


def verify_signed(env, scope, token):
    """The values signed in `token` for `scope`, or None when the token is not one, was
    altered or has expired: whatever a visitor pastes in a link."""
    if not token or not isinstance(token, str):
        return None
    try:
        return verify_hash_signed(env(su=True), scope, token)
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        return None
