#!/usr/bin/env bash
# Measures what a screen costs while nobody touches it, in a real terminal
# (tmux) under `script`, which records every byte the screen writes.
#
#   scripts/measure-idle.sh console   # 200 open tickets, 30 s: CPU share
#   scripts/measure-idle.sh wall      # 500 open tickets, 60 s: CPU, RSS, bytes/s
#   scripts/measure-idle.sh soak      # wall over a simulated week (FAULTLINE_SPEED): RSS growth
#
# Budgets (issues 3 and 4): console idle < 1 % of a core; wall < 0.5 % of a
# core, < 40 MB resident, < 2 KB/s to the terminal in steady state.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-console}
command -v tmux >/dev/null || { echo "needs tmux"; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/faultline
work=$(mktemp -d)
pid=
# `script` outlives tmux's SIGHUP: stop the measured process ourselves.
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  tmux -L measure kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export FAULTLINE_CONFIG=$work/config FAULTLINE_DB=$work/desk.db LANG=C.UTF-8

case $what in
  console) extra=183; seconds=30; cmd="console" ;;   # the demo's 17 open + 183 = 200
  wall)    extra=483; seconds=${SECONDS_OVERRIDE:-60}; cmd="wall --quiet" ;;
  soak)    extra=483; seconds=${SECONDS_OVERRIDE:-60}; cmd="wall --quiet" ;;
  *) echo "usage: $0 console|wall|soak"; exit 2 ;;
esac
extra=${EXTRA:-$extra}
"$bin" demo --seed-only --extra-tickets "$extra" >/dev/null
open=$("$bin" sla --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' || true)
speed=1; [ "$what" = soak ] && speed=10080   # one week per minute
tmux -L measure -u -f /dev/null new-session -d -s m -x ${COLS:-240} -y ${ROWS:-67} \
  "FAULTLINE_SPEED=$speed script -q -f -c '$bin --lang zh $cmd' $work/tty.log"
sleep 5   # start-up and first frames are not steady state
# The pane runs `script`; faultline is its child.
pane=$(tmux -L measure display-message -p -t m '#{pane_pid}')
pid=$(pgrep -P "$pane" -f "^$bin --lang zh $cmd" | head -1)
[ -n "$pid" ] || { echo "faultline did not start"; tmux -L measure capture-pane -p -t m; exit 1; }
# On-CPU time in ns from the scheduler, summed over all threads: exact,
# unlike utime/stime, which are sampled at the 100 Hz tick and misjudge a
# process that wakes for a millisecond at a time.
ticks() { cat /proc/"$pid"/task/*/schedstat | awk '{s += $1} END {printf "%.0f", s}'; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
hz=1000000000
t0=$(ticks); b0=$(stat -c %s "$work/tty.log"); r0=$(rss_kb); s0=$(date +%s.%N)
sleep "$seconds"
t1=$(ticks); b1=$(stat -c %s "$work/tty.log"); r1=$(rss_kb); s1=$(date +%s.%N)
python3 - "$what" "$open" "$hz" "$t0" "$t1" "$b0" "$b1" "$r0" "$r1" "$s0" "$s1" <<'PY'
import sys
what, open_, hz, t0, t1, b0, b1, r0, r1, s0, s1 = sys.argv[1:]
wall = float(s1) - float(s0)
cpu = (int(t1) - int(t0)) / int(hz) / wall * 100
bps = (int(b1) - int(b0)) / wall
print(f"{what}: {open_} open tickets, {wall:.0f} s measured")
print(f"  cpu        {cpu:.2f} % of one core")
print(f"  resident   {int(r1) / 1024:.1f} MB (was {int(r0) / 1024:.1f} MB {'a simulated week' if what == 'soak' else '60 s'} earlier)")
print(f"  terminal   {bps:.0f} bytes/s")
PY
