#!/usr/bin/env bash
# bench/run_bench.sh: the benchmark, localiam and moto_server side by side.
#
#   bench/run_bench.sh [--duration S] [--warmup S] [--connections C] [--rounds N]
#                      [--workloads "identity read write mixed enforce simulate"] [--no-moto]
#                      [--build-dir DIR] [--server-args "ARGS"] [--output FILE]
#
# Builds localiam and localiam_bench (Release, in build-bench/ unless --build-dir) when needed.
# Then, for every workload, starts a fresh localiam (--auth verify, a SQLite file in a temporary
# folder, --port 0, otherwise its defaults plus ARGS) and a fresh moto_server (when installed;
# it accepts any signature), one after the other, and measures for each: the time from launch
# to the first answered request (GET /_localiam/health for localiam, a signed GetCallerIdentity
# for moto), resident memory idle and after the load (VmRSS from /proc/PID/status), and the
# load (localiam_bench: C keep-alive connections, a warm-up, then S measured seconds).
# Prints a markdown table with both servers and the ratio (--output also writes it to FILE);
# raw JSON lines go to bench-results.jsonl in a temporary folder, whose path is printed (the
# servers' logs stay there too when a run fails).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
duration=10
warmup=1
connections=32
rounds=1
workloads="identity read write mixed enforce simulate"
build_dir=$root/build-bench
with_moto=1
output=
server_args=

while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --no-moto) with_moto=0; shift ;;
    --output) output=$2; shift 2 ;;
    --server-args) server_args=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

# --- build -----------------------------------------------------------------------------------
if [[ ! -f $build_dir/build.ninja && ! -f $build_dir/Makefile ]]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
echo "==> Building localiam and localiam_bench in $build_dir" >&2
cmake --build "$build_dir" --target localiam localiam_bench >/dev/null
server=$build_dir/localiam
bench=$build_dir/localiam_bench

moto=
if [[ $with_moto == 1 ]]; then
  # Run moto's own entry point rather than a pyenv shim, so its start-up is not charged for it.
  moto=$(pyenv which moto_server 2>/dev/null || command -v moto_server || true)
  [[ -z $moto ]] && echo "==> moto_server not installed: localiam only" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/localiam-bench.XXXXXX")
