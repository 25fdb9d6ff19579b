import pytest
from odoo_server import OdooServer


@pytest.fixture(scope="session")
def odoo():
    """One live Odoo 19 server (4 workers) for the whole system-test session."""
    server = OdooServer(workers=4).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _no_server_errors(request):
    """Any test that used the server fails when the server logged an ERROR meanwhile."""
    if "odoo" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("odoo")
    before = len(server.log_problems())
    yield
    new = server.log_problems()[before:]
    assert not new, "the server logged errors:\n" + "\n".join(new)
