#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, AddressSanitizer, UndefinedBehavior-
# Sanitizer; tests/fuzz/) and runs each for SECONDS (default 20), starting from its seed corpus in
# tests/data/fuzz/<target>/ and the corpus earlier runs grew in build/fuzz/corpus/<target>/.
# Fails when any target finds a crash, a sanitizer report, a leak or an input that takes more
# than 10 s; the input is kept in build/fuzz/artifacts/<target>/ (replay it with
# build/fuzz/tests/fuzz/fuzz_<target> FILE). docs/reliability.md lists what each target covers.
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario campaign score_inputs lobster tardis market_file)
fi

scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

failed=()
for target in "${targets[@]}"; do
  binary="build/fuzz/tests/fuzz/fuzz_${target}"
  corpus="build/fuzz/corpus/${target}"
  artifacts="build/fuzz/artifacts/${target}"
  log="build/fuzz/fuzz_${target}.log"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzz ${target}: ${seconds} s"
  if ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
     UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
     "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="${artifacts}/" "$corpus" "tests/data/fuzz/${target}" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
    echo "   ${runs:-?} inputs, ${coverage:-?} coverage points, corpus $(ls "$corpus" | wc -l)"
  else
    echo "   FAILED: the fuzzer found a problem (${log}); the input is in ${artifacts}/"
    tail -n 40 "$log"
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]}" >&2
  exit 1
fi
echo "== fuzzing found nothing"
