#!/usr/bin/env bash
# Import benchmarks for the official lists: wall time (hyperfine, median of N runs, each into a
# fresh SQLite database) and peak resident memory (/usr/bin/time -v) of
#   embargo lists import ../shared/data/un/consolidated_2026-02-27.xml       (UN XML, 2.0 MB)
#   embargo lists import ../shared/data/ofac/sdn_2021-06-29/                  (OFAC CSV set, 3.5 MB)
# plus the pure-parsing criterion bench (`cargo bench -p embargo-lists --bench parse`).
#
# Usage: bench/lists-import.sh [runs]     (default 10 runs; needs ../shared/data)
#        EMBARGO_BIN=/tmp/base/target/release/embargo bench/lists-import.sh 10   (another build)
# hyperfine: `apt-get install -y hyperfine` (the script falls back to a shell loop without it).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-10}"
DATA="../shared/data"
[ -d "$DATA" ] || { echo "shared data $DATA absent: nothing to benchmark" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
if [ -z "${EMBARGO_BIN:-}" ]; then
  cargo build --release -p embargo-cli >/dev/null
fi
# EMBARGO_BIN=/path/to/embargo compares another build (e.g. a baseline) without rebuilding.
BIN="${EMBARGO_BIN:-$CARGO_TARGET_DIR/release/embargo}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DB="sqlite://$WORK/bench.db"

declare -A INPUTS=(
  [un-xml]="$DATA/un/consolidated_2026-02-27.xml"
  [ofac-csv-set]="$DATA/ofac/sdn_2021-06-29"
)

for name in un-xml ofac-csv-set; do
  input="${INPUTS[$name]}"
  echo "== $name: $input"
  if command -v hyperfine >/dev/null; then
    hyperfine --runs "$RUNS" --warmup 1 --prepare "rm -f $WORK/bench.db*" \
      --export-json "$WORK/$name.json" "$BIN --db $DB lists import $input" >/dev/null
    python3 - "$WORK/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"import time: median {r['median']*1000:.0f} ms, mean {r['mean']*1000:.0f} ms "
      f"± {r['stddev']*1000:.0f} ms, min {r['min']*1000:.0f} ms, max {r['max']*1000:.0f} ms ({len(r['times'])} runs)")
PY
  else
    for _ in $(seq "$RUNS"); do
      rm -f "$WORK"/bench.db*
      /usr/bin/time -f "%e s" "$BIN" --db "$DB" lists import "$input" >/dev/null
    done
  fi
  rm -f "$WORK"/bench.db*
  /usr/bin/time -v "$BIN" --db "$DB" lists import "$input" >/dev/null 2>"$WORK/time.txt"
  rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/time.txt")
  echo "peak RSS: $((rss_kb / 1024)) MiB ($rss_kb kB)"
done

echo "== pure parsing (criterion)"
cargo bench -p embargo-lists --bench parse -- --noplot 2>/dev/null | grep -E "^parse/|time:|thrpt:" || true
