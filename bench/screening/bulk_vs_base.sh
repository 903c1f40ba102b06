#!/usr/bin/env bash
# The bulk goal of issue 14: an N-row CSV (make_bulk_csv.py: the yente negatives and treated
# UN variants, cycled) through `embargo screen --input` against UN + OFAC SDN 2021, this
# build and optionally a baseline binary alternately in one run; per run the CLI's own
# screening time (after the store read and the index build), the whole wall time and the
# peak RSS; medians. Usage: BASE_BIN=… bench/screening/bulk_vs_base.sh [ROUNDS] [ROWS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DATA=${EMBARGO_SHARED_DATA:-$ROOT/../shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
ROUNDS=${1:-2}
ROWS=${2:-1000000}
THREADS=${3:-2}
cargo build --release -q -p embargo-cli
BIN=$CARGO_TARGET_DIR/release/embargo
BASE_BIN=${BASE_BIN:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN" --db "sqlite://$WORK/bulk.db" lists import "$DATA/un/consolidated_2026-02-27.xml" >/dev/null
"$BIN" --db "sqlite://$WORK/bulk.db" lists import "$DATA/ofac/sdn_2021-06-29" >/dev/null
python3 bench/screening/make_bulk_csv.py "$DATA/matching" "$WORK/in.csv" "$ROWS" >/dev/null
# One run: "screening seconds, wall seconds, peak RSS in MB, rows with hits".
one() {
  RAYON_NUM_THREADS=$THREADS /usr/bin/time -f "TIME %e %M" "$1" --db "sqlite://$WORK/bulk.db" \
    screen --input "$WORK/in.csv" --output "$WORK/out.csv" 2>&1 |
    awk '/^screened/ {s=$5; sub("s","",s); r=$8} /^TIME/ {w=$2; m=$3/1024} END {printf "%s %s %.0f %s\n", s, w, m, r}'
}
ours=(); base=()
for _ in $(seq "$ROUNDS"); do
  o=$(one "$BIN"); ours+=("${o%% *}")
  b=-
  if [[ -n $BASE_BIN ]]; then b=$(one "$BASE_BIN"); base+=("${b%% *}"); fi
  echo "round ($ROWS rows, $THREADS threads; screening s, wall s, MB, rows with hits): ours $o | baseline $b"
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(med "${ours[@]}")
echo "median screening time: ours $mo s"
if [[ -n $BASE_BIN ]]; then
  mb=$(med "${base[@]}")
  echo "baseline: $mb s; baseline / ours $(awk "BEGIN {printf \"%.2f\", $mb/$mo}")"
fi
