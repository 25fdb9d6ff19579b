#!/usr/bin/env bash
# The project's one test command (README.md, "Testing"); .ci/run runs exactly this.
#
#   bash scripts/test.sh
#
# 1. finds Odoo 19 (ODOO_PATH) and its Python (ODOO_PYTHON), PostgreSQL, wkhtmltopdf
#    and Chromium; as root it installs what is missing from Debian and PyPI;
# 2. lints the addons (ruff, ruff format, pylint-odoo with the OCA mandatory checks,
#    OCA's odoo-pre-commit-hooks, the READMEs generated from readme/);
# 3. installs the three addons with their demo data in a new database with every
#    at_install and post_install test enabled, then drops the database;
# 4. runs the system tests in tests/ with pytest against a live server;
# 5. runs the benchmark at small scale as a smoke check (bench/run.py --scale small: it
#    prints its figures; a crash or a double booking in its race fails the run).
#
# It fails on any lint finding, any failed, errored or *skipped* Odoo test, any ERROR
# or CRITICAL line in the Odoo log, and any pytest failure.
#
# Developer knobs (CI sets none of them): TEST_ADDONS="library_membership" limits
# step 3 to some addons; TEST_STEPS="lint odoo pytest bench" chooses the steps. Whatever is
# left out is said in the output and makes the run fail, so nothing is skipped silently.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

ALL_ADDONS="layanan_base,biroumum_booking,library_membership,epesanruangan"
ODOO_PATH=${ODOO_PATH:-/opt/odoo19}
ODOO_PYTHON=${ODOO_PYTHON:-python3}
TEST_ADDONS=${TEST_ADDONS:-$ALL_ADDONS}
# installed beside the addons for their tests only: Odoo's demo payment provider (the
# payment journeys run through it, without the internet); never a dependency
TEST_ONLY_MODULES="payment_demo"
TEST_STEPS=${TEST_STEPS:-lint odoo pytest bench}
LOG_DIR=${TEST_LOG_DIR:-$here/.test-logs}
export ODOO_PATH ODOO_PYTHON

say() { printf '\n==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 2; }
is_root() { [ "$(id -u)" = 0 ]; }

# --- 1. The platform -------------------------------------------------------------
say "Odoo and its Python"
[ -f "$ODOO_PATH/odoo-bin" ] || die "no Odoo 19 source checkout at ODOO_PATH=$ODOO_PATH (odoo-bin not found).
Set ODOO_PATH to the folder that holds odoo-bin (README.md, 'Testing')."
command -v "$ODOO_PYTHON" >/dev/null 2>&1 || die "ODOO_PYTHON=$ODOO_PYTHON is not a Python on this machine.
Set ODOO_PYTHON to the Python 3.11+ that has Odoo's requirements installed."
odoo_version=$(cd "$ODOO_PATH" && "$ODOO_PYTHON" -c \
    'import sys; sys.path.insert(0, "."); import odoo.release as r; print(r.major_version)' 2>/dev/null) \
    || die "ODOO_PYTHON=$ODOO_PYTHON cannot read odoo/release.py in ODOO_PATH=$ODOO_PATH."
[ "$odoo_version" = "19.0" ] || die "ODOO_PATH=$ODOO_PATH holds Odoo $odoo_version; these addons need 19.0."
echo "Odoo $odoo_version at $ODOO_PATH, Python $("$ODOO_PYTHON" -c 'import sys; print(sys.version.split()[0])') ($ODOO_PYTHON)"

odoo_requirements_ok() {
    (cd "$ODOO_PATH" && "$ODOO_PYTHON" -c \
        'import sys; sys.path.insert(0, "."); import odoo.cli, psycopg2, lxml, werkzeug, PIL, reportlab, babel, gevent' \
        >/dev/null 2>&1)
}
if ! odoo_requirements_ok; then
    is_root || die "ODOO_PYTHON=$ODOO_PYTHON lacks Odoo's requirements: pip install -r $ODOO_PATH/requirements.txt"
    say "Installing Odoo's Python requirements (cbor2 5.6: 5.4.2 no longer builds)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libldap2-dev libsasl2-dev libpq-dev >/dev/null
    sed -e 's/^cbor2==5\.4\.2.*/cbor2==5.6.5/' "$ODOO_PATH/requirements.txt" >"${TMPDIR:-/tmp}/odoo-requirements.txt"
    "$ODOO_PYTHON" -m pip install -q -r "${TMPDIR:-/tmp}/odoo-requirements.txt"
    odoo_requirements_ok || die "Odoo's requirements still do not import with $ODOO_PYTHON."
fi

say "PostgreSQL (PGHOST=${PGHOST:-<socket>} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-$(id -un)})"
pg_out=$(psql -X -d postgres -Atc 'select version()' 2>&1) || die "cannot reach PostgreSQL: $pg_out
Start it, or set PGHOST, PGPORT and PGUSER to a server where this user may create databases."
echo "$pg_out"

say "Tools: wkhtmltopdf, Chromium, pdftotext, and the Python test packages"
missing_deb=""
command -v wkhtmltopdf >/dev/null || missing_deb+=" wkhtmltopdf"
command -v chromium >/dev/null || missing_deb+=" chromium"
command -v chromedriver >/dev/null || missing_deb+=" chromium-driver"
command -v pdftotext >/dev/null || missing_deb+=" poppler-utils"
if [ -n "$missing_deb" ]; then
    is_root || die "missing Debian packages:$missing_deb (apt-get install$missing_deb)"
    echo "installing:$missing_deb"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing_deb >/dev/null
fi
dev_packages_ok() {
    "$ODOO_PYTHON" -c 'import importlib.util as u, sys; sys.exit(not all(u.find_spec(m) for m in
        "websocket pytest playwright pylint_odoo odoo_test_helper freezegun yaml requests oca_pre_commit_hooks pkg_resources".split()))' \
        >/dev/null 2>&1 && "$ODOO_PYTHON" -m ruff --version >/dev/null 2>&1 && command -v oca-checks-odoo-module >/dev/null
}
if ! dev_packages_ok; then
    is_root || die "missing Python test packages: $ODOO_PYTHON -m pip install -r requirements-dev.txt"
    "$ODOO_PYTHON" -m pip install -q -r requirements-dev.txt
    dev_packages_ok || die "the Python test packages still do not import with $ODOO_PYTHON."
