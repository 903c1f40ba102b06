#!/usr/bin/env bash
# Speed goal of issue 14: the matcher (one thread, bulk-style, names only) against plain
# rapidfuzz token_sort_ratio brute force (one thread), on the first 20,000 yente global
# negatives against UN + OFAC SDN 2021, measured alternately in one run; medians and ratio.
# Usage: bench/screening/speed_vs_rapidfuzz.sh [ROUNDS] [N]. Needs rapidfuzz in $PEER_PY.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export EMBARGO_SHARED_DATA=${EMBARGO_SHARED_DATA:-$ROOT/../shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
PEER_PY=${PEER_PY:-$HOME/peer-venv/bin/python}
ROUNDS=${1:-3}
N=${2:-20000}
# EVAL: an eval binary to measure instead of building this tree's.
if [[ -z ${EVAL:-} ]]; then
  cargo build --release -q -p embargo-screening --example eval
  EVAL=$CARGO_TARGET_DIR/release/examples/eval
fi
# BASE_EVAL: an eval binary of an earlier build, measured in the same rounds.
BASE_EVAL=${BASE_EVAL:-}
rate() { sed -n 's/.*median \([0-9]*\).*/\1/p'; }
ours=(); theirs=(); base=()
for _ in $(seq "$ROUNDS"); do
  o=$(taskset -c 0 nice "$EVAL" speed-negatives "$N" 1 | rate)
  r=$(taskset -c 0 nice "$PEER_PY" bench/screening/rapidfuzz_20k.py "$EMBARGO_SHARED_DATA" "$N" 1 | rate)
  b=-
  if [[ -n $BASE_EVAL ]]; then b=$(taskset -c 0 nice "$BASE_EVAL" speed-negatives "$N" 1 | rate); base+=("$b"); fi
  echo "round: ours $o queries/s, rapidfuzz $r queries/s, baseline build $b queries/s"
  ours+=("$o"); theirs+=("$r")
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(med "${ours[@]}"); mr=$(med "${theirs[@]}")
echo "median: ours $mo queries/s, rapidfuzz $mr queries/s, ratio $(awk "BEGIN {printf \"%.2f\", $mo/$mr}") (goal 8)"
if [[ -n $BASE_EVAL ]]; then
  mb=$(med "${base[@]}")
  echo "baseline build: $mb queries/s, ratio to rapidfuzz $(awk "BEGIN {printf \"%.2f\", $mb/$mr}"); now / baseline $(awk "BEGIN {printf \"%.2f\", $mo/$mb}")"
fi
