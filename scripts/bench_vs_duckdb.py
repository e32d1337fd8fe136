"""attend beside DuckDB on the statutory job, measured in the same run.

Run through scripts/bench-vs-duckdb.sh, which builds attend and puts DuckDB in
a throwaway virtual environment. The job, on one academic year of a made-up
register: for every pupil, the possible, present (with approved activities),
authorised and unauthorised sessions, and the first date the pupil reaches
the national penalty-notice threshold (10 sessions of G, N, O or U within the
current and 9 previous school weeks), with the calendar derived from the
register as docs/semantics.md defines it. Both answers are compared pupil by
pupil before any time is printed.
"""

import argparse
import csv
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ATTEND = os.path.join(ROOT, "target", "release", "attend")
GENERATE = os.path.join(ROOT, "target", "release", "examples", "generate_register")
STATUTORY = os.path.join(ROOT, "benches", "policies", "statutory.attend")
SEED_POLICY = os.path.join(ROOT, "policies", "stanborough.attend")
THRESHOLD_RULE = "national penalty-notice threshold"

# Categories whose sessions are possible sessions; `present` in a summary is
# present plus approved educational activity.
POSSIBLE = ("present", "approved", "authorised", "unauthorised")

SQL = """
CREATE TABLE codes AS SELECT * FROM read_csv('{codes}', header = true,
    columns = {{'code': 'VARCHAR', 'category': 'VARCHAR', 'threshold': 'BOOLEAN'}});
CREATE TABLE marks AS
    SELECT r.pupil, r.date, r.session, c.category, c.threshold
    FROM read_csv('{register}', header = true, columns = {{
        'pupil': 'VARCHAR', 'date': 'DATE', 'session': 'VARCHAR',
        'mark': 'VARCHAR', 'minutes_late': 'INTEGER'}}) AS r
    JOIN codes AS c ON c.code = r.mark;
COPY (
    WITH possible AS (
        SELECT * FROM marks
        WHERE category IN ('present', 'approved', 'authorised', 'unauthorised')
    ),
    -- A school week is a Monday-to-Sunday week with a school day in it.
    school_weeks AS (
        SELECT date, dense_rank() OVER (ORDER BY date_trunc('week', date)) AS week
        FROM (SELECT DISTINCT date FROM possible)
    ),
    counts AS (
        SELECT pupil,
            count(*) AS possible,
            count(*) FILTER (WHERE category IN ('present', 'approved')) AS present,
            count(*) FILTER (WHERE category = 'authorised') AS authorised,
            count(*) FILTER (WHERE category = 'unauthorised') AS unauthorised
        FROM possible GROUP BY pupil
    ),
    threshold_days AS (
        SELECT pupil, date, week, count(*) AS sessions
        FROM possible JOIN school_weeks USING (date)
        WHERE threshold GROUP BY pupil, date, week
    ),
    -- Sessions in the window ending on a day: all of the pupil's up to the
    -- day, less those in weeks before the window's first.
    windows AS (
        SELECT pupil, date,
            sum(sessions) OVER (PARTITION BY pupil ORDER BY date ROWS UNBOUNDED PRECEDING)
            - coalesce(sum(sessions) OVER (PARTITION BY pupil ORDER BY week
                RANGE BETWEEN UNBOUNDED PRECEDING AND 10 PRECEDING), 0) AS in_window
        FROM threshold_days
    ),
    reached AS (
        SELECT pupil, min(date) AS first_threshold FROM windows WHERE in_window >= 10 GROUP BY pupil
    )
    SELECT pupil, possible, present, authorised, unauthorised, first_threshold
    FROM counts LEFT JOIN reached USING (pupil) ORDER BY pupil
) TO '{out}' (HEADER, DELIMITER ',');
"""


