"""docker-compose.yml cannot run here (no Docker engine): check what it declares, and
that it installs and tests the same addons with the same flags as scripts/test.sh."""

import os
import pathlib
import re
import subprocess

import pytest
import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent
COMPOSE_TEXT = (REPO / "docker-compose.yml").read_text()
TEST_SH = (REPO / "scripts" / "test.sh").read_text()
ADDONS = re.search(r'^ALL_ADDONS="([^"]+)"', TEST_SH, re.M).group(1)


def _env_file(name):
    """The variables of an env file, as docker compose reads them."""
    lines = (REPO / name).read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def _interpolate(text, env):
    """docker compose's interpolation: $$ is a $, ${X:-default}, ${X:?error}."""

    def value(match):
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        if not env.get(name) and op == ":?":
            raise ValueError(arg)
        return env.get(name) or (arg if op == ":-" else "")

    return re.sub(r"\$\$|\$\{(?P<name>\w+)(?:(?P<op>:[-?])(?P<arg>[^}]*))?\}", value, text)


PRODUCTION = dict(_env_file(".env.example"), LAYANAN_ADMIN_PASSWORD="Kuat-dan-Rahasia-2026")
DEMO = _env_file("demo.env")
COMPOSE = yaml.safe_load(_interpolate(COMPOSE_TEXT, DEMO))


def _command(service, compose=COMPOSE):
    command = compose["services"][service]["command"]
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


def _first_start(tmp_path, env, database_exists=False):
    """Run odoo-init's command as its container would, with psql and odoo stubbed: what
    did it ask them?"""
    compose = yaml.safe_load(_interpolate(COMPOSE_TEXT, env))
    service = compose["services"]["odoo-init"]
    calls = tmp_path / "calls"
    for stub, answer in (("psql", "1" if database_exists else ""), ("odoo", "")):
        path = tmp_path / stub
        path.write_text(
            f'#!/bin/bash\necho "{stub} $* <<$(cat 2>/dev/null)>>" >> {calls}\necho {answer}\n'
        )
        path.chmod(0o755)
    container_env = {k: str(v) for k, v in service["environment"].items()}
    result = subprocess.run(
        ["bash", "-c", _command("odoo-init", compose)],
        env=dict(container_env, PATH=f"{tmp_path}:{os.environ['PATH']}"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return calls.read_text().splitlines() if calls.exists() else []


def test_production_starts_a_clean_database_named_and_secured_by_the_env_file(tmp_path):
    calls = _first_start(tmp_path, PRODUCTION)
    [install] = [call for call in calls if call.startswith("odoo ") and " -i " in call]
    assert f"-d layanan -i {ADDONS} --without-demo --stop-after-init" in install
    [shell] = [call for call in calls if call.startswith("odoo shell")]
    assert "-d layanan" in shell and "LAYANAN_ADMIN_PASSWORD" in shell
    # and the container has that password to give
    init = yaml.safe_load(_interpolate(COMPOSE_TEXT, PRODUCTION))["services"]["odoo-init"]
    assert init["environment"]["LAYANAN_ADMIN_PASSWORD"] == "Kuat-dan-Rahasia-2026"
    assert calls[-1].startswith("psql -h db -U odoo -d layanan -v ON_ERROR_STOP=1")


def test_the_demo_is_one_env_file_away(tmp_path):
    calls = _first_start(tmp_path, DEMO)
    [install] = [call for call in calls if call.startswith("odoo ") and " -i " in call]
    assert f"-d layanan_demo -i {ADDONS} --with-demo --stop-after-init" in install


def test_a_later_start_leaves_the_database_alone(tmp_path):
    calls = _first_start(tmp_path, PRODUCTION, database_exists=True)
    assert not [call for call in calls if call.startswith("odoo")]
    assert "datname = 'layanan'" in calls[0]
    assert "report.url" in calls[-1]


def test_production_refuses_to_start_without_an_admin_password():
    env = _env_file(".env.example")
    assert not env["LAYANAN_ADMIN_PASSWORD"]  # the example holds no password to reuse
    with pytest.raises(ValueError, match="LAYANAN_ADMIN_PASSWORD"):
        _interpolate(COMPOSE_TEXT, env)
    assert ".env" in (REPO / ".gitignore").read_text().split()


def test_servers_serve_only_the_configured_database_without_a_database_manager():
    compose = yaml.safe_load(_interpolate(COMPOSE_TEXT, PRODUCTION))
    env = {k: str(v) for k, v in compose["services"]["odoo"]["environment"].items()}
    served = subprocess.run(
        ["bash", "-c", _command("odoo", compose).replace("exec /entrypoint.sh", "echo")],
        env=dict(env, PATH=os.environ["PATH"]),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert served[:3] == ["odoo", "-d", "layanan"]
    assert "--db-filter=^layanan$" in served
    assert "--no-database-list" in served


def test_test_service_matches_the_local_test_command():
    local = re.search(r'odoo-bin \\\n(.*?)>"\$log"', TEST_SH, re.S).group(1)
    docker = _command("odoo-test")
    assert f"-i {ADDONS}" in docker
    tags = ",".join(f"/{addon}" for addon in ADDONS.split(","))
    assert f"--test-tags {tags}" in docker
    for flag in ("--with-demo", "--test-enable", "--test-tags", "--stop-after-init"):
        assert flag in local, flag
        assert flag in docker, flag
    assert "rc=$?; dropdb" in docker  # the test database goes, whatever the result


def test_scale_profile_runs_two_odoo_servers_behind_nginx():
    services = COMPOSE["services"]
    assert services["odoo-2"]["profiles"] == ["scale"]
    assert services["nginx"]["profiles"] == ["scale"]
    assert services["odoo-2"]["command"] == services["odoo"]["command"]
    assert services["odoo-2"]["entrypoint"] == services["odoo"]["entrypoint"]
    assert "--proxy-mode" in _command("odoo")
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
    assert init.rindex("fi;") < init.index("report.url")
    assert "--stop-after-init || exit 1" in init
    assert '-d "$LAYANAN_DB" -v ON_ERROR_STOP=1' in init
    serve = _command("odoo")
    assert "--workers=4" in serve and "--proxy-mode" in serve
    assert "--max-cron-threads=1" in serve
