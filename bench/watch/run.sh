#!/usr/bin/env bash
# Continuous-screening bench (issue 11), on SQLite, release build:
#  1. registration + first screening of N_REGISTER subjects (`embargo watch add`) against the UN
#     list of 2026-02-27: wall time and peak RSS (/usr/bin/time -v), median of RUNS runs, each
#     into a fresh store; baseline in the same run: the stateless bulk screening of the same
#     names (`embargo screen --input … --output …`, no store, no alerts).
#  2. after the UN update 2025-08-02 -> 2026-02-27, with N_RESCREEN subjects registered and
#     screened against 2025-08-02 (some alerts cleared): the incremental re-screen
#     (`embargo watch rescreen --from 1 --to 2`) against the full one (`embargo watch screen`),
#     each on its own copy of the same store, RUNS times; medians, the ratio, and whether both
#     leave the same open alerts (subject, record, fingerprint).
#
# Usage: bench/watch/run.sh [N_REGISTER=1000000] [N_RESCREEN=100000] [RUNS=3]
#        EMBARGO_BIN=/path/to/embargo bench/watch/run.sh      (another build, no rebuild)
# Needs ../shared/data (un/, matching/) and python3. Do not run beside other heavy work.
set -euo pipefail
cd "$(dirname "$0")/../.."
N_REGISTER="${1:-1000000}"
N_RESCREEN="${2:-100000}"
RUNS="${3:-3}"
DATA="../shared/data"
[ -d "$DATA/un" ] && [ -d "$DATA/matching" ] || { echo "shared data $DATA absent: nothing to benchmark" >&2; exit 1; }
OLD="$DATA/un/consolidated_2025-08-02.xml"
NEW="$DATA/un/consolidated_2026-02-27.xml"
if [ -z "${EMBARGO_BIN:-}" ]; then
  cargo build --release -p embargo-cli >/dev/null
fi
BIN="${EMBARGO_BIN:-$PWD/target/release/embargo}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export EMBARGO_ACTOR=bench

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# Runs "$@" under /usr/bin/time -v; prints "seconds max_rss_kib".
timed() {
  /usr/bin/time -v "$@" >"$WORK/out" 2>"$WORK/time" || { cat "$WORK/time" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time")
  echo "$wall $rss"
}

python3 bench/watch/make_subjects.py "$DATA" "$WORK/register.csv" "$N_REGISTER"
python3 bench/watch/make_subjects.py "$DATA" "$WORK/rescreen.csv" "$N_RESCREEN"
# The same names for the stateless baseline (its reader takes `dob`, not `birth_date`).
python3 - "$WORK/register.csv" "$WORK/bulk.csv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8") as i, open(sys.argv[2], "w", newline="", encoding="utf-8") as o:
    w = csv.writer(o); w.writerow(["id", "name", "kind", "dob"])
    for r in csv.DictReader(i): w.writerow([r["id"], r["name"], r["kind"], r["birth_date"]])
PY

echo "== 1. registration + first screening of $N_REGISTER subjects against UN 2026-02-27 (SQLite), $RUNS runs"
: >"$WORK/reg"; : >"$WORK/bulk"
for r in $(seq "$RUNS"); do
  DB="sqlite://$WORK/reg$r.db"
  EMBARGO_DB="$DB" "$BIN" lists import "$NEW" >/dev/null
  read -r wall rss < <(EMBARGO_DB="$DB" timed "$BIN" watch add --input "$WORK/register.csv" --format json)
  alerts=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["screening"]["raised"])' "$WORK/out")
  echo "  run $r: watch add ${wall} s, peak RSS ${rss} KiB, ${alerts} alerts raised"
  echo "$wall $rss" >>"$WORK/reg"
  read -r bwall brss < <(EMBARGO_DB="$DB" timed "$BIN" screen --input "$WORK/bulk.csv" --output "$WORK/hits.csv")
  echo "  run $r: baseline screen --input (no store) ${bwall} s, peak RSS ${brss} KiB"
  echo "$bwall $brss" >>"$WORK/bulk"
  rm -f "$WORK"/reg"$r".db*
