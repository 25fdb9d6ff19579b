import os
import pathlib
import re

import pytest
from odoo_server import OdooServer

ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(scope="session")
def odoo():
    """One live Odoo 19 server (4 workers) for the whole system-test session."""
    server = OdooServer(workers=4)
    try:
        yield server.start()
    finally:
        # also when the install or the start failed: no database is left behind
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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the item, for the browser fixture."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (nothing downloads a browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                # a fake camera, for the library counter's photo (a page must still be
                # granted the "camera" permission to use it)
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, browser):
    """A fresh browser page (own cookies) at desktop and at phone width, in Indonesian.

    When the test fails, its screenshot and HTML are saved in tests/artifacts/."""
    viewport = request.param
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
    )
    context.set_default_timeout(30_000)
    # Without a reverse proxy the web client's bus websocket reaches a prefork worker,
    # which cannot upgrade it and logs an error (production routes /websocket to the
    # gevent port, see README.md "Scale-out"); these tests do not need the bus.
    context.route("**/websocket*", lambda route: route.abort())
    page = context.new_page()
    page.viewport_name = viewport
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            pathlib.Path(f"{stem}.html").write_text(page.content())
        except Exception as error:
            print(f"could not save the failure's screenshot: {error}")
    context.close()