fi
# axe-core, which the accessibility system tests inject into each page (npm registry)
AXE_VERSION=4.14.1
if [ ! -f tests/.npm/node_modules/axe-core/axe.min.js ]; then
    command -v npm >/dev/null || die "npm is missing (Node.js): the accessibility tests need axe-core from the npm registry."
    echo "installing axe-core $AXE_VERSION into tests/.npm"
    mkdir -p tests/.npm
    (cd tests/.npm && npm install --no-save --no-audit --no-fund --prefix . "axe-core@$AXE_VERSION" >/dev/null)
fi
echo "wkhtmltopdf $(wkhtmltopdf --version 2>/dev/null | awk '{print $2}'), $(chromium --version 2>/dev/null), axe-core $AXE_VERSION"

mkdir -p "$LOG_DIR"
status=0
left_out=""
for step in lint odoo pytest bench; do
    case " $TEST_STEPS " in *" $step "*) ;; *) left_out+=" $step" ;; esac
done
[ "$TEST_ADDONS" = "$ALL_ADDONS" ] || left_out+=" odoo-tests-of-other-addons"
want() { case " $TEST_STEPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# --- 2. Lint ----------------------------------------------------------------------
if want lint; then
    say "Lint: ruff check, ruff format --check, pylint-odoo (OCA mandatory checks)"
    lint_ok=1
    "$ODOO_PYTHON" -m ruff check . || lint_ok=0
    "$ODOO_PYTHON" -m ruff format --check . || lint_ok=0
    # shellcheck disable=SC2046
    PYTHONPATH="$ODOO_PATH" "$ODOO_PYTHON" -m pylint --rcfile=.pylintrc-mandatory \
        $(echo "$ALL_ADDONS" | tr ',' ' ') || lint_ok=0
    # shellcheck disable=SC2046
    oca-checks-odoo-module $(echo "$ALL_ADDONS" | tr ',' ' ') || lint_ok=0
    # po-pretty-format would drop msgstrs equal to their msgid ("KTP", "Biro Umum"), and
    # then scripts/i18n.py could no longer tell a complete id.po from an incomplete one
    # shellcheck disable=SC2046
    oca-checks-po --disable=po-pretty-format $(ls ./*/i18n/*.po) || lint_ok=0
    "$ODOO_PYTHON" scripts/i18n.py check || lint_ok=0
    "$ODOO_PYTHON" scripts/gen_addon_readme.py --check || lint_ok=0
    if [ "$lint_ok" = 1 ]; then echo "lint: no findings"; else echo "lint: FINDINGS (see above)"; status=1; fi
fi

# --- 3. Odoo's own tests ------------------------------------------------------------
odoo_summary=""
if want odoo; then
    db="test_$(date +%Y%m%d%H%M%S)_$$"
    log="$LOG_DIR/odoo-tests-$db.log"
    drop_db() { dropdb --if-exists --force "$db" >/dev/null 2>&1 || true; }
    trap drop_db EXIT
    tags=$(echo "$TEST_ADDONS" | sed -e 's/^/\//' -e 's/,/,\//g')
    say "Odoo tests: install $TEST_ADDONS with demo data into $db, tests $tags (log: $log)"
    set +e
    (cd "$ODOO_PATH" && timeout 25m "$ODOO_PYTHON" odoo-bin \
        --addons-path="$ODOO_PATH/odoo/addons,$ODOO_PATH/addons,$here" \
        -d "$db" -i "$TEST_ADDONS,$TEST_ONLY_MODULES" --with-demo \
        --test-enable --test-tags "$tags" \
        --stop-after-init --http-port="$(( 20000 + $$ % 20000 ))" \
        --log-level=info --max-cron-threads=0 --no-database-list \
        --db-filter="^${db}\$") >"$log" 2>&1
    odoo_rc=$?
    set -e
    drop_db
    trap - EXIT

    # Odoo's verdict, its skip lines, and every ERROR / CRITICAL line.
    result=$(grep -E 'odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log" | tail -1 || true)
    skipped=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ INFO [^ ]+ odoo\.addons\.[^ ]+: skipped ' "$log" || true)
    errors=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" || true)
    grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |: (FAIL|ERROR): |: skipped |odoo\.tests\.(result|stats)' "$log" | cut -c1-400 || true
    if [ -z "$result" ]; then
        echo "Odoo printed no test result (exit code $odoo_rc); the last lines of its log:"
        tail -n 60 "$log"
        failed=1 run=0
    else
        failed=$(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1/' <<<"$result")
        errs=$(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\2/' <<<"$result")
        run=$(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\3/' <<<"$result")
        failed=$(( failed + errs ))
    fi
    passed=$(( run - failed - skipped ))
    [ "$passed" -ge 0 ] || passed=0
    if [ "$odoo_rc" != 0 ] || [ "$failed" != 0 ] || [ "$skipped" != 0 ] || [ "$errors" != 0 ] || [ "$run" = 0 ]; then
        status=1
        echo "Odoo tests: exit code $odoo_rc, $failed failed or errored, $skipped skipped (a skip is a failure here), $errors ERROR/CRITICAL log lines, $run run"
    fi
    odoo_summary="$passed passed, $(( failed + skipped )) failed"
fi

# --- 4. System tests ----------------------------------------------------------------
if want pytest; then
    say "System tests: pytest tests/ against a live Odoo server"
    set +e
    "$ODOO_PYTHON" -m pytest tests/ -p no:cacheprovider -ra
    pytest_rc=$?
    set -e
    [ "$pytest_rc" = 0 ] || status=1
fi

# --- 5. Benchmark smoke check ------------------------------------------------------------
if want bench; then
    say "Benchmark, small scale (smoke check; figures only, the full run is in BENCHMARKS.md)"
    set +e
    BENCH_DIR="$LOG_DIR/bench" "$ODOO_PYTHON" bench/run.py --scale small --db "bench_small_$$"
    bench_rc=$?
    set -e
    [ "$bench_rc" = 0 ] || { echo "benchmark smoke check: FAILED (exit code $bench_rc)"; status=1; }
fi

say "Summary"
if [ -n "$left_out" ]; then
    echo "Left out on request:$left_out -- this run does not count as a full pass."
    status=1
fi
[ "$status" = 0 ] && echo "All steps passed." || echo "Some step FAILED (see above)."
if [ -n "$odoo_summary" ]; then
    echo "Odoo tests:"
    echo "$odoo_summary"
fi
exit "$status"
