#!/usr/bin/env bash
# Webhook delivery latency on loopback: from the commit of the change that enqueued a
# delivery (created_ms, store clock) to its acknowledgement by a receiver on 127.0.0.1
# (delivered_ms). N list.updated events are made by re-activating two versions of the UN
# fixture in turn while `embargo serve` runs (its sender polls every 200 ms).
# Usage: bench/webhooks/run.sh [N]   (default 40)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-40}
cargo build --release -q -p embargo-cli
E=$PWD/target/release/embargo
WORK=$(mktemp -d)
cleanup() { kill "${PID:-}" "${RPID:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export EMBARGO_DB="sqlite://$WORK/w.db"
python3 - "$WORK/port" <<'PY' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
RPID=$!
for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
"$E" webhooks add "http://127.0.0.1:$(cat "$WORK/port")/hook" --events list.updated >/dev/null
A=fixtures/lists/un/consolidated_fixture.xml
sed 's/MARROWBY MARITIME LOGISTICS/MARROWBY OCEAN LOGISTICS/' "$A" > "$WORK/b.xml"
"$E" serve --bind 127.0.0.1:0 2>/dev/null &
PID=$!
sleep 1
for i in $(seq 1 "$N"); do
  if (( i % 2 )); then "$E" lists import "$A" >/dev/null; else "$E" lists import "$WORK/b.xml" >/dev/null; fi
  sleep 0.3
done
sleep 2
"$E" webhooks deliveries --limit 100000 --format json | python3 -c '
import json, statistics, sys
d = [x for x in json.load(sys.stdin) if x["status"] == "delivered"]
lat = sorted(x["delivered_ms"] - x["created_ms"] for x in d)
print(f"{len(d)} deliveries; latency ms: median {statistics.median(lat):.0f}, p90 {lat[int(0.9*(len(lat)-1))]}, max {lat[-1]}")
'