def run_measured(command, stdout=None, allowed=(0,)):
    """Runs a command; returns wall seconds and its peak resident memory in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in allowed:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def duckdb_job(register, codes, out):
    import duckdb

    duckdb.connect().execute(SQL.format(register=register, codes=codes, out=out))


def write_codes(path):
    """The code table of the benchmark policy's rule set, as DuckDB reads it."""
    rules = json.loads(subprocess.run([ATTEND, "compile", STATUTORY], check=True,
                                      capture_output=True).stdout)
    threshold = next(r for r in rules["rules"] if r["name"] == THRESHOLD_RULE)
    threshold_codes = set(threshold["when"]["compare"]["measure"]["sessions"])
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["code", "category", "threshold"])
        for code in rules["codes"]:
            out.writerow([code["code"], code["category"], code["code"] in threshold_codes])
    return sorted(threshold_codes)


def write_policies(folder, count):
    """`count` school policies made from the seed policies, each school renamed,
    with the trust files they extend."""
    seeds = sorted(os.path.join(ROOT, "policies", f) for f in os.listdir(os.path.join(ROOT, "policies"))
                   if f.endswith(".attend"))
    os.makedirs(os.path.join(folder, "trusts"))
    for f in os.listdir(os.path.join(ROOT, "policies", "trusts")):
        with open(os.path.join(ROOT, "policies", "trusts", f), "rb") as src, \
                open(os.path.join(folder, "trusts", f), "wb") as dst:
            dst.write(src.read())
    for i in range(count):
        seed = seeds[i % len(seeds)]
        text = open(seed, encoding="utf-8").read()
        renamed = re.sub(r'^school "([^"]*)"', lambda m: f'school "{m.group(1)} {i}"', text, flags=re.M)
        name = os.path.basename(seed).replace(".attend", f"-{i}.attend")
        with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
            out.write(renamed)
    return count


def read_attend(path):
    """Per pupil: counts from the summary table, first threshold date from the events."""
    text = open(path, encoding="utf-8").read()
    events_part, _, summary_part = text.partition("\npupil,year,")
    result = {}
    for row in csv.DictReader(io.StringIO("pupil,year," + summary_part)):
        result[row["pupil"]] = [int(row[k]) for k in ("possible", "present", "authorised", "unauthorised")] + [""]
    for row in csv.DictReader(io.StringIO(events_part)):
        if row["rule"] == THRESHOLD_RULE and result[row["pupil"]][4] == "":
            result[row["pupil"]][4] = row["date"]
    return result


def read_duckdb(path):
    result = {}
    for row in csv.DictReader(open(path, encoding="utf-8")):
        counts = [int(row[k]) for k in ("possible", "present", "authorised", "unauthorised")]
        result[row["pupil"]] = counts + [row["first_threshold"]]
    return result


def compare(attend, duck):
    if attend == duck:
        reached = sum(1 for v in attend.values() if v[4])
        print(f"agreement: all {len(attend)} pupils' counts and first threshold dates agree"
              f" ({reached} pupils reach the threshold)")
        return
    differ = [p for p in sorted(set(attend) | set(duck)) if attend.get(p) != duck.get(p)]
    for pupil in differ[:5]:
        print(f"  {pupil}: attend {attend.get(pupil)}, DuckDB {duck.get(pupil)}", file=sys.stderr)
    sys.exit(f"attend and DuckDB disagree on {len(differ)} pupils; no time is printed")


