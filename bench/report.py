"""The printed table and BENCHMARKS.md."""

import datetime
import json
import pathlib
import sys
import types

import common

FINDINGS = pathlib.Path(__file__).resolve().parent / "FINDINGS.md"


def _ms(value):
    return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def format_row(row):
    target = f"<= {row['target']:,} ms" if row["target"] is not None else ""
    client = ""
    if row.get("client"):
        client = f" | client p95 {_ms(row['client']['p95'])} ms"
    return (
        f"{row['status']:>4} | {row['section']:<32} | {row['name']:<58} | "
        f"median {_ms(row['median']):>8} ms | p95 {_ms(row['p95']):>8} ms | n={row['n']:<4} | "
        f"{target}{client} | {row['extra']}"
    )


def table(bench):
    lines = ["", "=" * 40 + " results " + "=" * 40]
    lines += [format_row(row) for row in bench.rows]
    for ratio in bench.ratios:
        small, large = ratio["small"], ratio["large"]
        lines.append(
            f"{ratio['status']:>4} | growth 10% -> 100%: {ratio['name']:<52} | median "
            f"{_ms(small['median'])} -> {_ms(large['median'])} ms = x{ratio['ratio']:.2f} "
            f"(<= 1.5); p95 {_ms(small['p95'])} -> {_ms(large['p95'])} ms"
        )
    if bench.race:
        race = bench.race
        status = "ok" if race["held"] == 1 and race["accepted"] <= 1 else "FAIL"
        lines.append(
            f"{status:>4} | 50-way race on {race['servers']} servers: {race['accepted']} accepted, "
            f"{race['held']} holding the slot"
        )
    payments = getattr(bench, "payments", None)
    if payments:
        lines.append(
            f"{_payments_status(payments):>4} | online payment: {_payments_text(payments)}"
        )
    for label, error in bench.crashes:
        lines.append(f"CRASH | {label}: {error}")
    return "\n".join(lines)


