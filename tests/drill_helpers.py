"""Helpers of the fault drills (test_faults.py) and the backup test (test_backup.py):
a PostgreSQL server of their own, an Odoo server on a copy of the system tests'
database, a fake SMTP server that counts what Odoo sends, and a way to catch a worker
inside a transaction.

The drills restart PostgreSQL and kill workers: they do it to a PostgreSQL cluster and
an Odoo server of their own (same PostgreSQL binaries as the machine's), never to the
server the other system tests use, nor to the machine's PostgreSQL that other processes
may share."""

import base64
import datetime
import email
import email.policy
import os
import pathlib
import random
import shlex
import shutil
import signal
import socketserver
import subprocess
import tempfile
import threading
import time
import uuid

import psutil
import psycopg2
import requests
from odoo_server import LOG_DIR, OdooServer, free_port
from sys_helpers import Rpc, csrf_of, fresh_nik, jpeg_bytes, tiny_pdf, wib_day


def pg_bindir():
    """Where the PostgreSQL server programs are (initdb, pg_ctl)."""
    try:
        bindir = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        bindir = ""
    for candidate in [bindir, *sorted(map(str, pathlib.Path("/usr/lib/postgresql").glob("*/bin")))]:
        if candidate and (pathlib.Path(candidate) / "initdb").exists():
            return pathlib.Path(candidate)
    raise RuntimeError(
        "the fault drills need the PostgreSQL server programs (initdb, pg_ctl): "
        "install the postgresql package"
    )


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on a port of its own (loopback only), which a drill
    may restart: initdb, start, restart, stop. As root, it runs as the `postgres`
    user (PostgreSQL refuses root) and gives root a superuser role."""

    def __init__(self):
        self.bindir = pg_bindir()
        self.root = pathlib.Path(tempfile.mkdtemp(prefix="layanan-pg-"))
        self.data = self.root / "data"
        self.socket_dir = str(self.root)
        self.port = free_port()
        self.log = LOG_DIR / f"pg-{self.root.name}.log"
        self.as_root = os.geteuid() == 0

    def _run(self, *args, check=True):
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    def env(self):
        """The libpq environment of this cluster (psql, pg_dump, createdb, Odoo)."""
        return dict(os.environ, PGHOST=self.socket_dir, PGPORT=str(self.port))

    def start(self):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.root, "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self._pg_ctl("start")
        user = "root" if self.as_root else os.environ.get("USER") or "postgres"
        if user != "postgres":
            self.psql("postgres", f'CREATE ROLE "{user}" SUPERUSER LOGIN', user="postgres")
        return self

    def _pg_ctl(self, action, *extra):
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
            " -c max_connections=200"
        )
        return self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            *extra,
            action,
        )

    def restart(self):
        """What an operator's `pg_ctlcluster 15 main restart` does: a fast shutdown (every
        open transaction rolled back, every connection cut) and a start."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self):
        if self.data.exists():
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def connect(self, dbname, autocommit=True):
        cnx = psycopg2.connect(host=self.socket_dir, port=self.port, dbname=dbname)
        cnx.autocommit = autocommit
        return cnx

    def psql(self, dbname, sql, user=None):
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dbname, "-c", sql]
        if user:
            cmd[1:1] = ["-U", user]
        subprocess.run(cmd, env=self.env(), check=True, capture_output=True)

    def query(self, dbname, sql, params=None):
        with self.connect(dbname) as cnx, cnx.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()


