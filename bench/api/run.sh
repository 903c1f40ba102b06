#!/usr/bin/env bash
# Throughput and latency of POST /v1/screen and POST /v1/check over loopback, with UN + OFAC
# loaded, beside the engine's in-process rate measured in the same run.
# Usage: bench/api/run.sh [sqlite|postgres] [SECONDS]   (default sqlite, 10 s per point)
# Needs: cargo; ../shared/data beside the checkout; for postgres, EMBARGO_TEST_POSTGRES or
# postgres://postgres@127.0.0.1:5432/test (a fresh schema is created and dropped).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DATA=${EMBARGO_SHARED_DATA:-$ROOT/../shared/data}
BACKEND=${1:-sqlite}
SECS=${2:-10}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --release -q -p embargo-cli -p embargo-server --examples --bin embargo
E=$CARGO_TARGET_DIR/release/embargo
LOAD=$CARGO_TARGET_DIR/release/examples/load
INPROC=$CARGO_TARGET_DIR/release/examples/inprocess
WORK=$(mktemp -d)
SCHEMA=""
cleanup() {
  [[ -n ${PID:-} ]] && kill "$PID" 2>/dev/null || true
  if [[ -n $SCHEMA ]]; then psql "$PGBASE" -qc "DROP SCHEMA $SCHEMA CASCADE" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
case $BACKEND in
  sqlite) export EMBARGO_DB="sqlite://$WORK/bench.db" ;;
  postgres)
    PGBASE=${EMBARGO_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
    SCHEMA="bench_api_$$"
    psql "$PGBASE" -qc "CREATE SCHEMA $SCHEMA"
    export EMBARGO_DB="$PGBASE?options=-csearch_path%3D$SCHEMA" ;;
  *) echo "backend: sqlite or postgres" >&2; exit 2 ;;
esac
"$E" lists import "$DATA/un/consolidated_2026-02-27.xml" >/dev/null
"$E" lists import "$DATA/ofac/sdn_2021-06-29/sdn.csv" >/dev/null
TOKEN=$("$E" users add bench-officer --role licensing | tail -n 1)
# Screening bodies: 2,000 names of the yente global negatives (names nobody here wrote rules from).
python3 - "$DATA/matching/yente_negatives_global.csv" "$WORK" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))[:2000]
with open(sys.argv[2] + "/screen.jsonl", "w") as out, open(sys.argv[2] + "/names.txt", "w") as names:
    for r in rows:
        out.write(json.dumps({"name": r["full_name"]}) + "\n")
        names.write(r["full_name"] + "\n")
PY
tr -d '\n' < examples/gna-2016-isil.json > "$WORK/check.jsonl"; echo >> "$WORK/check.jsonl"
"$E" serve --bind 127.0.0.1:18099 --rate-limit 100000000 2>"$WORK/serve.log" &
PID=$!
for _ in $(seq 1 100); do curl -sf localhost:18099/readyz >/dev/null && break; sleep 0.2; done
echo "backend: $BACKEND; $(grep -o 'listening.*' "$WORK/serve.log")"
"$INPROC" "$EMBARGO_DB" "$WORK/names.txt" examples/gna-2016-isil.json 3
for c in 1 16 64; do
  echo "screen closed c=$c: $("$LOAD" http://127.0.0.1:18099/v1/screen "$TOKEN" "$WORK/screen.jsonl" closed $c "$SECS")"
  echo "check  closed c=$c: $("$LOAD" http://127.0.0.1:18099/v1/check "$TOKEN" "$WORK/check.jsonl" closed $c "$SECS")"
done
echo "screen open 500/s: $("$LOAD" http://127.0.0.1:18099/v1/screen "$TOKEN" "$WORK/screen.jsonl" open 500 "$SECS")"
echo "check  open 500/s: $("$LOAD" http://127.0.0.1:18099/v1/check "$TOKEN" "$WORK/check.jsonl" open 500 "$SECS")"
