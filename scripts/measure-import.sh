#!/usr/bin/env bash
# The import budget (issue 13): 10,000 rows in under a second. Imports
# 10,000 sites (every row checked, one write transaction) into a fresh desk,
# three times, and prints each time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin faultline
dir=$(mktemp -d)
python3 - "$dir/sites.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("name,distance_km,city,in_province,contract,customer,pm\n")
    for i in range(10_000):
        f.write(f"数据中心{i:05d},{(i * 37) % 2000 + 1},,{'是' if i % 2 else '否'},,客户{i % 300},\n")
PY
for i in 1 2 3; do
  export FAULTLINE_DB="$dir/desk$i.db" FAULTLINE_CONFIG="$dir"
  ./target/release/faultline init >/dev/null
  start=$(date +%s.%N)
  n=$(./target/release/faultline import sites "$dir/sites.csv")
  end=$(date +%s.%N)
  python3 -c "print(f'import {$n} sites: {($end-$start)*1000:.0f} ms')"
done
