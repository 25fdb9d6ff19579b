#!/usr/bin/env bash
# Back up one Odoo database with its filestore into one file (README.md, "Backup and
# restore"):
#
#   scripts/backup.sh [--data-dir DIR] DATABASE [BACKUP.zip]
#
# The file is Odoo's own backup format (dump.sql, filestore/, manifest.json), so Odoo's
# database manager (/web/database/manager, Restore) and `odoo-bin db load` read it too;
# scripts/restore.sh restores it as it was (same database identity).
#
# It runs while Odoo serves: the database is dumped first, in one consistent snapshot
# (pg_dump), and the filestore copied after it. Odoo never changes a stored file (a new
# version is a new file) and removes unused files only in its daily cleanup, so every
# file the snapshot refers to is in the copy. (Odoo's own `odoo-bin db dump` copies the
# files first: an attachment added during the copy would be in the database without
# its file.)
#
# DIR is Odoo's data directory (its --data-dir / data_dir: the filestore is
# DIR/filestore/DATABASE); by default $ODOO_DATA_DIR, else ~/.local/share/Odoo.
# PostgreSQL is reached as psql is: PGHOST, PGPORT, PGUSER, PGPASSWORD.
set -euo pipefail

usage() { echo "usage: $0 [--data-dir DIR] DATABASE [BACKUP.zip]" >&2; exit 2; }
data_dir=${ODOO_DATA_DIR:-$HOME/.local/share/Odoo}
while [ $# -gt 0 ]; do
    case "$1" in
        --data-dir) [ $# -ge 2 ] || usage; data_dir=$2; shift 2 ;;
        --data-dir=*) data_dir=${1#*=}; shift ;;
        -h|--help) usage ;;
        -*) usage ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] && [ $# -le 2 ] || usage
db=$1
out=${2:-${db}_$(date -u +%Y%m%d_%H%M%S).zip}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
filestore="$data_dir/filestore/$db"
[ -e "$out" ] && { echo "$out exists: not overwritten" >&2; exit 1; }
psql -X -d "$db" -Atc 'select 1' >/dev/null \
    || { echo "cannot connect to database $db (PGHOST, PGPORT, PGUSER, PGPASSWORD?)" >&2; exit 1; }
[ -d "$filestore" ] || echo "warning: no filestore at $filestore (--data-dir?): backing up the database only" >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/odoo-backup.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. the database, one snapshot
pg_dump --no-owner --format=plain --file="$work/dump.sql" "$db"
# 2. the files, after the snapshot (a superset of what it refers to)
mkdir -p "$work/filestore"
if [ -d "$filestore" ]; then
    cp -a "$filestore/." "$work/filestore/"
fi
# 3. what Odoo's backups say about themselves
psql -X -d "$db" -At >"$work/modules.txt" \
    -c "select name || '=' || coalesce(latest_version, '') from ir_module_module where state = 'installed' order by name"
pg_version=$(psql -X -d "$db" -Atc "select current_setting('server_version')")
python3 - "$work" "$db" "$pg_version" <<'PY'
import json, pathlib, sys
work, db, pg_version = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
modules = dict(line.split("=", 1) for line in (work / "modules.txt").read_text().split())
base = modules.get("base", "19.0")
(work / "manifest.json").write_text(json.dumps({
    "odoo_dump": "1",
    "db_name": db,
    "version": ".".join(base.split(".")[:2]),
    "major_version": ".".join(base.split(".")[:2]),
    "pg_version": pg_version,
    "modules": modules,
}, indent=4))
(work / "modules.txt").unlink()
PY
# 4. one file, written under a temporary name and renamed when complete
(cd "$work" && python3 -m zipfile -c "$out.part" dump.sql manifest.json filestore)
mv "$out.part" "$out"
files=$(find "$work/filestore" -type f | wc -l)
echo "$out: database $db and $files files of its filestore ($(du -h "$out" | cut -f1))"