results=$work/bench-results.jsonl
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -f "$work"/*.db "$work"/*.db-wal "$work"/*.db-shm
  # Server logs (an access-log line per request) are kept only when something went wrong.
  [[ $finished == 1 ]] && rm -f "$work"/*.log
  return 0
}
finished=0
trap cleanup EXIT

now_ns() { date +%s%N; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
jget() { sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" <<<"$1" | tr -d '"'; }

# The write workload spreads its users over many accounts (AWS's quota is 5,000 users per
# account; 200 accounts hold a million): a seed file with those accounts, each with a user and
# an access key, and the keys for the load generator, which moves to the next key on every call
# (moto accepts any key, so it gets the same keys).
write_accounts=200
write_seed=$work/write-seed.json
write_keys=$work/write-keys.txt
make_write_accounts() {
  local i id key sep=""
  : >"$write_keys"
  printf '{"accounts": [' >"$write_seed"
  for ((i = 1; i <= write_accounts; i++)); do
    id=$(printf '9000000%05d' "$i")
    key=$(printf 'AKIABENCHWRITE%06d' "$i")
    printf '%s\n  {"id": "%s", "users": [{"name": "writer", "access_keys": [{"id": "%s", "secret": "writer-secret-%d"}]}]}' \
      "$sep" "$id" "$key" "$i" >>"$write_seed"
    echo "$key writer-secret-$i" >>"$write_keys"
    sep=","
  done
  printf '\n]}\n' >>"$write_seed"
}

# Starts one server; sets pid, endpoint and startup_ms. A third argument adds server flags.
start_server() {
  local kind=$1 name=$2 log=$work/$2.log t0 ready
  if [[ $kind != moto ]]; then
    t0=$(now_ns)
    # shellcheck disable=SC2086
    "$server" --port 0 --data "$work/$name.db" --auth verify $server_args ${3:-} >"$log" 2>&1 &
    pid=$!
    read -r _ ready endpoint < <("$bench" --wait-ready health --endpoint-file "$log" \
                                   --ready-timeout 30) || true
  else
    local port
    port=$(free_port)
    t0=$(now_ns)
    "$moto" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
    pid=$!
    read -r _ ready endpoint < <("$bench" --wait-ready identity \
                                   --endpoint "http://127.0.0.1:$port" --ready-timeout 60) || true
  fi
  if [[ -z ${ready:-} ]]; then
    echo "run_bench.sh: $kind did not start; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  startup_ms=$(awk -v a="$t0" -v b="$ready" 'BEGIN {printf "%.1f", (b - a) / 1e6}')
}

stop_server() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

declare -A R  # R[kind,workload,field]
attach=auto

run_one() {
  local kind=$1 workload=$2 round=$3 extra=() json idle after hwm server_extra=
  if [[ $workload == write ]]; then
    [[ -s $write_keys ]] || make_write_accounts
    server_extra="--seed $write_seed"
    extra=(--writer-keys "$write_keys")
  fi
  # enforce runs localiam with --auth enforce; "baseline" is the same load in verify mode.
  [[ $workload == enforce && $kind == localiam ]] && server_extra="--auth enforce"
  start_server "$kind" "$kind-$workload-$round" "$server_extra"
  sleep 1
  idle=$(rss_kb "$pid")
  [[ $workload == mixed ]] && extra=(--attach "$attach")
  json=$("$bench" --endpoint "$endpoint" --workload "$workload" --connections "$connections" \
           --duration "$duration" --warmup "$warmup" --json "${extra[@]}") || true
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "run_bench.sh: $kind stopped during $workload; the end of its log:" >&2
    tail -n 5 "$work/$kind-$workload-$round.log" >&2
    exit 1
  fi
  after=$(rss_kb "$pid")
  hwm=$(hwm_kb "$pid")
  stop_server
  if [[ -z $json ]]; then
    echo "run_bench.sh: $workload against $kind produced no result" >&2
    return
  fi
  echo "{\"server\":\"$kind\",\"round\":$round,\"startup_ms\":$startup_ms,\"rss_idle_kb\":$idle,\"rss_after_kb\":$after,\"rss_peak_kb\":$hwm,\"result\":$json}" >>"$results"
  [[ $kind == localiam && $workload == mixed ]] && attach=$(jget "$json" attach)
  local key="$kind,$workload"
  # Keep the best round's throughput (and its latencies); start-up and memory from every run.
  local rps cps
  rps=$(jget "$json" requests_per_s)
  cps=$(jget "$json" cycles_per_s)
  R[round,$kind]=$rps
  if [[ -z ${R[$key,rps]:-} ]] || awk -v a="$rps" -v b="${R[$key,rps]}" 'BEGIN {exit !(a > b)}'; then
    R[$key,rps]=$rps
    R[$key,cps]=$cps
    R[$key,p50]=$(jget "$json" p50)
    R[$key,p99]=$(jget "$json" p99)
    R[$key,p999]=$(jget "$json" p999)
    R[$key,requests]=$(jget "$json" requests)
    R[$key,cycles]=$(jget "$json" cycles)
  fi
  R[$key,errors]=$(( ${R[$key,errors]:-0} + $(jget "$json" errors) + $(jget "$json" transport_errors) ))
  R[$kind,startups]+="$startup_ms "
  R[$kind,idle]+="$idle "
  R[$kind,after]+="$after "
  printf '  %-8s %-8s round %s: %9s req/s  p99 %8s ms  errors %s  start-up %s ms  RSS idle %s kB, after %s kB\n' \
    "$kind" "$workload" "$round" "$rps" "$(jget "$json" p99)" \
    "$(( $(jget "$json" errors) + $(jget "$json" transport_errors) ))" "$startup_ms" "$idle" "$after" >&2
}

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR) print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
maximum() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | tail -n1; }
fmt_int() { awk -v v="$1" 'BEGIN {if (v == "") print "–"; else printf "%\047.0f", v}'; }
mb() { awk -v v="$1" 'BEGIN {if (v == "") print "–"; else printf "%.1f", v / 1024}'; }
ratio() {  # ratio A B: A/B as "N×"
  awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b + 0 == 0) print "–"; else if (a / b >= 10) printf "%.0f×", a / b; else printf "%.1f×", a / b}'
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "==> load average before: $load_before; results in $results" >&2
kinds=(localiam)
[[ -n $moto ]] && kinds+=(moto)
for workload in $workloads; do
  for ((round = 1; round <= rounds; round++)); do
    # enforce and its verify baseline swap order every round, so that a machine that slows down
    # during the run does not always favour the one that runs first.
    R[round,localiam]= R[round,baseline]=
    [[ $workload == enforce && $((round % 2)) == 0 ]] && run_one baseline enforce "$round"
    for kind in "${kinds[@]}"; do run_one "$kind" "$workload" "$round"; done
    [[ $workload == enforce && $((round % 2)) == 1 ]] && run_one baseline enforce "$round"
    if [[ $workload == enforce && -n ${R[round,localiam]:-} && -n ${R[round,baseline]:-} ]]; then
      R[enforce,costs]+="$(awk -v e="${R[round,localiam]}" -v v="${R[round,baseline]}" \
                             'BEGIN {printf "%.2f", 100 * (1 - e / v)}') "
    fi
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- table -----------------------------------------------------------------------------------
label_identity="identity (GetCallerIdentity, root key)"
label_read="read (GetUser/GetRole, 100 each)"
label_write="write (CreateUser, SQLite file)"
label_mixed="mixed (create/attach/AssumeRole/delete cycle)"
label_enforce="enforce (GetUser/GetRole signed by a user with a 10-statement policy; localiam --auth enforce)"
label_simulate="simulate (SimulatePrincipalPolicy, 3 actions)"
table() {
  local m=moto
  echo "| measure | localiam | moto_server | localiam vs moto |"
  echo "| --- | ---: | ---: | ---: |"
  for workload in $workloads; do
    local label_var=label_$workload
    local label=${!label_var:-$workload}
    local l="localiam,$workload" o="$m,$workload"
    if [[ $workload == mixed ]]; then
      local per=""
      [[ -n ${R[$l,cycles]:-} && ${R[$l,cycles]} != 0 ]] &&
        per=$(awk -v r="${R[$l,requests]}" -v c="${R[$l,cycles]}" 'BEGIN {printf ", %.0f requests each", r / c}')
      echo "| $label: cycles/s$per | $(fmt_int "${R[$l,cps]:-}") | $(awk -v v="${R[$o,cps]:-}" 'BEGIN {if (v == "") print "–"; else printf "%.1f", v}') | $(ratio "${R[$l,cps]:-}" "${R[$o,cps]:-}") |"
    fi
    echo "| $label: requests/s | $(fmt_int "${R[$l,rps]:-}") | $(fmt_int "${R[$o,rps]:-}") | $(ratio "${R[$l,rps]:-}" "${R[$o,rps]:-}") |"
    echo "| $label: latency p50 / p99 / p99.9 ms | ${R[$l,p50]:-–} / ${R[$l,p99]:-–} / ${R[$l,p999]:-–} | ${R[$o,p50]:-–} / ${R[$o,p99]:-–} / ${R[$o,p999]:-–} | |"
    echo "| $label: errors | ${R[$l,errors]:-–} | ${R[$o,errors]:-–} | |"
    if [[ $workload == enforce && -n ${R[baseline,enforce,rps]:-} ]]; then
      local b="baseline,enforce"
      echo "| $label: the same load with --auth verify, requests/s (p99 ms) | $(fmt_int "${R[$b,rps]}") (${R[$b,p99]}) | | enforce costs $(awk -v e="${R[$l,rps]:-0}" -v v="${R[$b,rps]}" 'BEGIN {printf "%.1f %%", 100 * (1 - e / v)}') (best rounds); median of the $rounds paired rounds $(median "${R[enforce,costs]:-}") % |"
    fi
  done
  local ls=${R[localiam,startups]:-} ms=${R[$m,startups]:-}
  echo "| start-up to first answer, fresh database, ms (median; max) | $(median "$ls"); $(maximum "$ls") | $(median "$ms")$([[ -n $ms ]] && echo "; $(maximum "$ms")") | $(ratio "$(median "$ms")" "$(median "$ls")") faster |"
  echo "| resident memory idle, MB (median) | $(mb "$(median "${R[localiam,idle]:-}")") | $(mb "$(median "${R[$m,idle]:-}")") | $(ratio "$(median "${R[$m,idle]:-}")" "$(median "${R[localiam,idle]:-}")") less |"
  echo "| resident memory after load, MB (max) | $(mb "$(maximum "${R[localiam,after]:-}")") | $(mb "$(maximum "${R[$m,after]:-}")") | $(ratio "$(maximum "${R[$m,after]:-}")" "$(maximum "${R[localiam,after]:-}")") less |"
}

{
  echo "$connections connections, ${warmup} s warm-up + ${duration} s measured per run, $rounds round(s), best round shown;"
  echo "localiam --auth verify with a SQLite file; every request SigV4-signed by localiam_bench."
  echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(uname -r);"
  echo "load average before $load_before, after $load_after."
  echo
  table
} | tee ${output:+"$output"}
finished=1
echo "==> raw results: $results" >&2
