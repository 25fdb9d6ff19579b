"""Backup and restore (issue 14, beyond the review): scripts/backup.sh backs up the live
test database with its filestore while its server runs, scripts/restore.sh restores it
into a new database, and a server started on the restored database has every booking,
member, photo (the same bytes) and attachment, renders the PDFs (a member card, a
member's booking document), and keeps the database's identity (its secret: sessions,
signed links and tokens stay valid)."""

import base64
import hashlib
import pathlib
import subprocess
import threading
import uuid

import pytest
from drill_helpers import PASSWORD, submitted_bookings, verified_members
from odoo_server import LOG_DIR, REPO, OdooServer
from sys_helpers import Rpc, admin, jpeg_bytes, pdf_text, squash  # noqa: F401 (fixture)

OUR_MODELS = [
    "biroumum.booking",
    "library.member",
    "epesanruangan.booking",
    "epesanruangan.event.photo",
    "account.move",
]


class RestoredServer(OdooServer):
    """An Odoo server on a database that scripts/restore.sh made (nothing to install)."""

    def create_database(self):
        pass


@pytest.fixture(scope="module")
def filled(odoo, admin):  # noqa: F811
    """What the backup must hold besides the demo data: two approved Biro Umum bookings
    (posted invoices) and two printed library cards (members with photos)."""
    bookings, member = submitted_bookings(odoo.url, admin, 2, days_ahead=46)
    admin("biroumum.booking", "action_approve", bookings)
    members = verified_members(admin, 2)
    admin("library.member", "action_print_card", members)
    return {"bookings": bookings, "member": member, "members": members}


@pytest.fixture(scope="module")
def restored(odoo, filled, tmp_path_factory):
    """The live database backed up (its server running) and restored into a new one,
    served by a server of its own."""
    backup = tmp_path_factory.mktemp("backup") / "layanan.zip"
    subprocess.run(
        ["bash", REPO / "scripts" / "backup.sh", "--data-dir", odoo.data_dir, odoo.db, backup],
        check=True,
    )
    server = RestoredServer(workers=2, db=f"restored_{uuid.uuid4().hex[:10]}")
    try:
        subprocess.run(
            [
                "bash",
                REPO / "scripts" / "restore.sh",
                "--data-dir",
                server.data_dir,
                backup,
                server.db,
            ],
            check=True,
        )
        server.start()
        yield server
    finally:
        server.stop()


def _rows(rpc, model, fields):
    return rpc(model, "search_read", [], fields, order="id", context={"active_test": False})


def test_the_restored_database_has_everything_and_prints(odoo, admin, filled, restored):  # noqa: F811
    boss = Rpc(restored.url, "admin", "admin")
    # a restore: the same identity and secret (the links and tokens already sent hold)
    for key in ("database.uuid", "database.secret"):
        assert boss("ir.config_parameter", "get_param", key) == admin(
            "ir.config_parameter", "get_param", key
        )

    # every booking, request and member, as they were
    for model, fields in [
        ("biroumum.booking", ["name", "state", "amount", "invoice_id", "partner_id"]),
        ("epesanruangan.booking", ["name", "state", "room_id", "start", "stop"]),
        ("library.member", ["name", "nik", "state", "member_number", "expiry_date"]),
        ("account.move", ["name", "state", "amount_total", "invoice_origin"]),
    ]:
        assert _rows(boss, model, fields) == _rows(admin, model, fields), model
    approved = boss("biroumum.booking", "read", filled["bookings"], ["state", "invoice_id"])
    assert all(b["state"] == "approved" and b["invoice_id"] for b in approved)

    # every photo, byte for byte
    with_photo = admin(
        "library.member",
        "search",
        [("image_1920", "!=", False)],
        context={"active_test": False},
    )
    assert set(filled["members"]) <= set(with_photo)
    for member in with_photo:
        assert (
            boss("library.member", "read", [member], ["image_1920"])[0]["image_1920"]
            == admin("library.member", "read", [member], ["image_1920"])[0]["image_1920"]
        ), member

    # every attachment of our records, and its file in the restored filestore
    fields = ["name", "res_model", "res_id", "res_field", "checksum", "file_size", "store_fname"]
    domain = [("res_model", "in", OUR_MODELS), ("type", "=", "binary")]
    original = admin("ir.attachment", "search_read", domain, fields, order="id")
    copied = boss("ir.attachment", "search_read", domain, fields, order="id")
    assert copied == original
    filestore = pathlib.Path(restored.data_dir) / "filestore" / restored.db
    for attachment in copied:
        if attachment["store_fname"]:
            data = (filestore / attachment["store_fname"]).read_bytes()
            assert hashlib.sha1(data).hexdigest() == attachment["checksum"], attachment["name"]

    # the PDFs render from the restored server (its own address for wkhtmltopdf)
    boss("ir.config_parameter", "set_param", "web.base.url", restored.url)
    for member in boss("library.member", "read", filled["members"], ["name", "member_number"]):
        card = boss.session.get(
            f"{restored.url}/report/pdf/library_membership.report_member_card/{member['id']}",
            timeout=180,
        )
        assert card.status_code == 200, card.text[:300]
        text = squash(pdf_text(card.content))
        assert member["member_number"] in text and member["name"].split()[0] in text, text
    # the member logs in with the password they had, and prints a booking
    member = Rpc(restored.url, filled["member"].login, PASSWORD)
    booking = boss("biroumum.booking", "read", filled["bookings"][:1], ["name"])[0]
    document = member.session.get(f"{restored.url}/my/bookings/{booking['id']}/cetak", timeout=180)
    assert document.status_code == 200, document.text[:300]
    assert booking["name"] in squash(pdf_text(document.content))


