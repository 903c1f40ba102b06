#!/usr/bin/env bash
# Quality and speed of `embargo screen` on the shared data (../shared/data beside the checkout),
# side by side with the reference matchers. Usage: bench/screening/run.sh [quality|speed|bulk|peer|all]
# Needs: cargo; for `peer`, a venv with nomenklatura/rapidfuzz (see ../shared/bench/README.md),
# path in PEER_PY (default $HOME/peer-venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DATA=${EMBARGO_SHARED_DATA:-$ROOT/../shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
PEER_PY=${PEER_PY:-$HOME/peer-venv/bin/python}
what=${1:-all}

eval_bin() {
  cargo build --release -q -p embargo-screening --example eval
  "$CARGO_TARGET_DIR/release/examples/eval" "$@"
}

if [[ $what == quality || $what == all ]]; then
  eval_bin loo            # leave-one-out on the UN and OFAC lists: recall, top hit another record
  eval_bin bench          # nomenklatura name bench: P/R/F1 vs logic-v2 frozen scores
  eval_bin yente          # recall of the yente treated UN variants against the UN list
  eval_bin negatives      # share of the 50,000 synthetic negatives that alert
  eval_bin negatives-us   # the same for the 50,000 US-style negatives
  eval_bin scripts        # watchman cross-script pairs, rigour's spellings of one name
fi

if [[ $what == speed || $what == all ]]; then
  eval_bin speed          # index build, single-core queries/s, peak RSS
  cargo bench -p embargo-screening --bench search
fi

if [[ $what == bulk || $what == all ]]; then
  # 1,000,000-row CSV screened by the CLI on two cores against UN + OFAC SDN 2021.
  cargo build --release -q -p embargo-cli
  BIN=$CARGO_TARGET_DIR/release/embargo
  DB=$(mktemp -d)/bulk.db
  "$BIN" --db "sqlite://$DB" lists import "$DATA/un/consolidated_2026-02-27.xml"
  "$BIN" --db "sqlite://$DB" lists import "$DATA/ofac/sdn_2021-06-29"
  python3 bench/screening/make_bulk_csv.py "$DATA/matching" /tmp/bulk_1m.csv 1000000
  RAYON_NUM_THREADS=2 /usr/bin/time -v "$BIN" --db "sqlite://$DB" screen --input /tmp/bulk_1m.csv \
    --output /tmp/bulk_1m_hits.csv 2>&1 | grep -E "screened|Elapsed|Maximum resident"
fi

if [[ $what == peer || $what == all ]]; then
  eval_bin peer-tsv /tmp/peer_queries.tsv
  (cd ../shared/bench && printf 'Muammar Gaddafi\tMuammar Mohammed Abu Minyar QADHAFI\n' | "$PEER_PY" peer_score.py --explain)
  (cd ../shared/bench && "$PEER_PY" peer_screen.py ../data/un/consolidated_2026-02-27.xml /tmp/peer_queries.tsv --algo logic-v2)
  (cd ../shared/bench && "$PEER_PY" rapidfuzz_baseline.py)
fi
