"""The install an agency gets in production (docker-compose's default: no demo data):
the Biro Umum keeps its books in Indonesia's chart of accounts (l10n_id), in rupiah, with
a retribusi journal and income account per kind of facility, and speaks Indonesian."""

import subprocess
import uuid

import pytest
from odoo_server import LOG_DIR, OdooServer


def _sql(db, query):
    return subprocess.run(
        ["psql", "-X", "-q", "-At", "-d", db, "-c", query],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture(scope="module")
def production_db():
    server = OdooServer(db=f"systest_prod_{uuid.uuid4().hex[:8]}")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    cmd = server._base_cmd() + [
        "-i",
        "biroumum_booking",
        "--without-demo",
        "--stop-after-init",
        "--max-cron-threads=0",
        "--log-level=warn",
        f"--logfile={server.log}",
    ]
    try:
        subprocess.run(cmd, check=True, timeout=1200)
        yield server.db
    finally:
        assert not server.log_problems(), server.log_problems()
        server.stop()


def test_the_books_are_indonesian_in_rupiah(production_db):
    company = _sql(
        production_db,
        "SELECT c.chart_template, cur.name, country.code FROM res_company c "
        "JOIN res_currency cur ON cur.id = c.currency_id "
        "JOIN res_partner p ON p.id = c.partner_id "
        "JOIN res_country country ON country.id = p.country_id WHERE c.id = 1",
    )
    assert company == "id|IDR|ID"
    installed = _sql(
        production_db,
        "SELECT name FROM ir_module_module WHERE state = 'installed' "
        "AND name IN ('l10n_id', 'payment_xendit', 'account_payment') ORDER BY name",
    )
    assert installed.split() == ["account_payment", "l10n_id", "payment_xendit"]


def test_each_kind_of_facility_has_its_retribusi_journal_and_account(production_db):
    rows = _sql(
        production_db,
        "SELECT s.category, j.code, j.type, a.code_store->>'1', a.name->>'id_ID' "
        "FROM biroumum_category s JOIN account_journal j ON j.id = s.journal_id "
        "JOIN account_account a ON a.id = s.income_account_id ORDER BY j.code",
    ).splitlines()
    assert rows == [
        "building|RGD|sale|41052001|Retribusi: gedung",
        "vehicle|RKD|sale|41051001|Retribusi: kendaraan",
        "venue|RLP|sale|41054001|Retribusi: lapangan dan halaman",
        "meeting_room|RRR|sale|41053001|Retribusi: ruang rapat",
    ]
    # with the default refund rules: all a week ahead, half two days ahead
    rules = _sql(
        production_db,
        "SELECT hours_before, percent FROM biroumum_refund_rule r "
        "JOIN biroumum_category s ON s.id = r.category_setting_id "
        "WHERE s.category = 'venue' ORDER BY hours_before DESC",
    ).splitlines()
    assert rules == ["168|100.00", "48|50.00"]


def test_xendit_waits_for_the_agencys_keys(production_db):
    provider = _sql(production_db, "SELECT state FROM payment_provider WHERE code = 'xendit'")
    assert provider == "disabled"
    visitor = _sql(
        production_db,
        "SELECT p.lang FROM res_users u JOIN res_partner p ON p.id = u.partner_id "
        "WHERE u.login = 'public'",
    )
    assert visitor == "id_ID"
