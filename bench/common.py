"""Shared pieces of the benchmark command: the throwaway database, the in-process ORM,
a live server, timing and the report."""

import contextlib
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import threading
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
ODOO_PATH = pathlib.Path(os.environ.get("ODOO_PATH", "/opt/odoo19"))
ODOO_PYTHON = os.environ.get("ODOO_PYTHON", sys.executable)
ADDONS = ("biroumum_booking", "library_membership", "epesanruangan")
LOG_DIR_BENCH = pathlib.Path(os.environ.get("BENCH_DIR", "/tmp/bench"))
ADDONS_PATH = f"{ODOO_PATH / 'odoo' / 'addons'},{ODOO_PATH / 'addons'},{REPO}"

sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(ODOO_PATH))


def odoo_bin(*args, **kwargs):
    cmd = [ODOO_PYTHON, str(ODOO_PATH / "odoo-bin"), f"--addons-path={ADDONS_PATH}", *args]
    return subprocess.run(cmd, check=True, **kwargs)


def create_database(db, data_dir):
    """A new database with the three addons, no demo data (the bench makes its own)."""
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
    odoo_bin(
        "-d",
        db,
        f"--data-dir={data_dir}",
        "-i",
        ",".join(ADDONS),
        "--stop-after-init",
        "--max-cron-threads=0",
        "--log-level=warn",
    )


def drop_database(db):
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)


@contextlib.contextmanager
def orm(db, data_dir):
    """An Odoo environment in this process (superuser), committed on success."""
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        [f"--addons-path={ADDONS_PATH}", "-d", db, f"--data-dir={data_dir}", "--log-level=warn"],
        setup_logging=True,
    )
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Jakarta"})
        yield env
        cr.commit()


def timed(func, repeat, warmup=2, before=None):
    """Median and p95 in milliseconds of `repeat` calls (after `warmup` calls)."""
    for _ in range(warmup):
        if before:
            before()
        func()
    samples = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return summarize(samples)


def summarize(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"median": statistics.median(samples), "p95": p95, "n": len(samples)}


def concurrent(func, clients, per_client):
    """Run func(client_index, i) from `clients` threads, `per_client` times each; returns
    (latency summary in ms, throughput per second, list of errors)."""
    samples, errors = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def worker(index):
        barrier.wait()
        for i in range(per_client):
            start = time.perf_counter()
            try:
                func(index, i)
            except Exception as error:
                with lock:
                    errors.append(repr(error))
                continue
            with lock:
                samples.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    summary = summarize(samples) if samples else {"median": 0, "p95": 0, "n": 0}
    return summary, len(samples) / elapsed if elapsed else 0.0, errors


def _reference_work():
    """A fixed piece of plain Python (dicts, strings, sorting: what the ORM does most)."""
    counts = {}
    for i in range(200_000):
        key = f"k{i % 997}"
        counts[key] = counts.get(key, 0) + i
    return sorted(counts.items(), key=lambda item: item[1])[0]


def reference_speed_ms():
    """Milliseconds one core takes for `_reference_work` (best of 5; lower is faster).

    The targets are for "2 cores", but cores differ: the same approval costs twice the CPU
    on one 2-core machine that it costs on another. This figure, printed with every run,
    tells how fast the machine's cores were, so that runs on different machines can be
    compared (divide the CPU-bound figures by the ratio of the two reference times)."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        _reference_work()
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine():
    """The machine the run is on, measured at the start of the run (before any load) and
    kept in the run's JSON, so that a report written again elsewhere still names it."""
    import psutil

    pg = subprocess.run(
        ["psql", "-X", "-d", "postgres", "-Atc", "show server_version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    import odoo.release

    return {
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": _cpu_model(),
        "speed_ms": reference_speed_ms(),
        "python": platform.python_version(),
        "odoo": odoo.release.version,
        "postgresql": pg,
    }
