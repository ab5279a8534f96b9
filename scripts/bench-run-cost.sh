#!/usr/bin/env bash
# What a run costs next to its simulation, for every bundled scenario (or those named): the
# in-process simulation (bench_simulation's BM_Scenario/<name>: the run alone, nothing
# collected or written) against the whole `lmsim run` process with its defaults (baseline,
# metrics, results written), each timed RUNS times; prints min / median of both and the ratio
# of the medians.
# usage: scripts/bench-run-cost.sh [BUILD_DIR=build/release] [RUNS=5] [SCENARIO...]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
runs="${2:-5}"
shift 2 || shift $# || true
cmake --build "$build" --target lmsim bench_simulation >/dev/null
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  for file in scenarios/*.toml; do scenarios+=("$(basename "$file" .toml)"); done
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%-16s %22s %22s %7s\n' scenario "simulation min/median" "lmsim run min/median" ratio
for name in "${scenarios[@]}"; do
  "$build/tests/bench/bench_simulation" --benchmark_filter="^BM_Scenario/$name\$" \
    --benchmark_repetitions="$runs" --benchmark_format=json >"$out/bench.json" 2>/dev/null
  : >"$out/wall"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f %e -a -o "$out/wall" "$build/sim/lmsim" run "scenarios/$name.toml" \
      --out "$out/run" --force >/dev/null
  done
  python3 - "$name" "$out/bench.json" "$out/wall" <<'PY'
import json, statistics, sys
name, bench, wall = sys.argv[1:]
runs = [b for b in json.load(open(bench))["benchmarks"] if b.get("run_type") == "iteration"]
sim = sorted(b["real_time"] / 1000.0 for b in runs)  # ms -> s
whole = sorted(float(line) for line in open(wall) if line.strip())
ratio = statistics.median(whole) / statistics.median(sim)
print(f"{name:<16} {sim[0]:9.3f} / {statistics.median(sim):7.3f} s "
      f"{whole[0]:9.3f} / {statistics.median(whole):7.3f} s {ratio:6.2f}x")
PY
done