done
reg_wall=$(cut -d' ' -f1 "$WORK/reg" | median); reg_rss=$(cut -d' ' -f2 "$WORK/reg" | median)
bulk_wall=$(cut -d' ' -f1 "$WORK/bulk" | median); bulk_rss=$(cut -d' ' -f2 "$WORK/bulk" | median)
echo "  median: watch add $reg_wall s (peak RSS $reg_rss KiB); baseline bulk screen $bulk_wall s (peak RSS $bulk_rss KiB); ratio $(awk -v a="$reg_wall" -v b="$bulk_wall" 'BEGIN{printf "%.2f", a/b}')x"

echo "== 2. incremental vs full re-screen of $N_RESCREEN subjects after UN 2025-08-02 -> 2026-02-27, $RUNS runs"
BASE="$WORK/base.db"
EMBARGO_DB="sqlite://$BASE" "$BIN" lists import "$OLD" >/dev/null
EMBARGO_DB="sqlite://$BASE" "$BIN" watch add --input "$WORK/rescreen.csv" --format json >"$WORK/first.json"
# Clear every fifth open alert, so that decisions take part.
EMBARGO_DB="sqlite://$BASE" "$BIN" alerts list --open --limit 100000000 --format json \
  | python3 -c 'import json,sys; print("\n".join(str(a["id"]) for a in json.load(sys.stdin)[::5]))' >"$WORK/clear"
while read -r id; do
  EMBARGO_DB="sqlite://$BASE" "$BIN" alerts decide "$id" --outcome cleared --reason "bench: a false positive" >/dev/null
done <"$WORK/clear"
echo "  base: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["screening"]["raised"])' "$WORK/first.json") alerts raised by the first screening, $(wc -l <"$WORK/clear") cleared"
open_set() {
  EMBARGO_DB="sqlite://$1" "$BIN" alerts list --open --limit 100000000 --format json \
    | python3 -c 'import json,sys; print("\n".join(sorted(" ".join((a["subject_id"], a["record_id"], a["fingerprint"])) for a in json.load(sys.stdin))))'
}
: >"$WORK/inc"; : >"$WORK/full"
for r in $(seq "$RUNS"); do
  for mode in inc full; do
    cp "$BASE" "$WORK/$mode.db"
    for ext in -wal -shm; do [ -f "$BASE$ext" ] && cp "$BASE$ext" "$WORK/$mode.db$ext"; done
    EMBARGO_DB="sqlite://$WORK/$mode.db" "$BIN" lists import "$NEW" --no-rescreen >/dev/null
  done
  read -r iwall irss < <(EMBARGO_DB="sqlite://$WORK/inc.db" timed "$BIN" watch rescreen --from 1 --to 2 --format json)
  cp "$WORK/out" "$WORK/inc.json"
  read -r fwall frss < <(EMBARGO_DB="sqlite://$WORK/full.db" timed "$BIN" watch screen --format json)
  cp "$WORK/out" "$WORK/full.json"
  open_set "$WORK/inc.db" >"$WORK/inc.alerts"; open_set "$WORK/full.db" >"$WORK/full.alerts"
  only_inc=$(comm -23 "$WORK/inc.alerts" "$WORK/full.alerts" | wc -l)
  only_full=$(comm -13 "$WORK/inc.alerts" "$WORK/full.alerts" | wc -l)
  echo "  run $r: incremental ${iwall} s ($(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%d records in scope, %d subjects scored, %d raised, %d closed" % (r["records_in_scope"], r["subjects_screened"], r["raised"], r["closed"]))' "$WORK/inc.json")), full ${fwall} s ($(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%d subjects scored, %d raised, %d closed" % (r["subjects_screened"], r["raised"], r["closed"]))' "$WORK/full.json")); open alerts: $(wc -l <"$WORK/inc.alerts") incremental, $(wc -l <"$WORK/full.alerts") full, $only_inc only incremental, $only_full only full"
  [ "$only_full" -gt 0 ] && comm -13 "$WORK/inc.alerts" "$WORK/full.alerts" | sed 's/^/    only full: /'
  echo "$iwall" >>"$WORK/inc"; echo "$fwall" >>"$WORK/full"
done
inc=$(median <"$WORK/inc"); full=$(median <"$WORK/full")
echo "  median: incremental $inc s, full $full s; full/incremental $(awk -v a="$full" -v b="$inc" 'BEGIN{printf "%.1f", a/b}')x"
