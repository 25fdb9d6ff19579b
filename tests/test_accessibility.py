"""Every public and portal page of the three services passes axe-core (WCAG 2 A and AA
rules) with no serious or critical violation, at desktop and at phone width: the pages
of sys_helpers' list, which the Indonesian-text scan opens too.

axe-core comes from the npm registry (scripts/test.sh installs it into tests/.npm)."""

import json
import pathlib

import pytest
from sys_helpers import (
    PORTAL_PAGES,
    VISITOR_PAGES,
    admin,  # noqa: F401 (fixture)
    browser_login,
    page_ids,  # noqa: F401 (fixture)
)

AXE = pathlib.Path(__file__).resolve().parent / ".npm" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def _violations(page):
    """The serious and critical WCAG 2 A/AA violations of the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(
                    n => n.target.join(" ") + " :: " + n.html.slice(0, 160)),
            }));
        }"""
    )
    return [v for v in result if v["impact"] in SERIOUS]


def _check(page, url, path):
    response = page.goto(url + path)
    assert response.status < 400, f"{path}: HTTP {response.status}"
    page.wait_for_load_state("networkidle")
    found = _violations(page)
    return [f"{path} [{page.viewport_name}] {json.dumps(v, ensure_ascii=False)}" for v in found]


def test_axe_core_is_installed():
    assert AXE.exists(), f"axe-core not found at {AXE}: run scripts/test.sh (it installs it)"


def test_public_pages_pass_axe(odoo, page, page_ids):  # noqa: F811
    problems = []
    for path in VISITOR_PAGES:
        problems += _check(page, odoo.url, path.format(**page_ids))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("service", sorted(PORTAL_PAGES))
def test_portal_pages_pass_axe(odoo, page, service, page_ids):  # noqa: F811
    login, password, paths = PORTAL_PAGES[service]
    browser_login(page, odoo.url, login, password)
    problems = []
    for path in paths:
        problems += _check(page, odoo.url, path.format(**page_ids))
    assert not problems, "\n".join(problems)
