#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh (or by Odoo's database manager, or
# `odoo-bin db dump`: the same zip format) into a NEW database, with its filestore
# (README.md, "Backup and restore"):
#
#   scripts/restore.sh [--data-dir DIR] BACKUP.zip DATABASE
#
# The database is restored as it was: the same database identity (database.uuid), the
# same secret (database.secret: the links already sent by e-mail, the signed tokens and
# the logged-in sessions stay valid) and the same settings (web.base.url). That is a
# restore, after a loss or onto a new server. For a copy to try things on, use Odoo's
# own loader instead, which gives the copy a new identity and neutralises it (no e-mail
# leaves it, no job runs):
#
#   odoo-bin db --data-dir DIR load --neutralize COPY_NAME BACKUP.zip
#
# It refuses an existing database or filestore; on any failure it removes what it
# made. DIR is the data directory of the Odoo that will serve DATABASE (its --data-dir;
# by default $ODOO_DATA_DIR, else ~/.local/share/Odoo). PostgreSQL is reached as psql
# is: PGHOST, PGPORT, PGUSER, PGPASSWORD. Then start Odoo on DATABASE; if it answers at
# another address than before, set web.base.url (and report.url) to the new one.
set -euo pipefail

usage() { echo "usage: $0 [--data-dir DIR] BACKUP.zip DATABASE" >&2; exit 2; }
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
[ $# -eq 2 ] || usage
backup=$1
db=$2
filestore="$data_dir/filestore/$db"
[ -f "$backup" ] || { echo "no backup file $backup" >&2; exit 1; }
if [ -n "$(psql -X -d postgres -Atc "select 1 from pg_database where datname = '${db//\'/\'\'}'")" ]; then
    echo "database $db exists: restore into a new database (or drop it first)" >&2
    exit 1
fi
[ -e "$filestore" ] && { echo "$filestore exists: not overwritten" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/odoo-restore.XXXXXX")
created=0
cleanup() {
    status=$?
    rm -rf "$work"
    if [ "$status" != 0 ] && [ "$created" = 1 ]; then
        echo "restore failed: removing database $db and its filestore" >&2
        dropdb --if-exists "$db" || true
        rm -rf "$filestore"
    fi
}
trap cleanup EXIT

python3 - "$backup" "$work" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as backup:
    names = backup.namelist()
    if "dump.sql" not in names:
        sys.exit(f"{sys.argv[1]} is not an Odoo backup (no dump.sql)")
    # only what a backup holds, never a path outside the work directory
    members = [n for n in names if n in ("dump.sql", "manifest.json")
               or (n.startswith("filestore/") and ".." not in n.split("/"))]
    backup.extractall(sys.argv[2], members)
PY

created=1
createdb "$db"
# one transaction: all of it, or nothing
psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$db" -f "$work/dump.sql" >/dev/null
mkdir -p "$(dirname "$filestore")"
if [ -d "$work/filestore" ]; then
    mv "$work/filestore" "$filestore"
else
    mkdir -p "$filestore"
fi
# run as root (e.g. in the Odoo container), the files belong to whoever owns the data
# directory (the odoo user), or Odoo could not add new files next to them
if [ "$(id -u)" = 0 ] && [ -d "$data_dir" ]; then
    chown -R --reference="$data_dir" "$filestore"
fi
files=$(find "$filestore" -type f | wc -l)
echo "database $db restored from $backup, with $files files in $filestore"
