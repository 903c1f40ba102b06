#!/usr/bin/env bash
# Scale-out on NATS JetStream and PostgreSQL (issue 15), on one machine, on loopback:
#   1. a three-node nats-server cluster with JetStream (client ports 14222-14224, routes
#      16222-16224, storage in a temporary directory; streams with 3 replicas);
#   2. bulk screening throughput of $ROWS records (default 1,000,000; bench/screening/make_bulk_csv.py)
#      against UN 2025-08-02 + OFAC SDN 2021: the local mode `embargo screen --input` and
#      `screen --via` with one worker and with two, in the same run, outputs compared byte for byte;
#   3. a smoke test: two `embargo serve --nats` replicas and two workers, a list update
#      (UN 2025-08-02 -> 2026-02-27) uploaded to one replica is announced through NATS to the
#      other and to both workers (none polls the store), then a job names the new version;
#   4. the re-screen of $SUBJECTS watched subjects (default 100,000) after that update, split in
#      chunks through the two workers (`embargo worker rescreen`).
# Usage: [ROWS=…] [SUBJECTS=…] [CONFIGS="1x2 2x1"] bench/worker/run.sh
#        (PostgreSQL: EMBARGO_BENCH_POSTGRES, default the test one)
# Needs: cargo, nats-server (Debian package `nats-server`), psql, python3, the shared data
# (../shared/data, see its PROVENANCE.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DATA=${EMBARGO_SHARED_DATA:-$ROOT/../shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
PG=${EMBARGO_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
ROWS=${ROWS:-1000000}
SUBJECTS=${SUBJECTS:-100000}
THREADS=${THREADS:-2}
NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)
WORK=$(mktemp -d /tmp/embargo-bench-worker.XXXXXX)
SCHEMA=bench_worker_$$
DB="$PG?options=-csearch_path%3D$SCHEMA"
export EMBARGO_DB=$DB
NATS=nats://127.0.0.1:14222,nats://127.0.0.1:14223,nats://127.0.0.1:14224
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

echo "== three-node NATS cluster with JetStream on loopback"
for i in 1 2 3; do
  mkdir -p "$WORK/js$i"
  cat > "$WORK/n$i.conf" <<EOF
server_name: n$i
listen: 127.0.0.1:$((14221 + i))
jetstream { store_dir: "$WORK/js$i" }
cluster {
  name: embargo-bench
  listen: 127.0.0.1:$((16221 + i))
  routes: [nats://127.0.0.1:16222, nats://127.0.0.1:16223, nats://127.0.0.1:16224]
}
EOF
  "$NATS_SERVER" -c "$WORK/n$i.conf" -l "$WORK/n$i.log" &
  pids+=($!)
done

worker() { # NAME QUEUE THREADS [extra…]
  local name=$1 queue=$2 threads=$3; shift 3
  RAYON_NUM_THREADS=$threads "$BIN" worker --nats "$NATS" --queue "$queue" --name "$name" \
    --replicas 3 "$@" 2>"$WORK/$name.log" &
  local pid=$!
  pids+=($pid)
  touch "$WORK/$name.log"
  for _ in $(seq 1 600); do
    grep -q "ready on queue" "$WORK/$name.log" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -3 "$WORK/$name.log" >&2; return 1
}
stop_workers() {
  for p in $(jobs -p); do
    if ps -o args= -p "$p" | grep -q " worker "; then
      echo "   worker $p peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$p/status")"
      kill "$p"; wait "$p" 2>/dev/null || true
    fi
  done
}
clear_jobs() { psql -q "$DB" -c "DELETE FROM job_results; DELETE FROM jobs" >/dev/null; }

echo "== lists: UN 2025-08-02, OFAC SDN 2021-06-29"
"$BIN" lists import "$DATA/un/consolidated_2025-08-02.xml" | cut -c1-120
"$BIN" lists import "$DATA/ofac/sdn_2021-06-29" | cut -c1-120

echo "== $ROWS-row input"
python3 bench/screening/make_bulk_csv.py "$DATA/matching" "$WORK/in.csv" "$ROWS"

# JetStream's meta leader is elected a moment after the cluster forms: the first worker
# creates the streams (3 replicas), retried until the cluster answers.
for attempt in $(seq 1 30); do
  if worker w0 warmup 1 && sleep 1 && kill -0 "${pids[-1]}" 2>/dev/null; then
    kill "${pids[-1]}"; break
  fi
  sleep 1
done

echo "== bulk screening of $ROWS records"
t=$(now)
RAYON_NUM_THREADS=$THREADS /usr/bin/time -f "peak RSS %M kB" "$BIN" screen --input "$WORK/in.csv" \
  --output "$WORK/local.csv" 2>"$WORK/local.log"
echo "local mode, $THREADS threads: $(since "$t") s — $(tail -2 "$WORK/local.log" | tr '\n' ' ')"