def write(bench, output, command):
    # measured when the run started (older JSON files have none: this machine, now)
    info = getattr(bench, "machine", None) or common.machine()
    # the run's own date: a report written again from its JSON keeps it
    if not getattr(bench, "date", None):
        bench.date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    now = bench.date
    scale = bench.scale
    out = [
        "# Benchmarks",
        "",
        f"Command: `{command}` (the small scale, about 1/100, runs in CI: "
        "`python3 bench/run.py --scale small`).",
        "",
        f"- Date: {now}",
        f"- Machine: {info['cores']} cores ({info['cpu']}), {info['memory_gib']} GiB memory "
        "(shared with other work while it ran)",
        f"- Core speed: {_speed(info)} (the reference piece of Python in `bench/common.py`, "
        "best of 5; lower is faster). CPU-bound figures scale with it: compare runs on "
        "different machines through it.",
        f"- Odoo {info['odoo']}, PostgreSQL {info['postgresql']}, Python {info['python']}",
        f"- Scale `{bench.scale_name}`: {scale['facilities']} facilities and "
        f"{scale['bookings']:,} Biro Umum bookings over three years; {scale['rooms']} Balaikota "
        f"rooms with {scale['room_bookings']:,} bookings and {scale['equipment']} equipment "
        f"items; {scale['members']:,} library members with {scale['complaints']:,} complaints.",
        "",
        "Times are server-side (in-process for the availability, NIK and bump figures; from the "
        "Odoo log, query time + the rest, for HTTP requests) unless marked *client time*; the "
        "client-side p95 (which includes the wait for a free worker) is shown too. Pages and "
        "writes ran with 20 concurrent clients against one server with 4 workers.",
        "",
        "## Results",
        "",
        "| | Figure | Median (ms) | p95 (ms) | Target p95 | n | Client p95 (ms) | Notes |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    section = None
    for row in bench.rows:
        if row["section"] != section:
            section = row["section"]
            out.append(f"| | **{section}** | | | | | | |")
        target = f"{row['target']:,}" if row["target"] is not None else ""
        client = _ms(row["client"]["p95"]) if row.get("client") else ""
        status = {"ok": "ok", "MISS": "**MISS**", "ERROR": "**ERROR**"}.get(row["status"], "")
        out.append(
            f"| {status} | {row['name']} | {_ms(row['median'])} | {_ms(row['p95'])} | {target} | "
            f"{row['n']} | {client} | {row['extra']} |"
        )
    out += [
        "",
        "### Growth of the availability queries (10% of the bookings vs all of them)",
        "",
        "Judged on the median (the p95 of sub-millisecond queries is mostly noise). Under a "
        "shared machine's load, sub-millisecond medians still move by 1.5x from noise alone: "
        "the load-independent check is the `Buffers:` line of the EXPLAINs below, taken at "
        "both sizes (the same pages read at both means that the history is not scanned).",
        "",
        "| | Query | Median at 10% | Median at 100% | Ratio (target <= 1.5) | p95 at 10% | "
        "p95 at 100% |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for ratio in bench.ratios:
        status = "ok" if ratio["status"] == "ok" else "**MISS**"
        small, large = ratio["small"], ratio["large"]
        out.append(
            f"| {status} | {ratio['name']} | {_ms(small['median'])} | {_ms(large['median'])} | "
            f"x{ratio['ratio']:.2f} | {_ms(small['p95'])} | {_ms(large['p95'])} |"
        )
    out += ["", "### The 50-way race on two Odoo servers", ""]
    if bench.race:
        race = bench.race
        out.append(
            f"{race['clients']} clients, split over {race['servers']} Odoo servers (each with 4 "
            f"workers, one database, one data dir), submitted the same facility and period at "
            f"the same moment: {race['accepted']} submission accepted, {race['held']} booking "
            f"holds the slot, {race['rows']} row(s) for that period in all, "
            f"{race['errors']} client errors. "
            + ("PASS." if race["held"] == 1 and race["accepted"] <= 1 else "**FAIL.**")
        )
    else:
        out.append("Not run (an earlier step crashed).")
    payments = getattr(bench, "payments", None)
    if payments:
        status = "PASS." if _payments_status(payments) == "ok" else "**FAIL.**"
        out += ["", "### Online payment: one payment per invoice", ""]
        out.append(f"{_payments_text(payments)}. {status}")
    if bench.crashes:
        out += ["", "### Crashed measurements", ""]
        out += [f"- {label}: `{error}`" for label, error in bench.crashes]
    out += ["", "### Run log", ""] + [f"- {note}" for note in bench.notes]
    if FINDINGS.exists():
        out += ["", FINDINGS.read_text().strip()]
    out += ["", "## EXPLAIN (ANALYZE) of the availability queries", ""]
    for title, text in bench.explains:
        out += [f"### {title}", "", "```", text, "```", ""]
    output.write_text("\n".join(out).rstrip() + "\n")


FIELDS = (
    "scale_name",
    "scale",
    "rows",
    "ratios",
    "explains",
    "notes",
    "crashes",
    "race",
    "payments",
    "date",
    "machine",
)


def _payments_status(payments):
    ok = not payments["double"] and payments["paid"] == payments["invoices"]
    return "ok" if ok else "FAIL"


def _payments_text(payments):
    return (
        f"{payments['bookings']} bookings approved and paid through Xendit's signed webhook by "
        f"{payments['clients']} clients ({payments['replayed']} webhooks replayed after the "
        f"answer, {payments['concurrent']} sent twice at once): {payments['paid']} of "
        f"{payments['invoices']} invoices paid, {payments['double']} paid twice, "
        f"{payments['retries']} requests retried by Odoo after a serialization failure"
    )


def _speed(info):
    return f"{info['speed_ms']:,.0f} ms" if info.get("speed_ms") else "not measured in this run"


def dump(bench, path):
    """The raw figures, so that the report can be written again (`report.py FILE.json`)."""
    path.write_text(json.dumps({name: getattr(bench, name, None) for name in FIELDS}, indent=1))


if __name__ == "__main__":
    # python3 bench/report.py BENCHMARKS.json [BENCHMARKS.md]: rewrite the report
    source = pathlib.Path(sys.argv[1])
    data = types.SimpleNamespace(**json.loads(source.read_text()))
    target = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else source.with_suffix(".md")
    write(data, target, f"python3 bench/run.py --scale {data.scale_name}")
