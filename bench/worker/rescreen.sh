#!/usr/bin/env bash
# Issue 15: the re-screen of $SUBJECTS watched subjects (default 1,000,000) after the UN
# 2025-08-02 -> 2026-02-27 update, on PostgreSQL: here (`embargo watch rescreen`, the path of
# every import without workers) and handed to screening workers in ranges of subjects
# (`watch rescreen --via`, the path `embargo serve --nats` takes after an import), alternated
# in one run ($ROUNDS rounds). Every run starts from the same alerts: the first raises them,
# later ones keep them, and the screening work is the same. Jobs are cleared before each run
# through the workers (a finished job would otherwise be resumed, not redone).
# Usage: [SUBJECTS=…] [ROUNDS=…] [CONFIGS="2x1 1x2"] bench/worker/rescreen.sh
# Needs: cargo, psql, python3, NATS with JetStream ($EMBARGO_BENCH_NATS, default the local
# one), PostgreSQL ($EMBARGO_BENCH_POSTGRES), the shared data (../shared/data).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DATA=${EMBARGO_SHARED_DATA:-$ROOT/../shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
PG=${EMBARGO_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
NATS=${EMBARGO_BENCH_NATS:-nats://127.0.0.1:4222}
SUBJECTS=${SUBJECTS:-1000000}
ROUNDS=${ROUNDS:-2}
CHUNK=${CHUNK:-20000}
WORK=$(mktemp -d /tmp/embargo-bench-rescreen.XXXXXX)
SCHEMA=bench_rescreen_$$
QUEUE=rescreen$$
export EMBARGO_DB="$PG?options=-csearch_path%3D$SCHEMA"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$PG" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

cargo build --release -q -p embargo-cli
BIN=$CARGO_TARGET_DIR/release/embargo
psql -q "$PG" -c "CREATE SCHEMA $SCHEMA"

echo "== lists: UN 2025-08-02, OFAC SDN 2021-06-29"
"$BIN" lists import "$DATA/un/consolidated_2025-08-02.xml" | cut -c1-100
"$BIN" lists import "$DATA/ofac/sdn_2021-06-29" | cut -c1-100
FROM=$(psql -q -t -A "$EMBARGO_DB" -c "SELECT id FROM list_versions WHERE source = 'un' AND is_current = 1")

echo "== $SUBJECTS subjects (yente global negatives and UN treated positives, cycled)"
python3 - "$SUBJECTS" "$DATA/matching" > "$WORK/subjects.csv" <<'EOF'
import csv, itertools, sys
n, src = int(sys.argv[1]), sys.argv[2]
names = []
for f in ("yente_negatives_global.csv", "yente_positives_un_treated.csv"):
    with open(f"{src}/{f}", encoding="utf-8") as fh:
        names.extend(r["full_name"] for r in csv.DictReader(fh))
w = csv.writer(sys.stdout)
w.writerow(["id", "name", "kind"])
for i, name in zip(range(n), itertools.cycle(names)):
    w.writerow([f"s{i:07d}", name, "person"])
EOF
t=$(now)
"$BIN" watch add --input "$WORK/subjects.csv" --no-screen --actor bench | tail -1
echo "registered in $(since "$t") s"
"$BIN" lists import "$DATA/un/consolidated_2026-02-27.xml" --no-rescreen | cut -c1-100
TO=$(psql -q -t -A "$EMBARGO_DB" -c "SELECT id FROM list_versions WHERE source = 'un' AND is_current = 1")
echo "UN versions $FROM -> $TO"

worker() { # NAME THREADS
  RAYON_NUM_THREADS=$2 "$BIN" worker --nats "$NATS" --queue "$QUEUE" --name "$1" 2>"$WORK/$1.log" &
  local pid=$!
  pids+=($pid)
  for _ in $(seq 1 600); do
    grep -q "ready on queue" "$WORK/$1.log" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -3 "$WORK/$1.log" >&2; return 1
}
stop_workers() {
  for p in $(jobs -p); do
    if ps -o args= -p "$p" | grep -q " worker "; then
      echo "   worker $p peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$p/status")"
      kill "$p"; wait "$p" 2>/dev/null || true
    fi
  done
}
summary() { grep -E "^screened|^on the screening" "$1" | sed 's/against .*: / … /' | tr '\n' ' '; }

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  t=$(now)
  /usr/bin/time -f "peak RSS %M kB" "$BIN" watch rescreen --from "$FROM" --to "$TO" --actor bench \
    >"$WORK/local.out" 2>"$WORK/local.err"
  echo "here (2 threads): $(since "$t") s — $(summary "$WORK/local.out") $(tail -1 "$WORK/local.err")"
  for config in ${CONFIGS:-2x1 1x2}; do
    n=${config%x*}; threads=${config#*x}
    for i in $(seq 1 "$n"); do worker "r$i" "$threads"; done
    psql -q "$EMBARGO_DB" -c "DELETE FROM job_results; DELETE FROM jobs" >/dev/null
    t=$(now)
    "$BIN" watch rescreen --from "$FROM" --to "$TO" --actor bench --via "$NATS" --queue "$QUEUE" \
      --chunk-subjects "$CHUNK" >"$WORK/via.out" 2>"$WORK/via.err" \
      || { tail -5 "$WORK/via.err" "$WORK"/r*.log >&2; exit 1; }
    echo "via $n worker(s) x $threads thread(s): $(since "$t") s — $(summary "$WORK/via.out")"
    stop_workers
  done
done
echo "open alerts: $(psql -q -t -A "$EMBARGO_DB" -c "SELECT COUNT(*) FROM watch_alerts WHERE status = 'open'")"