via() { # LABEL QUEUE
  clear_jobs
  local t; t=$(now)
  "$BIN" screen --input "$WORK/in.csv" --output "$WORK/via.csv" --via "$NATS" --queue "$2" \
    2>"$WORK/via.log" || { for f in "$WORK/via.log" "$WORK"/w*.log; do echo "-- $f"; tail -n 5 "$f"; done >&2; exit 1; }
  echo "$1: $(since "$t") s — $(tail -1 "$WORK/via.log")"
  echo "   chunks per worker: $(psql -q -t -A "$DB" -c "SELECT string_agg(worker || '=' || n, ' ') FROM (SELECT worker, COUNT(*) AS n FROM job_results GROUP BY worker ORDER BY worker) c")"
  cmp -s "$WORK/via.csv" "$WORK/local.csv" && echo "   output identical to the local mode" \
    || { echo "   OUTPUT DIFFERS from the local mode" >&2; exit 1; }
}
# CONFIGS: WORKERSxTHREADS each, e.g. "1x2 2x1" (one worker on both cores, two on one core each).
for config in ${CONFIGS:-1x1 2x1 1x$THREADS 2x$THREADS}; do
  n=${config%x*}; threads=${config#*x}
  for i in $(seq 1 "$n"); do worker "w$i" "bulk$config" "$threads"; done
  via "--via, $n worker(s) x $threads thread(s)" "bulk$config"
  stop_workers
done
psql -q -t "$DB" -c "SELECT 'results: ' || COUNT(*) || ' chunks, ' || pg_size_pretty(SUM(length(result))::bigint) || ' of result text' FROM job_results"

echo "== smoke test: two replicas, two workers, a list update announced through NATS"
"$BIN" users add bench-admin --role admin | tail -1 > "$WORK/admin.token"
"$BIN" users add bench-analyst --role analyst | tail -1 > "$WORK/analyst.token"
ADMIN=$(cat "$WORK/admin.token"); ANALYST=$(cat "$WORK/analyst.token")
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
echo "registered $SUBJECTS subjects in $(since "$t") s"
for port in 18081 18082; do
  "$BIN" serve --bind 127.0.0.1:$port --nats "$NATS" --nats-queue smoke --index-poll 3600 \
    2>"$WORK/serve$port.log" &
  pids+=($!)
done
worker s1 smoke "$THREADS" --index-poll 3600
worker s2 smoke "$THREADS" --index-poll 3600
for port in 18081 18082; do
  for _ in $(seq 1 300); do grep -q "listening on" "$WORK/serve$port.log" && break; sleep 0.1; done
done
screen_lists() { # PORT -> the list versions named by a screening
  curl -s -X POST "http://127.0.0.1:$1/v1/screen" -H "authorization: Bearer $ANALYST" \
    -H 'content-type: application/json' -d '{"name": "Kim Jong Un"}' |
    python3 -c 'import json,sys; print(sorted(v["id"] for v in json.load(sys.stdin)["lists"]))'
}
echo "before: replica A $(screen_lists 18081), replica B $(screen_lists 18082)"
t=$(now)
# The import re-screens the watched subjects incrementally on replica A (as every import does).
curl -s -X POST "http://127.0.0.1:18081/v1/lists?name=consolidated_2026-02-27.xml" \
  -H "authorization: Bearer $ADMIN" --data-binary "@$DATA/un/consolidated_2026-02-27.xml" |
  python3 -c 'import json,sys; v=json.load(sys.stdin); print("uploaded to replica A:", v["status"], "version", v["version"]["id"])'
NEW=$(psql -q -t -A "$DB" -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM list_versions WHERE is_current = 1")
for _ in $(seq 1 600); do
  B=$(screen_lists 18082 | tr -d ' []')
  W=$(psql -q -t -A "$DB" -c "SELECT COUNT(*) FROM job_workers WHERE name IN ('s1','s2') AND versions = '[$NEW]'")
  [[ $B == "$NEW" && $W == 2 ]] && break
  sleep 0.1
done
echo "after $(since "$t") s (upload, import, incremental re-screen of the subjects on replica A, announcement): replica A $(screen_lists 18081), replica B $(screen_lists 18082), workers on [$NEW]: $W of 2"
[[ $B == "$NEW" && $W == 2 ]] || { echo "the new version did not reach every process" >&2; exit 1; }
head -2001 "$WORK/in.csv" > "$WORK/small.csv"
clear_jobs
"$BIN" screen --input "$WORK/small.csv" --output "$WORK/small_hits.csv" --via "$NATS" --queue smoke --chunk-rows 100 2>&1 | tail -1
psql -q -t -A "$DB" -c "SELECT 'job results name versions ' || string_agg(DISTINCT versions, ' ') || ', by workers ' || string_agg(DISTINCT worker, ',') FROM job_results"

echo "== re-screen of $SUBJECTS subjects after the update, through the two workers"
t=$(now)
"$BIN" worker rescreen --nats "$NATS" --queue smoke --chunk-subjects 2000 --actor bench
echo "re-screen via workers: $(since "$t") s"
echo "== done"
