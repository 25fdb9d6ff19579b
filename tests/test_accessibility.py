"""Every public and portal page of the three services passes axe-core (WCAG 2 A and AA
rules) with no serious or critical violation, at desktop and at phone width.

axe-core comes from the npm registry (scripts/test.sh installs it into tests/.npm)."""

import json
import pathlib

import pytest
from sys_helpers import admin, browser_login  # noqa: F401 (fixtures)

AXE = pathlib.Path(__file__).resolve().parent / ".npm" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")

PUBLIC = [
    "/",
    "/web/login",
    "/web/login?redirect=/my/ruangan",
    "/web/signup",
    "/web/reset_password",
    "/layanan",
    "/layanan/kendaraan",
    "/layanan/ruang-rapat",
    "/perpustakaan",
    "/perpustakaan/daftar",
    "/perpustakaan/pengaduan",
    "/ruangan",
    "/ruangan/layar",
    "/ruangan/jadwal",
    "/ruangan/jadwal/{room}",
    "/layanan/fasilitas/{facility}",
]
# who logs in (demo data), and their pages
PORTAL = {
    "biroumum": (
        "siti.rahayu@example.com",
        "siti",
        [
            "/my",
            "/my/bookings",
            "/my/invoices",
            "/my/daftar-tunggu",
            "/layanan/fasilitas/{facility}",
        ],
    ),
    "library": ("rina.perpus", "rina.perpus", ["/my", "/my/library-card"]),
    "balaikota": ("180001", "180001", ["/my", "/my/ruangan", "/my/ruangan/baru"]),
}


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


@pytest.fixture(scope="module")
def facility(odoo, admin):  # noqa: F811
    [facility_id] = admin(
        "biroumum.facility", "search", [("category", "=", "meeting_room")], limit=1
    )
    return facility_id


@pytest.fixture(scope="module")
def room(odoo, admin):  # noqa: F811
    return admin.ref("epesanruangan.room_rapat_pimpinan")


def test_axe_core_is_installed():
    assert AXE.exists(), f"axe-core not found at {AXE}: run scripts/test.sh (it installs it)"


def test_public_pages_pass_axe(odoo, page, facility, room):
    problems = []
    for path in PUBLIC:
        problems += _check(page, odoo.url, path.format(facility=facility, room=room))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("service", sorted(PORTAL))
def test_portal_pages_pass_axe(odoo, page, service, facility):
    login, password, paths = PORTAL[service]
    browser_login(page, odoo.url, login, password)
    problems = []
    for path in paths:
        problems += _check(page, odoo.url, path.format(facility=facility))
    assert not problems, "\n".join(problems)
