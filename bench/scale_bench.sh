#!/usr/bin/env bash
# bench/scale_bench.sh: localiam with one account of many users (default 1,000,000).
#
#   bench/scale_bench.sh [--users N] [--duration S] [--starts K] [--build-dir DIR]
#                        [--keep DB] [--output FILE]
#
# Builds localiam and localiam_bench when needed (Release, build-bench/), lets localiam create
# an empty database (its own schema and migrations), then inserts N users user0000001… straight
# through the sqlite3 CLI in one transaction (the server's own write path would take minutes).
# Then it measures: the database size per user; start-up to the first answered request (GET
# /_localiam/health, and a signed GetCallerIdentity) over K starts; resident memory; GetUser on
# random users; and one ListUsers page (MaxItems=100) at the start, the middle and the end of
# the list (Marker = base64 of the last name of the previous page, as the server makes it).
# Latencies come from localiam_bench over 1 connection (what one test suite sees) and over 8,
# with the file read once beforehand so that the OS page cache holds it.
# Prints a markdown table; --output also writes it to FILE. --keep DB keeps (and reuses) the
# database at DB instead of a temporary file.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
users=1000000
duration=5
starts=5
build_dir=$root/build-bench
keep=
output=
while [[ $# -gt 0 ]]; do
  case $1 in
    --users) users=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --starts) starts=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale_bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "scale_bench.sh: needs the sqlite3 CLI (apt-get install sqlite3)" >&2; exit 1; }

if [[ ! -f $build_dir/build.ninja && ! -f $build_dir/Makefile ]]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
echo "==> Building localiam and localiam_bench in $build_dir" >&2
cmake --build "$build_dir" --target localiam localiam_bench >/dev/null
server=$build_dir/localiam
bench=$build_dir/localiam_bench

