#!/usr/bin/env python3
"""Issue 9's figures on a desk with years of history.

    python3 scripts/measure-history.py [CLOSED] [OPEN]     (default 1000000 10000)
    HISTORY_DB=/tmp/hist.db python3 scripts/measure-history.py   (measure a desk
        made-history built before; the run adds 20 tickets to it)

Builds the desk with `examples/make-history` (through the store's own code),
then measures: `sla --json` (5 runs), `sla --all --json` (time, peak memory),
console and wall first frame and first frame with data (tmux, 240x67), wall
resident memory, and a CLI write visible on the wall (median of 20).
Needs tmux and /usr/bin/time. Prints one line per figure.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/faultline")
GEN = os.path.join(ROOT, "target/release/examples/make-history")
closed = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
open_ = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000

subprocess.run(["cargo", "build", "--release", "--examples", "--bins"], cwd=ROOT, check=True)
tmp = tempfile.mkdtemp(prefix="faultline-history-")
db = os.environ.get("HISTORY_DB") or os.path.join(tmp, "hist.db")
os.makedirs(os.path.join(tmp, "config"))
env = dict(os.environ, FAULTLINE_DB=db, FAULTLINE_NOW="2026-11-27 14:05",
           FAULTLINE_CONFIG=os.path.join(tmp, "config"), FAULTLINE_USER="测量",
           FAULTLINE_LOG="info,faultline::tui::data=debug,faultline::tui::stats=debug")
sock = "measure-history"


def timed(args):
    """(seconds, peak KB) of one run, output discarded."""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M", BIN, *args], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    secs, kb = r.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kb)


def tmux(*args):
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True).stdout


def screen():
    return tmux("capture-pane", "-t", "t", "-p")


def start(args):
    tmux("kill-server")
    # A server still shutting down refuses the next session: wait it out.
    while subprocess.run(["tmux", "-L", sock, "has-session"], capture_output=True).returncode == 0:
        time.sleep(0.05)
    time.sleep(0.2)
    line = " ".join(f"{k}='{v}'" for k, v in env.items() if k.startswith("FAULTLINE"))
    tmux("new-session", "-d", "-s", "t", "-x", "240", "-y", "67", f"{line} exec '{BIN}' --lang zh {args}")
    return time.monotonic()


def wait(text, since, limit=30.0):
    while time.monotonic() - since < limit:
        if text in screen():
            return time.monotonic() - since
        time.sleep(0.005)
    raise SystemExit(f"{text!r} did not appear in {limit}s:\n{screen()}")


def rss_kb():
    pid = tmux("display-message", "-p", "-t", "t", "#{pane_pid}").strip()
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


try:
    if not os.environ.get("HISTORY_DB"):
        t = time.monotonic()
        subprocess.run([GEN, db, str(closed), str(open_)], env=env, check=True, stdout=subprocess.DEVNULL)
        size = os.path.getsize(db) / 1e6
        print(f"make-history: {closed} closed + {open_} open in {time.monotonic() - t:.1f} s ({size:.0f} MB)")

    runs = [timed(["sla", "--json"]) for _ in range(5)]
    s = sorted(r[0] for r in runs)
    print(f"sla --json: min {s[0]*1000:.0f} / median {statistics.median(s)*1000:.0f} / max {s[-1]*1000:.0f} ms, peak {max(r[1] for r in runs)/1024:.0f} MB")

    secs, kb = timed(["sla", "--all", "--json"])
    print(f"sla --all --json: {secs:.1f} s, peak {kb/1024:.0f} MB (streamed)")

    for name, args, data_text in [("console", "", "一级故障"), ("wall", "wall --quiet", "工程师")]:
        firsts, datas = [], []
        for _ in range(3):
            t0 = start(args)
            firsts.append(wait("faultline", t0))
            datas.append(wait(data_text, t0))
        print(f"{name} first frame: {statistics.median(firsts)*1000:.0f} ms (max {max(firsts)*1000:.0f}); "
              f"with data: {statistics.median(datas)*1000:.0f} ms (max {max(datas)*1000:.0f})")
    time.sleep(3)
    print(f"wall resident memory: {rss_kb()/1024:.1f} MB")

    # Level 4 is never raised automatically, so its count moves only by
    # our writes (level 1's moves by itself as deadlines pass on a busy desk).
    def level_four():
        m = re.search(r"四级 (\d+)", screen())
        return int(m.group(1)) if m else -1

    lat = []
    for i in range(20):
        before = level_four()
        subprocess.run([BIN, "ticket", "open", "--site", "苏州数据中心", "--level", "4",
                        "--title", f"延迟测量{i}"], env=env, capture_output=True, check=True)
        t0 = time.monotonic()
        while level_four() != before + 1:
            if time.monotonic() - t0 > 5:
                raise SystemExit(f"write {i} not on the wall in 5 s:\n{screen()}")
            time.sleep(0.005)
        lat.append(time.monotonic() - t0)
        time.sleep(0.3)
    print(f"CLI write visible on the wall: median {statistics.median(lat)*1000:.0f} ms, max {max(lat)*1000:.0f} ms (20 writes)")

    # The wall logs each recompute of its views (a deadline passed, or a
    # minute went by): 65 s of them, from its own log file.
    log = os.path.join(os.path.dirname(db), "faultline.log")
    open(log, "w").close()
    time.sleep(65)
    micros = [int(m) for m in re.findall(r"micros=(\d+)", open(log).read())]
    if micros:
        print(f"wall recompute of its views: median {statistics.median(micros)/1000:.1f} ms, max {max(micros)/1000:.1f} ms ({len(micros)} in 65 s)")
    else:
        print("wall recompute: none in 65 s")
finally:
    tmux("kill-server")
    shutil.rmtree(tmp, ignore_errors=True)
