#!/usr/bin/env python3
"""Benchmarks: the same work through burden and through a peer, in one run.

A benchmark NAME is tests/bench/NAME.lua (run by burden) plus one peer,
tests/bench/NAME.peer.py (run by /usr/bin/python3), NAME.peer.R (Rscript) or
NAME.peer.sh. Optional tests/bench/NAME.needs lists files that must exist
(a missing one prints SKIP). Optional NAME.setup.sh runs once before both.
Each side may print a line "seconds: X" with the time of its own work (so that
interpreter start-up and imports are excluded); otherwise the wall time of the
whole process counts. Peak memory (max RSS of the process) comes from wait4.

Each side runs REPS times (env BENCH_REPS, default 5), alternating; the table
shows medians and the ratio peer/burden (above 1: burden is faster).

    BURDEN=build/burden python3 tests/bench/run.py [NAME ...]
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BURDEN = os.path.abspath(os.environ.get("BURDEN", os.path.join(ROOT, "build", "burden")))
REPS = int(os.environ.get("BENCH_REPS", "5"))
PEER_RUNNERS = {".peer.py": ["/usr/bin/python3"], ".peer.R": ["Rscript", "--vanilla"],
                ".peer.sh": ["sh"]}
SECONDS_RE = re.compile(r"^seconds:\s*([0-9.eE+-]+)\s*$", re.M)


def run_once(argv):
    """Runs argv from the repository root; returns (seconds, peak_kib, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError("%s exited %d:\n%s" % (" ".join(argv), code, err.decode(errors="replace")))
    text = out.decode(errors="replace")
    m = SECONDS_RE.search(text)
    return (float(m.group(1)) if m else wall), usage.ru_maxrss, text


def find_benchmarks(names):
    found = []
    for entry in sorted(os.listdir(HERE)):
        if not entry.endswith(".lua"):
            continue
        name = entry[:-4]
        if names and name not in names:
            continue
        peer = next((suffix for suffix in PEER_RUNNERS
                     if os.path.exists(os.path.join(HERE, name + suffix))), None)
        found.append((name, peer))
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


def main():
    benches = find_benchmarks(set(sys.argv[1:]))
    print("%-28s %12s %12s %9s %12s %12s" % ("benchmark", "burden (s)", "peer (s)", "ratio",
                                            "burden KiB", "peer KiB"))
    ran = failed = skipped = 0
    for name, peer in benches:
        if peer is None:
            print("%-28s SKIP: no peer (NAME.peer.py, .peer.R or .peer.sh)" % name)
            skipped += 1
            continue
        missing = missing_needs(name)
        if missing:
            print("%-28s SKIP: missing %s" % (name, missing))
            skipped += 1
            continue
        setup = os.path.join(HERE, name + ".setup.sh")
        if os.path.exists(setup):
            subprocess.run(["sh", setup], cwd=ROOT, check=True)
        ours = [BURDEN, os.path.join(HERE, name + ".lua")]
        theirs = PEER_RUNNERS[peer] + [os.path.join(HERE, name + peer)]
        try:
            a, b = [], []
            for _ in range(REPS):
                a.append(run_once(ours))
                b.append(run_once(theirs))
        except RuntimeError as e:
            print("%-28s FAILED: %s" % (name, e))
            failed += 1
            continue
        ta = statistics.median(x[0] for x in a)
        tb = statistics.median(x[0] for x in b)
        ma = max(x[1] for x in a)
        mb = max(x[1] for x in b)
        print("%-28s %12.4f %12.4f %8.2fx %12d %12d" % (name, ta, tb, tb / ta if ta > 0 else
                                                      float("inf"), ma, mb))
        ran += 1
    print("bench: %d passed, %d failed, %d skipped" % (ran, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
