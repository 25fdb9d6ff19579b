"""docker-compose.yml cannot run here (no Docker engine): check what it declares, and
that it installs and tests the same addons with the same flags as scripts/test.sh."""

import pathlib
import re

import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
TEST_SH = (REPO / "scripts" / "test.sh").read_text()
ADDONS = re.search(r'^ALL_ADDONS="([^"]+)"', TEST_SH, re.M).group(1)


def _command(service):
    command = COMPOSE["services"][service]["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_services_and_images():
    services = COMPOSE["services"]
    assert services["db"]["image"] == "postgres:17"
    for name in ("odoo-init", "odoo", "odoo-test"):
        assert services[name]["image"] == "odoo:19.0", name
    assert "8069:8069" in services["odoo"]["ports"]
    assert services["odoo-test"]["profiles"] == ["test"]
    assert services["odoo"]["depends_on"]["odoo-init"]["condition"] == (
        "service_completed_successfully"
    )


def test_named_volumes_keep_data_and_filestore():
    assert set(COMPOSE["volumes"]) == {"db-data", "odoo-data"}
    assert "db-data:/var/lib/postgresql/data" in COMPOSE["services"]["db"]["volumes"]
    odoo_volumes = COMPOSE["services"]["odoo"]["volumes"]
    assert "odoo-data:/var/lib/odoo" in odoo_volumes
    for addon in ADDONS.split(","):
        assert f"./{addon}:/mnt/extra-addons/{addon}:ro" in odoo_volumes
        assert (REPO / addon / "__manifest__.py").exists()


def test_first_start_installs_the_addons_with_demo_data():
    init = _command("odoo-init")
    assert f"-i {ADDONS}" in init
    assert "--with-demo" in init and "--stop-after-init" in init
    assert "datname = 'layanan'" in init  # only on the first start
    assert "-d layanan" in init
    assert "layanan" in _command("odoo")


def test_test_service_matches_the_local_test_command():
    local = re.search(r'odoo-bin \\\n(.*?)>"\$log"', TEST_SH, re.S).group(1)
    docker = _command("odoo-test")
    assert f"-i {ADDONS}" in docker
    tags = ",".join(f"/{addon}" for addon in ADDONS.split(","))
    assert f"--test-tags {tags}" in docker
    for flag in ("--with-demo", "--test-enable", "--test-tags", "--stop-after-init"):
        assert flag in local, flag
        assert flag in docker, flag
    assert "rc=$$?; dropdb" in docker  # the test database goes, whatever the result


def test_scale_profile_runs_two_odoo_servers_behind_nginx():
    services = COMPOSE["services"]
    assert services["odoo-2"]["profiles"] == ["scale"]
    assert services["nginx"]["profiles"] == ["scale"]
    assert services["odoo-2"]["command"] == services["odoo"]["command"]
    assert "--proxy-mode" in services["odoo"]["command"]
    # the same database and the same filestore
    assert services["odoo-2"]["volumes"] == services["odoo"]["volumes"]
    conf = (REPO / "scripts" / "nginx-scaleout.conf").read_text()
    assert "server odoo:8069" in conf and "server odoo-2:8069" in conf
    assert "location /websocket" in conf and "odoo:8072" in conf
    mount = "./scripts/nginx-scaleout.conf:/etc/nginx/conf.d/default.conf:ro"
    assert mount in services["nginx"]["volumes"]


def test_wkhtmltopdf_reaches_its_own_server():
    """Each start sets report.url to the container's own Odoo (localhost:8069): the
    public address (nginx's :8080, a proxy's host) is not reachable from inside a
    container, and the print must not depend on it."""
    init = _command("odoo-init")
    assert "'report.url', 'http://localhost:8069'" in init
    assert "ON CONFLICT (key) DO UPDATE" in init
    # on every start, after the install or when the database exists, and only once the
    # install succeeded
    assert init.index("fi;") < init.index("report.url")
    assert "--stop-after-init || exit 1" in init
    assert "-d layanan -v ON_ERROR_STOP=1" in init
    serve = _command("odoo")
    assert "--workers=4" in serve and "--proxy-mode" in serve
    assert "--max-cron-threads=1" in serve
