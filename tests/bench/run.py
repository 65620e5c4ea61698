#!/usr/bin/env python3
"""Benchmarks: the same work through burden and through its peers, side by side.

A benchmark NAME is tests/bench/NAME.lua (run by burden) plus one or more peers,
tests/bench/NAME.peer[-LABEL].py (run by /usr/bin/python3), .R (Rscript) or .sh.
Optional tests/bench/NAME.needs lists files that must exist (a missing one prints
SKIP). Optional NAME.setup.sh runs once before both.

Each side may print "seconds: X" (wall time of its own work, so interpreter start-up
and imports are excluded) and "cpu: X" (CPU time of that work, every thread); without
them the whole process counts. A peer may print "peer: TEXT" to describe itself.
Every process runs under tests/bench/lib/measure.c, which reports its wall and CPU
time and its own peak RSS (wait4 on that child alone: a child of this harness would
inherit the harness's peak RSS across fork and exec).

burden runs twice: with its default threads, and pinned to one core (taskset -c 0;
its threads then share that core). Peers run in their best ordinary configuration:
numpy on whatever BLAS is installed (printed in the header; OpenBLAS when Debian's
libopenblas0 is installed), with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset in the
peer's environment only. Each process runs REPS times (env BENCH_REPS, default 5;
start-up 20), alternating; the table shows medians, ratios are peer / burden
(above 1: burden is faster).

    BURDEN=build/burden python3 tests/bench/run.py [NAME ...]
"""
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BURDEN = os.path.abspath(os.environ.get("BURDEN", os.path.join(ROOT, "build", "burden")))
REPS = int(os.environ.get("BENCH_REPS", "5"))
MEASURE_SRC = os.path.join(HERE, "lib", "measure.c")
MEASURE = os.path.join(ROOT, "build", "bench", "measure")
PEER_RUNNERS = {".py": ["/usr/bin/python3"], ".R": ["Rscript", "--vanilla"], ".sh": ["sh"]}
PEER_RE = re.compile(r"^(?P<name>[A-Za-z0-9_]+)\.peer(?:-(?P<label>[A-Za-z0-9_]+))?(?P<ext>\.py|\.R|\.sh)$")
SECONDS_RE = re.compile(r"^seconds:\s*([0-9.eE+-]+)\s*$", re.M)
CPU_RE = re.compile(r"^cpu:\s*([0-9.eE+-]+)\s*$", re.M)
PEERDESC_RE = re.compile(r"^peer:\s*(.+?)\s*$", re.M)
MEASURE_RE = re.compile(r"^measure: (\S+) (\S+) (\S+) (\d+)\s*$", re.M)
PEER_ENV = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}


def build_measure():
    if (not os.path.exists(MEASURE) or
            os.path.getmtime(MEASURE) < os.path.getmtime(MEASURE_SRC)):
        os.makedirs(os.path.dirname(MEASURE), exist_ok=True)
        subprocess.run([os.environ.get("CC", "cc"), "-O2", "-o", MEASURE, MEASURE_SRC], check=True)


def run_once(argv, env=None):
    """Runs argv from the repository root; returns a dict of wall, cpu, kib, text."""
    proc = subprocess.run([MEASURE] + argv, cwd=ROOT, capture_output=True, env=env)
    err = proc.stderr.decode(errors="replace")
    m = MEASURE_RE.search(err)
    if proc.returncode != 0 or not m:
        raise RuntimeError("%s exited %d:\n%s" % (" ".join(argv), proc.returncode, err))
    text = proc.stdout.decode(errors="replace")
    wall, user, system, kib = float(m.group(1)), float(m.group(2)), float(m.group(3)), int(m.group(4))
    s, c, d = SECONDS_RE.search(text), CPU_RE.search(text), PEERDESC_RE.search(text)
    return {"wall": float(s.group(1)) if s else wall,
            "cpu": float(c.group(1)) if c else user + system,
            "kib": kib, "desc": d.group(1) if d else None, "text": text}


def find_benchmarks(names):
    entries = sorted(os.listdir(HERE))
    found = []
    for entry in entries:
        if not entry.endswith(".lua"):
            continue
        name = entry[:-4]
        if names and name not in names:
            continue
        peers = []
        for other in entries:
            m = PEER_RE.match(other)
            if m and m.group("name") == name:
                peers.append((m.group("label") or "peer", PEER_RUNNERS[m.group("ext")] +
                              [os.path.join(HERE, other)]))
        found.append((name, peers))
    return found


