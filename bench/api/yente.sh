#!/usr/bin/env bash
# Latency of the yente-compatible POST /match/default in process (one query; batches of 100),
# beside POST /v1/screen for the same people in the same run, with UN + OFAC loaded.
# Queries: yente's own match fixtures (UN positives, global negatives), half and half.
# Usage: bench/api/yente.sh [REPS]   (default 200 single requests, REPS/10 batches)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DATA=${EMBARGO_SHARED_DATA:-$ROOT/../shared/data}
REPS=${1:-200}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --release -q -p embargo-cli -p embargo-server --example yente_match --bin embargo
E=$CARGO_TARGET_DIR/release/embargo
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export EMBARGO_DB="sqlite://$WORK/bench.db"
"$E" lists import "$DATA/un/consolidated_2026-02-27.xml" >/dev/null
"$E" lists import "$DATA/ofac/sdn_2021-06-29/sdn.csv" >/dev/null
python3 - "$DATA/matching" "$WORK/queries.json" <<'PY'
import csv, datetime, json, re, sys
def valid(d):
    try:
        datetime.date.fromisoformat(d if len(d) == 10 else (d + "-01-01")[:10])
        return True
    except ValueError:
        return False
def rows(path, n):
    out = []
    for r in csv.DictReader(open(path, encoding="utf-8")):
        q = {"name": r["full_name"]}
        dob = r.get("date_of_birth") or ""
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", dob) and valid(dob):
            q["birth_date"] = dob
        if r.get("nationality"):
            q["nationality"] = r["nationality"]
        out.append(q)
        if len(out) == n:
            break
    return out
pos = rows(sys.argv[1] + "/yente_positives_un_treated.csv", 500)
neg = rows(sys.argv[1] + "/yente_negatives_global.csv", 500)
mixed = [q for pair in zip(pos, neg) for q in pair]
json.dump(mixed, open(sys.argv[2], "w"))
PY
"$CARGO_TARGET_DIR/release/examples/yente_match" "$EMBARGO_DB" "$WORK/queries.json" "$REPS"
