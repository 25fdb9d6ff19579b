"""Live servers on the bench database, HTTP clients and the server-side times of the log."""

import re
import signal
import threading
import time

import psutil
from common import LOG_DIR_BENCH
from odoo_server import OdooServer, csrf_token, login
from odoo_server import call_kw as _call_kw

# "GET /path HTTP/1.1" 200 - <query count> <query time> <remaining time>
LOG_LINE = re.compile(
    r'"(?P<method>GET|POST) (?P<path>\S+) HTTP/1\.[01]" (?P<code>\d+) \S+ '
    r"(?P<queries>\d+) (?P<qtime>[\d.]+) (?P<rtime>[\d.]+)"
)


class BenchServer(OdooServer):
    """An Odoo server on the bench's existing database and data dir (no creation, no drop)."""

    def __init__(self, db, data_dir, name, workers=4, cron_threads=0):
        super().__init__(workers=workers, db=db, cron_threads=cron_threads)
        self.data_dir = data_dir
        LOG_DIR_BENCH.mkdir(parents=True, exist_ok=True)
        self.log = LOG_DIR_BENCH / f"{db}-{name}.log"
        if self.log.exists():
            self.log.unlink()

    def create_database(self):
        """The bench made the database already."""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except Exception:
                self.process.kill()
                self.process.wait()

    def cpu_seconds(self):
        """User + system CPU seconds of the server's processes so far (the workers and
        their children): per request, a cost that does not depend on the machine's load."""
        total = 0.0
        try:
            procs = [psutil.Process(self.process.pid)]
            procs += procs[0].children(recursive=True)
        except psutil.Error:
            return total
        for proc in procs:
            try:
                times = proc.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
        return total

    def log_offset(self):
        return self.log.stat().st_size if self.log.exists() else 0

    def server_times(self, offset, path_part):
        """Server-side milliseconds (query time + the rest) and query counts of the
        successful requests logged since `offset` whose path contains `path_part`."""
        with self.log.open() as handle:
            handle.seek(offset)
            text = handle.read()
        times, counts = [], []
        for match in LOG_LINE.finditer(text):
            if path_part in match["path"] and int(match["code"]) < 400:
                times.append((float(match["qtime"]) + float(match["rtime"])) * 1000)
                counts.append(int(match["queries"]))
        return times, counts


def parallel_logins(url, credentials):
    """Log several sessions in at once (password hashing is slow on purpose)."""
    sessions = [None] * len(credentials)
    errors = []

    def run(index, cred):
        try:
            sessions[index] = login(url, *cred)
        except Exception as error:
            errors.append(repr(error))

    threads = []
    for index, cred in enumerate(credentials):
        thread = threading.Thread(target=run, args=(index, cred))
        threads.append(thread)
        thread.start()
        if len(threads) % 8 == 0:
            for t in threads[-8:]:
                t.join()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} logins failed: {errors[:2]}")
    return sessions


def call_kw(session, base_url, model, method, args, kwargs=None):
    """call_kw's result; a refused call raises with Odoo's message."""
    payload = _call_kw(session, base_url, model, method, args, kwargs)
    if payload.get("error"):
        raise RuntimeError(payload["error"].get("data", {}).get("message") or payload["error"])
    return payload["result"]


class RssSampler:
    """Peak RSS of a server's processes (the Odoo workers and their wkhtmltopdf children)
    sampled every 50 ms while a request runs."""

    def __init__(self, pid):
        self.root = psutil.Process(pid)
        self.peak_worker = 0
        self.peak_wkhtml = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                children = self.root.children(recursive=True)
            except psutil.Error:
                children = []
            for proc in children:
                try:
                    rss = proc.memory_info().rss
                    name = proc.name()
                except psutil.Error:
                    continue
                if "wkhtmltopdf" in name:
                    self.peak_wkhtml = max(self.peak_wkhtml, rss)
                else:
                    self.peak_worker = max(self.peak_worker, rss)
            time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def get_ok(session, url):
    response = session.get(url, timeout=120)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    return response


__all__ = ["BenchServer", "RssSampler", "call_kw", "csrf_token", "get_ok", "parallel_logins"]
