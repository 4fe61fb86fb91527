#!/usr/bin/env bash
# fuzz/run.sh: builds the libFuzzer targets (clang, -DLOCALIAM_FUZZ=ON) into build-fuzz/ and runs
# each one for a fixed time, starting from its seeds in fuzz/corpus/<target>/ (which every run
# replays first: crash regressions live there too). New inputs go to build-fuzz/corpus/<target>/,
# crashing inputs to build-fuzz/artifacts/<target>/. Exits non-zero when any target crashes,
# leaks, times out or fails to build. See fuzz/README.md.
#
#   fuzz/run.sh [--seconds N] [--build-dir DIR] [--no-build] [target ...]
#
# --seconds N   time per target (default 20); 0 only replays the seed corpus
# targets       some of: query_form sigv4 policy conditions xml_roundtrip jwt saml (default: all)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=20
build_dir=build-fuzz
build=1
targets=()
while (($# > 0)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "fuzz/run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if ((${#targets[@]} == 0)); then
  for dir in fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

if ((build)); then
  if ! command -v clang++ >/dev/null 2>&1; then
    echo "fuzz/run.sh: clang++ is missing (apt-get install clang libclang-rt-14-dev)" >&2
    exit 1
  fi
  launcher=()
  if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  echo "==> Building the fuzz targets into $build_dir/"
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DLOCALIAM_FUZZ=ON -DBUILD_TESTING=OFF \
    "${launcher[@]}" >/dev/null
  cmake --build "$build_dir" --target "${targets[@]/#/fuzz_}"
fi

# UBSan findings abort (the build uses -fno-sanitize-recover); leaks count as failures.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
for target in "${targets[@]}"; do
  binary="$build_dir/fuzz_$target"
  seeds="fuzz/corpus/$target"
  work="$build_dir/corpus/$target"
  artifacts="$build_dir/artifacts/$target/"
  mkdir -p "$work" "$artifacts"
  if ((seconds == 0)); then
    echo "==> $target: replaying $seeds"
    args=(-runs=0 "$seeds")
  else
    echo "==> $target: ${seconds}s from $seeds"
    args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
          "$work" "$seeds")
  fi
  log="$build_dir/fuzz_$target.log"
  if "$binary" -artifact_prefix="$artifacts" "${args[@]}" >"$log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^Done [0-9]+ runs" "$log" | tr '\n' ' ' || true
    echo
  else
    echo "!!! $target failed; its log ($log) ends with:" >&2
    tail -n 40 "$log" >&2
    failed+=("$target")
  fi
done

if ((${#failed[@]} > 0)); then
  echo "fuzz/run.sh: failed: ${failed[*]} (crashing inputs in $build_dir/artifacts/)" >&2
  exit 1
fi
echo "fuzz/run.sh: ${#targets[@]} targets passed"
