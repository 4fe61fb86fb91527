#!/usr/bin/env bash
# bench/smoke_test.sh SERVER BENCH: the ctest `bench_smoke` run. Starts SERVER on a free port
# with an in-memory database in verify mode, runs one second of the identity workload over two
# connections, and passes when every signed request succeeded. No speed is asserted.
set -euo pipefail
server=$1
bench=$2
log=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

"$server" --port 0 --data :memory: --auth verify --log-level warn >"$log" 2>&1 &
pid=$!
endpoint=
for _ in $(seq 1 200); do
  endpoint=$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$log" | head -n1 | sed 's/listening on //' || true)
  [[ -n $endpoint ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "bench_smoke: server exited" >&2; exit 1; }
  sleep 0.05
done
[[ -n $endpoint ]] || { cat "$log"; echo "bench_smoke: server did not report its port" >&2; exit 1; }

"$bench" --endpoint "$endpoint" --workload identity --duration 1 --warmup 0.2 --connections 2
