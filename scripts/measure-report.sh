#!/usr/bin/env bash
# The report budget (issue 13): `faultline report` over one year of history.
# Builds a desk of 200,000 closed tickets spread over 2025-01 … 2026-11 (about
# 100,000 in the year reported) and 1,000 open ones with the project's own
# store code (examples/make-history), then times three runs of the report.
# REPORT_DB=FILE reuses a desk built before.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin faultline --example make-history
db="${REPORT_DB:-$(mktemp -d)/report.db}"
if [ ! -s "$db" ]; then
  ./target/release/examples/make-history "$db" 200000 1000 >/dev/null
fi
export FAULTLINE_DB="$db" FAULTLINE_NOW="2026-11-27 14:05" FAULTLINE_CONFIG="$(mktemp -d)"
tickets=$(./target/release/faultline report --from 2025-11-20 --to 2026-11-19 --json \
  | python3 -c 'import json,sys; print([g for g in json.load(sys.stdin)["groups"] if g["group"]=="all"][0]["tickets"])')
for i in 1 2 3; do
  start=$(date +%s.%N)
  ./target/release/faultline report --from 2025-11-20 --to 2026-11-19 --by level >/dev/null
  end=$(date +%s.%N)
  python3 -c "print(f'report over one year ($tickets tickets): {($end-$start):.2f} s')"
done