work=$(mktemp -d "${TMPDIR:-/tmp}/localiam-scale.XXXXXX")
db=${keep:-$work/scale.db}
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  [[ -z $keep ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT

now_ns() { date +%s%N; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
jget() { sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" <<<"$1" | tr -d '"'; }
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR) print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
maximum() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | tail -n1; }

# Starts localiam on $db; sets pid, endpoint, startup_ms (until the first 200 to `probe`).
start_server() {
  local probe=$1 log=$work/server.log t0 ready
  : >"$log"
  t0=$(now_ns)
  "$server" --port 0 --data "$db" --auth verify >"$log" 2>&1 &
  pid=$!
  read -r _ ready endpoint < <("$bench" --wait-ready "$probe" --endpoint-file "$log" \
                                 --ready-timeout 60) || true
  if [[ -z ${ready:-} ]]; then
    echo "scale_bench.sh: localiam did not start; its log:" >&2
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

# --- the database ----------------------------------------------------------------------------
existing=0
[[ -f $db ]] && existing=$(sqlite3 "$db" "SELECT count(*) FROM users" 2>/dev/null || echo 0)
if [[ $existing -lt $users ]]; then
  rm -f "$db" "$db-wal" "$db-shm"
  echo "==> Creating the schema (localiam), then inserting $users users (sqlite3)" >&2
  start_server health
  stop_server
  # user_id: "AIDA" + "BENCH" + 12 base32 characters of a bijective hash of the row number, so
  # ids look like IAM's and stay unique.
  alphabet=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567
  hash="((i * 2654435761) % 1152921504606846976)"
  id_expr="'AIDABENCH'"
  for k in $(seq 0 11); do
    id_expr="$id_expr || substr('$alphabet', (($hash >> $((5 * k))) & 31) + 1, 1)"
  done
  t0=$(now_ns)
  sqlite3 "$db" >/dev/null <<SQL
PRAGMA synchronous=OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $users)
INSERT INTO users (account_id, name, user_id, path, create_date)
SELECT '000000000000', printf('user%07d', i), $id_expr, '/', 1767225600 FROM n;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL

  load_s=$(awk -v a="$t0" -v b="$(now_ns)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  echo "==> inserted in $load_s s" >&2
else
  echo "==> Reusing $db ($existing users)" >&2
fi
# The size of an empty database, to count only what the users take.
db_main=$db
db=$work/empty.db
start_server health
stop_server
empty_bytes=$(stat -c %s "$db")
db=$db_main
db_bytes=$(stat -c %s "$db")
count=$(sqlite3 "$db" "SELECT count(*) FROM users")
per_user=$(awk -v b="$db_bytes" -v e="$empty_bytes" -v n="$count" 'BEGIN {printf "%.0f", (b - e) / n}')

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- start-up --------------------------------------------------------------------------------
health_starts= identity_starts= idle_rss=
for ((i = 1; i <= starts; i++)); do
  start_server health
  health_starts+="$startup_ms "
  sleep 0.5
  idle_rss+="$(rss_kb "$pid") "
  stop_server
  start_server identity
  identity_starts+="$startup_ms "
  stop_server
done
echo "==> start-up ms (health): $health_starts; (GetCallerIdentity): $identity_starts" >&2

# --- latency ---------------------------------------------------------------------------------
# Read the file once so that the OS page cache holds it: this machine's memory reclaim (DAMON)
# evicts idle file pages, and a cold cache would measure the disk rather than localiam.
cat "$db" >/dev/null
start_server health
declare -A R
measure() {  # measure KEY CONNECTIONS bench-args…
  local key=$1 connections=$2 json
  shift 2
  json=$("$bench" --endpoint "$endpoint" --connections "$connections" --duration "$duration" \
           --warmup 1 --json "$@") || true
  if ! kill -0 "$pid" 2>/dev/null || [[ -z $json ]]; then
    echo "scale_bench.sh: localiam stopped during $key; the end of its log:" >&2
    tail -n 5 "$work/server.log" >&2
    exit 1
  fi
  R[$key,rps]=$(jget "$json" requests_per_s)
  R[$key,p50]=$(jget "$json" p50)
  R[$key,p99]=$(jget "$json" p99)
  R[$key,p999]=$(jget "$json" p999)
  R[$key,errors]=$(( $(jget "$json" errors) + $(jget "$json" transport_errors) ))
  echo "  $key x$connections: ${R[$key,rps]} req/s, p50 ${R[$key,p50]} p99 ${R[$key,p99]} ms, errors ${R[$key,errors]}" >&2
}
middle=$(printf 'user%07d' $((count / 2)))
last=$(printf 'user%07d' $((count - 100)))
for c in 1 8; do
  measure "getuser,$c" $c --workload get-user --user-count "$count" --user-format 'user%07d'
  measure "list-start,$c" $c --workload list-users
  measure "list-middle,$c" $c --workload list-users --list-after "$middle"
  measure "list-end,$c" $c --workload list-users --list-after "$last"
done
loaded_rss=$(rss_kb "$pid")
stop_server
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

row() {  # row LABEL KEY
  echo "| $1 | ${R[$2,1,p50]} / ${R[$2,1,p99]} / ${R[$2,1,p999]} | ${R[$2,1,rps]} | ${R[$2,8,p50]} / ${R[$2,8,p99]} / ${R[$2,8,p999]} | ${R[$2,8,rps]} | $(( ${R[$2,1,errors]} + ${R[$2,8,errors]} )) |"
}
{
  echo "localiam --auth verify on a SQLite file with $count users in one account ($(awk -v b="$db_bytes" 'BEGIN {printf "%.1f", b / 1048576}') MB,"
  echo "$per_user bytes per user); OS page cache warmed (cat) before the latency runs. Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1);"
  echo "load average before $load_before, after $load_after. ${duration} s measured per line after 1 s warm-up."
  echo
  echo "| measure | value |"
  echo "| --- | ---: |"
  echo "| start-up to first answer (GET /_localiam/health), ms: median; max of $starts | $(median "$health_starts"); $(maximum "$health_starts") |"
  echo "| start-up to first answered GetCallerIdentity, ms: median; max of $starts | $(median "$identity_starts"); $(maximum "$identity_starts") |"
  echo "| resident memory idle, MB (median) | $(awk -v v="$(median "$idle_rss")" 'BEGIN {printf "%.1f", v / 1024}') |"
  echo "| resident memory after the runs below, MB | $(awk -v v="$loaded_rss" 'BEGIN {printf "%.1f", v / 1024}') |"
  echo "| database size per user, bytes | $per_user |"
  echo
  echo "| request | 1 connection: p50 / p99 / p99.9 ms | req/s | 8 connections: p50 / p99 / p99.9 ms | req/s | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  row "GetUser (random user)" getuser
  row "ListUsers page 1 (MaxItems=100)" list-start
  row "ListUsers page after $middle" list-middle
  row "ListUsers last page (after $last)" list-end
} | tee ${output:+"$output"}