def test_a_restore_refuses_an_existing_database(odoo, restored, tmp_path):
    """Never over a database that exists (nor its filestore): a restore is into a new one."""
    answer = subprocess.run(
        ["bash", REPO / "scripts" / "restore.sh", tmp_path / "none.zip", odoo.db],
        capture_output=True,
        text=True,
    )
    assert answer.returncode != 0 and "no backup file" in answer.stderr
    (tmp_path / "x.zip").write_bytes(b"PK")
    answer = subprocess.run(
        ["bash", REPO / "scripts" / "restore.sh", tmp_path / "x.zip", odoo.db],
        capture_output=True,
        text=True,
    )
    assert answer.returncode != 0 and f"database {odoo.db} exists" in answer.stderr
    assert LOG_DIR.exists()


@pytest.mark.drill
def test_drill_a_backup_while_photos_are_taken_has_every_file(odoo, admin, tmp_path):  # noqa: F811
    """Photos are taken again and again (a new file each time) while the backup runs:
    every attachment of the restored database has its file."""
    members = verified_members(admin, 3)
    stop = threading.Event()

    def take_photos():
        shade = 0
        while not stop.is_set():
            shade = (shade + 7) % 255
            photo = base64.b64encode(jpeg_bytes((shade, 120, 200), (640, 480))).decode()
            admin("library.member", "write", members, {"image_1920": photo})

    photographer = threading.Thread(target=take_photos)
    photographer.start()
    try:
        backup = tmp_path / "live.zip"
        subprocess.run(
            ["bash", REPO / "scripts" / "backup.sh", "--data-dir", odoo.data_dir, odoo.db, backup],
            check=True,
        )
    finally:
        stop.set()
        photographer.join()
    db = f"restored_{uuid.uuid4().hex[:10]}"
    data_dir = LOG_DIR / f"{db}-data"
    try:
        subprocess.run(
            ["bash", REPO / "scripts" / "restore.sh", "--data-dir", data_dir, backup, db],
            check=True,
        )
        rows = subprocess.run(
            [
                "psql",
                "-X",
                "-At",
                "-d",
                db,
                "-c",
                "SELECT store_fname, checksum FROM ir_attachment WHERE store_fname IS NOT NULL"
                f" AND res_model = 'library.member' AND res_id IN ({','.join(map(str, members))})",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        filestore = data_dir / "filestore" / db
        missing = []
        for row in rows:
            fname, checksum = row.split("|")
            path = filestore / fname
            if not path.exists() or hashlib.sha1(path.read_bytes()).hexdigest() != checksum:
                missing.append(fname)
        assert rows and not missing, f"{len(missing)} of {len(rows)} files missing: {missing[:5]}"
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)
        subprocess.run(["rm", "-rf", data_dir], check=False)
