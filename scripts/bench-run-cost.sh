#!/usr/bin/env bash
# What a run costs next to its simulation, for every bundled scenario (or those named): the
# in-process simulation (bench_simulation's BM_Scenario/<name>: the run alone, nothing
# collected or written) against the whole `lmsim run` process with its defaults (baseline,
# metrics, results written). The two are timed in turn, RUNS pairs of them, so that a machine
# whose speed drifts moves both alike; prints min / median of both and the median of the pairs'
# ratios (whole run / simulation). Above the table, what memory the process has never touched
# costs on this machine (tests/bench/fresh_memory): the one cost of the whole run that the
# in-process simulation, whose later iterations reuse the memory of the first, never pays. Each
# run here follows a benchmark process that has just freed its memory, which the kernel hands
# on; a run started after some seconds of idleness may find that memory returned to the
# hypervisor's host and pay more (docs/performance.md).
# usage: scripts/bench-run-cost.sh [BUILD_DIR=build/release] [RUNS=5] [SCENARIO...]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
runs="${2:-5}"
shift 2 || shift $# || true
cmake --build "$build" --target lmsim bench_simulation fresh_memory >/dev/null
echo "what fresh memory costs on this machine (tests/bench/fresh_memory 64):"
"$build/tests/bench/fresh_memory" 64 | sed 's/^/  /'
echo
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  for file in scenarios/*.toml; do scenarios+=("$(basename "$file" .toml)"); done
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%-16s %22s %22s %7s\n' scenario "simulation min/median" "lmsim run min/median" paired
for name in "${scenarios[@]}"; do
  : >"$out/wall"
  : >"$out/simulation"
  for _ in $(seq "$runs"); do
    "$build/tests/bench/bench_simulation" --benchmark_filter="^BM_Scenario/$name\$" \
      --benchmark_repetitions=1 --benchmark_format=json >"$out/bench.json" 2>/dev/null
    python3 -c 'import json, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("run_type") == "iteration"]
print(runs[0]["real_time"] / 1000.0)  # ms -> s' "$out/bench.json" >>"$out/simulation"
    start=$EPOCHREALTIME
    "$build/sim/lmsim" run "scenarios/$name.toml" --out "$out/run" --force >/dev/null
    echo "$start $EPOCHREALTIME" >>"$out/wall"
  done
  python3 - "$name" "$out/simulation" "$out/wall" <<'PY'
import statistics, sys
name, simulation, wall = sys.argv[1:]
sim = [float(line) for line in open(simulation) if line.strip()]
whole = [float(end) - float(start) for start, end in (line.split() for line in open(wall))]
ratio = statistics.median(w / s for w, s in zip(whole, sim))
print(f"{name:<16} {min(sim):9.3f} / {statistics.median(sim):7.3f} s "
      f"{min(whole):9.3f} / {statistics.median(whole):7.3f} s {ratio:6.2f}x")
PY
done
