#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, AddressSanitizer, UndefinedBehavior-
# Sanitizer; tests/fuzz/) and runs each for SECONDS (default 20), starting from its seed corpus in
# tests/data/fuzz/<target>/ and the corpus earlier runs grew in build/fuzz/corpus/<target>/.
# Targets run side by side, one per core (FUZZ_JOBS to change that). Fails when any target finds a
# crash, a sanitizer report, a leak, an internal error or an input that takes more than 10 s; the
# input is kept in build/fuzz/artifacts/<target>/ (replay it with build/fuzz/tests/fuzz/fuzz_<target>
# FILE). docs/reliability.md lists what each target covers.
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario campaign score_inputs lobster tardis market_file)
fi
jobs="${FUZZ_JOBS:-$(nproc)}"

scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

# Runs one target; its exit status says whether it found anything.
fuzz() {
  local target="$1"
  local corpus="build/fuzz/corpus/${target}"
  local artifacts="build/fuzz/artifacts/${target}"
  mkdir -p "$corpus" "$artifacts"
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "build/fuzz/tests/fuzz/fuzz_${target}" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="${artifacts}/" \
      "$corpus" "tests/data/fuzz/${target}" >"build/fuzz/fuzz_${target}.log" 2>&1
}

echo "== fuzz ${targets[*]}: ${seconds} s each, ${jobs} at a time"
declare -A running=()
failed=()
finish() {
  local target="$1"
  local log="build/fuzz/fuzz_${target}.log"
  if wait "${running[$target]}"; then
    local runs coverage
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
    echo "   ${target}: ${runs:-?} inputs, ${coverage:-?} coverage points, corpus" \
         "$(ls "build/fuzz/corpus/${target}" | wc -l)"
  else
    echo "   ${target}: FAILED: the fuzzer found a problem (${log}); the input is in" \
         "build/fuzz/artifacts/${target}/"
    tail -n 40 "$log"
    failed+=("$target")
  fi
  unset "running[$target]"
}
for target in "${targets[@]}"; do
  while [ ${#running[@]} -ge "$jobs" ]; do
    # Wait for the oldest of the running targets.
    for oldest in "${!running[@]}"; do break; done
    finish "$oldest"
  done
  fuzz "$target" &
  running[$target]=$!
done
for target in "${!running[@]}"; do finish "$target"; done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]}" >&2
  exit 1
fi
echo "== fuzzing found nothing"