def missing_needs(name):
    path = os.path.join(HERE, name + ".needs")
    if not os.path.exists(path):
        return None
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#"):
            if line.startswith("python:"):
                module = line.split(":", 1)[1].strip()
                probe = subprocess.run(["/usr/bin/python3", "-c", "import " + module],
                                       capture_output=True)
                if probe.returncode != 0:
                    return "python module " + module
            elif line.startswith("command:"):
                if not shutil.which(line.split(":", 1)[1].strip()):
                    return line
            elif not os.path.exists(os.path.join(ROOT, line)):
                return line
    return None


def header():
    print("date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    print("machine: %s, %d online cores, %s %s" % (cpu, os.cpu_count() or 0, platform.system(),
                                                  platform.release()))
    load = os.getloadavg()
    print("load average at start: %.2f %.2f %.2f (above the core count: the machine is shared "
          "with other jobs, so each figure is the median of several runs)" % load)
    blas_env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    print("environment: %s (unset for the peers only)" %
          (", ".join("%s=%s" % kv for kv in sorted(blas_env.items())) or "no OPENBLAS_* set"))
    probe = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "lib", "blas_info.py")],
                           capture_output=True, env=PEER_ENV, cwd=ROOT)
    print("peer BLAS: %s" % (probe.stdout.decode().strip() if probe.returncode == 0 else
                             "numpy not importable"))
    print("burden: %s, default threads; '1 core' = taskset -c 0" % BURDEN)
    print("reps: %d per process (start-up: %d); medians; ratio = peer / burden, above 1: burden "
          "is faster; memory = peak RSS of that process alone" % (REPS, max(REPS, 20)))
    print()


def row(label, med, kib, ratios=""):
    print("  %-44s %10.4f %10.4f %10.1f %s" % (label, med["wall"], med["cpu"], kib / 1024, ratios))


def main():
    build_measure()
    header()
    benches = find_benchmarks(set(sys.argv[1:]))
    print("  %-44s %10s %10s %10s %s" % ("side", "wall (s)", "CPU (s)", "peak MiB",
                                         "ratio wall vs default | vs 1 core ; CPU"))
    pinned = ["taskset", "-c", "0"] if shutil.which("taskset") else None
    ran = failed = skipped = 0
    for name, peers in benches:
        if not peers:
            print("%s: SKIP: no peer (NAME.peer[-LABEL].py, .R or .sh)" % name)
            skipped += 1
            continue
        missing = missing_needs(name)
        if missing:
            print("%s: SKIP: missing %s" % (name, missing))
            skipped += 1
            continue
        setup = os.path.join(HERE, name + ".setup.sh")
        if os.path.exists(setup):
            subprocess.run(["sh", setup], cwd=ROOT, check=True)
        ours = [BURDEN, os.path.join(HERE, name + ".lua")]
        sides = [("burden, default threads", ours, None)]
        if pinned:
            sides.append(("burden, 1 core", pinned + ours, None))
        sides += [(label, argv, PEER_ENV) for label, argv in peers]
        reps = max(REPS, 20) if name.startswith("startup") else REPS
        try:
            runs = {label: [] for label, _, _ in sides}
            for _ in range(reps):
                for label, argv, env in sides:
                    runs[label].append(run_once(argv, env))
        except RuntimeError as e:
            print("%s: FAILED: %s" % (name, e))
            failed += 1
            continue
        print(name)
        med = {label: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu")}
               for label, rs in runs.items()}
        kib = {label: max(r["kib"] for r in rs) for label, rs in runs.items()}
        base = med["burden, default threads"]
        one = med.get("burden, 1 core")
        for label, _, _ in sides:
            if not label.startswith("burden"):
                break
            row(label, med[label], kib[label])
        for label, _, _ in sides:
            if label.startswith("burden"):
                continue
            m = med[label]
            desc = runs[label][0]["desc"]

            def ratio(a, b):
                return "%.2fx" % (a / b) if b > 0 else "inf"
            r = "%s | %s ; %s" % (ratio(m["wall"], base["wall"]),
                                  ratio(m["wall"], one["wall"]) if one else "-",
                                  ratio(m["cpu"], base["cpu"]))
            row(desc or label, m, kib[label], r)
        ran += 1
    print("load average at end: %.2f %.2f %.2f" % os.getloadavg())
    print("bench: %d passed, %d failed, %d skipped" % (ran, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