def median_run(command, repeats, allowed=(0,)):
    walls, memories = [], []
    for _ in range(repeats):
        with open(os.devnull, "wb") as out:
            wall, memory = run_measured(command, stdout=out, allowed=allowed)
        walls.append(wall)
        memories.append(memory)
    return statistics.median(walls), max(memories)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pupils", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="also attend alone over 100 million marks")
    parser.add_argument("--duckdb-job", nargs=3, metavar=("REGISTER", "CODES", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.duckdb_job:
        duckdb_job(*args.duckdb_job)
        return

    import duckdb

    with tempfile.TemporaryDirectory(prefix="attend-bench-") as work:
        register = os.path.join(work, "register.csv")
        with open(register, "wb") as f:
            subprocess.run([GENERATE, str(args.pupils), "2024", "2026"], stdout=f, check=True)
        marks = sum(1 for _ in open(register, "rb")) - 1
        size = os.path.getsize(register)
        codes = os.path.join(work, "codes.csv")
        threshold_codes = write_codes(codes)
        print(f"register: {args.pupils} made-up pupils, one academic year (2024-25), {marks:,} marks,"
              f" {size / 1e6:.0f} MB long CSV")
        print(f"threshold codes: {', '.join(threshold_codes)}; machine: {os.cpu_count()} cores;"
              f" DuckDB {duckdb.__version__}; medians of {args.repeats} paired runs")

        attend_out = os.path.join(work, "attend.csv")
        duck_out = os.path.join(work, "duckdb.csv")
        attend_cmd = [ATTEND, "run", STATUTORY, "--register", register, "--summary", "--format", "csv", "--quiet"]
        duck_cmd = [sys.executable, os.path.abspath(__file__), "--duckdb-job", register, codes, duck_out]
        run_measured(attend_cmd, stdout=open(attend_out, "wb"))
        run_measured(duck_cmd)
        compare(read_attend(attend_out), read_duckdb(duck_out))

        attend_walls, duck_walls, attend_mem, duck_mem = [], [], 0.0, 0.0
        for _ in range(args.repeats):  # paired: each attend run beside a DuckDB run
            wall, memory = run_measured(attend_cmd)
            attend_walls.append(wall)
            attend_mem = max(attend_mem, memory)
            wall, memory = run_measured(duck_cmd)
            duck_walls.append(wall)
            duck_mem = max(duck_mem, memory)
        bare, _ = median_run(["cat", register], args.repeats)
        a, d = statistics.median(attend_walls), statistics.median(duck_walls)
        print()
        print("| job | system | wall | marks/s | peak memory |")
        print("|---|---|---|---|---|")
        print(f"| statutory | attend | {a:.2f} s | {marks / a / 1e6:.1f} M | {attend_mem:.0f} MiB |")
        print(f"| statutory | DuckDB | {d:.2f} s | {marks / d / 1e6:.1f} M | {duck_mem:.0f} MiB |")
        seed_cmd = [ATTEND, "run", SEED_POLICY, "--register", register, "--summary", "--format", "csv", "--quiet"]
        s, seed_mem = median_run(seed_cmd, args.repeats)
        print(f"| whole seed policy (stanborough) | attend | {s:.2f} s | {marks / s / 1e6:.1f} M | {seed_mem:.0f} MiB |")
        print(f"| bare read (`cat`) | | {bare:.2f} s | {marks / bare / 1e6:.1f} M | |")
        policies = write_policies(os.path.join(work, "policies"), 1000)
        c, check_mem = median_run([ATTEND, "check", os.path.join(work, "policies"), "--format", "json"],
                                  args.repeats, allowed=(0, 1))  # some seeds break the law in force
        print(f"| check {policies} policies | attend | {c:.2f} s | | {check_mem:.0f} MiB |")
        print()
        print(f"attend is {d / a:.1f} times as fast as DuckDB on the statutory job"
              f" and uses {duck_mem / attend_mem:.1f} times less memory")

        if args.large:
            os.remove(register)
            large = os.path.join(work, "large.csv")
            pupils = -(-100_000_000 // (marks // args.pupils * 2))
            with open(large, "wb") as f:
                subprocess.run([GENERATE, str(pupils), "2023-2024", "2026"], stdout=f, check=True)
            large_marks = sum(1 for _ in open(large, "rb")) - 1
            for name, policy in (("statutory", STATUTORY), ("whole seed policy", SEED_POLICY)):
                cmd = [ATTEND, "run", policy, "--register", large, "--summary", "--format", "csv", "--quiet"]
                wall, memory = run_measured(cmd)
                print(f"| {name}, {large_marks / 1e6:.0f} M marks | attend | {wall:.1f} s"
                      f" | {large_marks / wall / 1e6:.1f} M | {memory:.0f} MiB |")


if __name__ == "__main__":
    main()