class CountingSMTP(socketserver.ThreadingTCPServer):
    """A fake SMTP server on a loopback port that keeps every message it is given
    (`messages`: (envelope recipients, email.message.EmailMessage)). Enough SMTP for
    Python's smtplib: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.port = self.server_address[1]
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.shutdown()
        self.server_close()

    def subjects(self):
        with self.lock:
            return [str(message["Subject"]) for _rcpt, message in self.messages]

    def message_ids(self):
        with self.lock:
            return [str(message["Message-Id"]) for _rcpt, message in self.messages]


class _SMTPHandler(socketserver.StreamRequestHandler):
    def _say(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self._say("220 drill.test ESMTP")
        rcpt = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._say("250-drill.test")
                self._say("250 8BITMIME")
            elif verb == "HELO":
                self._say("250 drill.test")
            elif verb == "MAIL":
                rcpt = []
                self._say("250 OK")
            elif verb == "RCPT":
                rcpt.append(line.decode("utf-8", "replace").split(":", 1)[1].strip())
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while True:
                    chunk = self.rfile.readline()
                    if not chunk or chunk in (b".\r\n", b".\n"):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = email.message_from_bytes(b"".join(data), policy=email.policy.default)
                with self.server.lock:
                    self.server.messages.append((rcpt, message))
                self._say("250 OK: queued")
            elif verb in ("RSET", "NOOP"):
                self._say("250 OK")
            elif verb == "QUIT":
                self._say("221 Bye")
                return
            else:
                self._say("502 Command not implemented")


class DrillServer(OdooServer):
    """An Odoo server (its own workers, one cron thread, outgoing mail to `smtp`) on a
    copy of the database `source_db` of the machine's PostgreSQL, restored into
    `pg` (a PrivatePostgres), with the filestore `source_filestore` copied."""

    def __init__(self, pg, source_db, source_filestore, smtp, workers=3):
        super().__init__(workers=workers, db=f"drill_{uuid.uuid4().hex[:10]}", cron_threads=1)
        self.pg = pg
        self.source_db = source_db
        self.source_filestore = pathlib.Path(source_filestore)
        self.smtp = smtp

    def _base_cmd(self):
        return super()._base_cmd() + [
            # over TCP: a backend's client port tells which worker process it serves
            "--db_host=127.0.0.1",
            f"--db_port={self.pg.port}",
            "--smtp=127.0.0.1",
            f"--smtp-port={self.smtp.port}",
        ]

    def create_database(self):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["createdb", self.db], env=self.pg.env(), check=True)
        dump = subprocess.Popen(
            ["pg_dump", "--no-owner", "--format=custom", self.source_db], stdout=subprocess.PIPE
        )
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", self.db],
            stdin=dump.stdout,
            env=self.pg.env(),
            check=True,
        )
        dump.stdout.close()
        assert dump.wait() == 0, "pg_dump of the source database failed"
        # what the copy starts from: no mail of the other tests' left to send here, the
        # web assets made again (their files are in the source's filestore, maybe not
        # all of them), outgoing mail through --smtp (the fake server), and the jobs in
        # their steady state (each next run one interval away, as on a server that has
        # been running: not all of them at once at the start)
        self.pg.psql(
            self.db,
            "UPDATE mail_mail SET state = 'cancel' WHERE state IN ('outgoing', 'exception');"
            "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC')"
            " + make_interval(mins => interval_number * CASE interval_type"
            " WHEN 'minutes' THEN 1 WHEN 'hours' THEN 60 WHEN 'days' THEN 1440"
            " WHEN 'weeks' THEN 10080 ELSE 43200 END);"
            "DELETE FROM ir_cron_trigger;"
            "DELETE FROM biroumum_booking_notice_queue;"
            "DELETE FROM ir_attachment WHERE url LIKE '/web/assets/%';"
            "DELETE FROM ir_mail_server;",
        )
        target = self.data_dir / "filestore" / self.db
        if self.source_filestore.exists():
            shutil.copytree(self.source_filestore, target)

    def start(self):
        """Odoo under a supervisor that starts it again whenever it exits, as a
        deployment runs it (Docker's `restart: unless-stopped`, systemd's
        `Restart=always`): Odoo's multi-process master exits when PostgreSQL cannot be
        reached at the moment it starts a worker, which a PostgreSQL restart causes."""
        self.create_database()
        cmd = self._base_cmd() + [
            f"--workers={self.workers}",
            f"--max-cron-threads={self.cron_threads}",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={self.gevent_port}",
            "--limit-time-real=300",
            "--limit-time-cpu=240",
            "--log-level=info",
            f"--logfile={self.log}",
        ]
        odoo = " ".join(shlex.quote(str(arg)) for arg in cmd)
        log = shlex.quote(str(self.log))
        supervisor = (
            f'while true; do {odoo}; echo "supervisor: Odoo exited ($?)" >>{log}; sleep 1; done'
        )
        self.process = subprocess.Popen(["bash", "-c", supervisor], start_new_session=True)
        self.wait_answers(timeout=120)
        return self

    def restarts(self):
        """How many times the supervisor had to start Odoo again."""
        return self.log.read_text().count("supervisor: Odoo exited") if self.log.exists() else 0

    def is_ours(self, pid):
        """`pid` is a process of this Odoo server (nothing else is ever signalled)."""
        return any(child.pid == pid for child in psutil.Process(self.process.pid).children(True))

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        subprocess.run(
            ["dropdb", "--if-exists", "--force", self.db], env=self.pg.env(), check=False
        )
        shutil.rmtree(self.data_dir, ignore_errors=True)

    # ------------------------------------------------------------------ observing
    def query(self, sql, params=None):
        return self.pg.query(self.db, sql, params)

    def worker_in_transaction_on(self, table, timeout=60, running=None):
        """The pid of the Odoo worker, and its connection's port, whose transaction has
        written into `table` and is not over yet (it holds the table's RowExclusiveLock):
        polled every few milliseconds until one shows up. (Odoo's application_name
        carries the pid of the process that opened the registry, the master: the worker
        is found by the client port of its database connection.) (None, None) when
        `running()` turns false first: the transaction was over before it was seen."""
        deadline = time.monotonic() + timeout
        with self.pg.connect(self.db) as cnx, cnx.cursor() as cr:
            while time.monotonic() < deadline:
                finished = running is not None and not running()
                cr.execute(
                    """SELECT a.client_port FROM pg_locks l
                         JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.relation = %s::regclass AND l.mode = 'RowExclusiveLock'
                          AND a.datname = current_database() AND a.client_port > 0""",
                    [table],
                )
                row = cr.fetchone()
                if row:
                    return self._process_of_port(row[0]), row[0]
                if finished:
                    return None, None
                time.sleep(0.002)
        raise AssertionError(f"no Odoo transaction wrote into {table} within {timeout} s")

    def in_transaction_on(self, port, table):
        """Whether the connection from `port` still holds its write lock on `table` (its
        transaction is not over)."""
        return bool(
            self.query(
                """SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE a.client_port = %s AND l.relation = %s::regclass
                      AND l.mode = 'RowExclusiveLock'""",
                [port, table],
            )
        )

    def _process_of_port(self, port):
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                connections = child.connections("tcp")
            except psutil.Error:
                continue
            for connection in connections:
                if connection.laddr.port == port and connection.raddr.port == self.pg.port:
                    return child.pid
        raise AssertionError(f"no process of the drill server has port {port}")

    def wait_backend_gone(self, port, timeout=60):
        """Until PostgreSQL has noticed that the connection from `port` is gone (and
        rolled its transaction back)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.query("SELECT 1 FROM pg_stat_activity WHERE client_port = %s", [port]):
                return
            time.sleep(0.05)
        raise AssertionError(f"PostgreSQL still has the killed worker's session (port {port})")

    def wait_answers(self, timeout=120):
        """Until the server answers a page that needs the database again; how long it
        took (seconds)."""
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            try:
                page = requests.get(f"{self.url}/web/login", timeout=5)
                if page.status_code == 200 and "csrf_token" in page.text:
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the server did not answer again within {timeout} s")

    def log_problems_since(self, mark):
        """The ERROR and CRITICAL lines logged after the log had `mark` lines."""
        return self.log_problems_at(mark)[1]

    def log_mark(self):
        return len(self.log.read_text().splitlines()) if self.log.exists() else 0

    def log_problems_at(self, mark):
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        new = lines[mark:]
        problems = [line for line in new if " ERROR " in line[:80] or " CRITICAL " in line[:80]]
        return new, problems


# ---------------------------------------------------------------------- test data
PASSWORD = "Tahan-Gangguan-2026"


def new_member(url, boss):
    """A Biro Umum member (portal user, English: the e-mails' subjects are checked)."""
    login_name = f"tahan.{uuid.uuid4().hex[:8]}@example.com"
    boss(
        "res.users",
        "create",
        {
            "name": f"Anggota Tahan Gangguan {login_name[6:14]}",
            "login": login_name,
            "email": login_name,
            "password": PASSWORD,
            "lang": "en_US",
            "tz": "Asia/Jakarta",
            "group_ids": [(6, 0, [boss.ref("base.group_portal")])],
        },
    )
    return Rpc(url, login_name, PASSWORD)


def submitted_bookings(url, boss, count, days_ahead=33):
    """`count` paid bookings submitted by one member through the portal form, each on a
    facility of its own: their ids."""
    member = new_member(url, boss)
    tag = uuid.uuid4().hex[:6]
    facilities = boss(
        "biroumum.facility",
        "create",
        [
            {
                "name": f"Ruang Tahan Gangguan {tag} {i}",
                "category": "meeting_room",
                "capacity": 50,
                "tariff_unit": "hour",
                "price": 150000,
                "manager_user_id": boss.ref("biroumum_booking.user_pengelola_demo"),
                "resource_calendar_id": boss.ref("biroumum_booking.resource_calendar_service"),
            }
            for i in range(count)
        ],
    )
    terms = boss("biroumum.terms", "search", [("category", "=", "meeting_room")], limit=1)[0]
    day = wib_day(days_ahead)
    for facility in facilities:
        page = member.session.get(f"{url}/my", timeout=60)
        answer = member.session.post(
            f"{url}/layanan/fasilitas/{facility}/pesan",
            data={
                "csrf_token": csrf_of(page.text),
                "terms_id": str(terms),
                "terms_accepted": "on",
                "start": f"{day}T13:00",
                "stop": f"{day}T15:00",
                "purpose": "Rapat uji gangguan",
                "attendees": "5",
            },
            allow_redirects=False,
            timeout=120,
        )
        assert answer.status_code == 303, answer.text[:500]
    ids = boss(
        "biroumum.booking",
        "search",
        [("facility_id", "in", facilities), ("state", "=", "submitted")],
    )
    assert len(ids) == count
    return ids, member


def verified_room_requests(boss, count, days_ahead=40):
    """`count` Balaikota room requests of one operator, verified (steps 1-3), each in a
    room of its own: their ids and the operator's partner."""
    nrk = str(random.randint(600000, 699999))
    operator = boss(
        "res.users",
        "create",
        {
            "name": f"Operator Tahan Gangguan {nrk}",
            "login": nrk,
            "nrk": nrk,
            "email": f"op{nrk}@jakarta.example.com",
            "lang": "en_US",
            "group_ids": [(6, 0, [boss.ref("base.group_portal")])],
        },
    )
    start = datetime.datetime.combine(wib_day(days_ahead), datetime.time(2, 0))
    ids = []
    for i in range(count):
        room = boss(
            "epesanruangan.room", "create", {"name": f"Ruang Gangguan {nrk}-{i}", "capacity": 50}
        )
        booking = boss(
            "epesanruangan.booking",
            "create",
            {
                "event_name": f"Acara Gangguan {nrk}-{i}",
                "participants": 10,
                "room_id": room,
                "operator_id": operator,
                "start": start.strftime("%Y-%m-%d %H:%M:%S"),
                "stop": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S"),
                "letter": base64.b64encode(tiny_pdf()).decode(),
                "letter_filename": "surat.pdf",
            },
        )
        boss("epesanruangan.booking", "action_submit", [booking])
        # (no equipment: the verification leads straight to the head, step 7)
        boss("epesanruangan.booking", "action_verify", [booking])
        ids.append(booking)
    states = {r["state"] for r in boss("epesanruangan.booking", "read", ids, ["state"])}
    assert states == {"verified"}, states
    partner = boss("res.users", "read", [operator], ["partner_id"])[0]["partner_id"][0]
    return ids, partner


def verified_members(boss, count):
    """`count` library applicants, verified, photographed: their ids."""
    category = boss("library.member.category", "search", [], limit=1)[0]
    ids = []
    for i in range(count):
        member = boss(
            "library.member",
            "create",
            {
                "name": f"Calon Anggota Gangguan {i} {uuid.uuid4().hex[:4]}",
                "id_type": "ktp",
                "nik": fresh_nik(day=10 + i % 18, female=True),
                "place_of_birth": "Semarang",
                "birthdate": f"1990-05-{10 + i % 18:02d}",
                "gender": "female",
                "street": "Jl. Pemuda 1, Semarang",
                "phone": f"0812{uuid.uuid4().int % 10**8:08d}",
                "email": f"gangguan.{uuid.uuid4().hex[:8]}@example.com",
                "occupation": "Mahasiswa",
                "category_id": category,
            },
        )
        for step in ("action_register", "action_form_filled", "action_submit", "action_crosscheck"):
            boss("library.member", step, [member])
        boss(
            "library.member",
            "write",
            [member],
            {"image_1920": base64.b64encode(jpeg_bytes((20 * i % 255, 90, 160))).decode()},
        )
        boss("library.member", "action_photo_taken", [member])
        ids.append(member)
    return ids
