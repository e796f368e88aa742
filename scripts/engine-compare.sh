#!/usr/bin/env bash
# Two builds of the engine benchmark, run alternately: on a shared VM whose
# speed drifts between minutes, only runs interleaved in the same minutes
# compare two builds. Each round is the minimum of 200 passes.
#
#   cp target/release/examples/engine-min /tmp/engine-before   # then change, rebuild
#   scripts/engine-compare.sh /tmp/engine-before target/release/examples/engine-min [ROUNDS]
set -euo pipefail
a=${1:?usage: engine-compare.sh BUILD_A BUILD_B [ROUNDS]}
b=${2:?usage: engine-compare.sh BUILD_A BUILD_B [ROUNDS]}
rounds=${3:-10}
min_of() { "$1" 200 | sed -E 's/.*min ([0-9.]+) ms.*/\1/'; }
for _ in $(seq "$rounds"); do
    echo "A $(min_of "$a")"
    echo "B $(min_of "$b")"
done | sort -k1,1 -k2n | awk '
    { n[$1]++; v[$1, n[$1]] = $2 }
    END {
        for (k in n) {
            printf "%s: minimum %s ms, median of the %d minimums %s ms\n",
                k, v[k, 1], n[k], v[k, int((n[k] + 1) / 2)]
        }
    }' | sort
