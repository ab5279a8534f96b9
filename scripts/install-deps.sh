#!/usr/bin/env bash
# Installs lmsim's dependencies from Debian 12 packages. Runs apt-get through sudo when not root;
# does nothing when every package is already installed.
# usage: scripts/install-deps.sh [run|all]     (default: all)
#        scripts/install-deps.sh --check [run|all]
#   run  what building and running the lmsim command needs (scripts/build.sh release lmsim)
#   all  also the test suite, the benchmarks, MPI sweeps and the fuzz targets
#   --check  installs nothing: exits 0 when the set is installed, 1 when a package is missing
set -euo pipefail

check=0
if [ "${1:-}" = "--check" ]; then
  check=1
  shift
fi
set_name="${1:-all}"

run_packages=(
  cmake ninja-build g++ pkg-config
  libboost-program-options-dev   # CLI
  libboost-math-dev              # Student-t quantiles (header-only Boost.Math) in analysis/
  libtomlplusplus-dev            # scenario and campaign files
  libhdf5-dev                    # results (C and C++ APIs)
  libeigen3-dev                  # numerics
  zlib1g-dev                     # compressed market data
  libdeflate-dev                 # fast whole-buffer deflate of HDF5 chunks (results, market files)
  libssl-dev                     # libcrypto: SHA-256 checksums of market inputs and results
  libyaml-cpp-dev                # Hummingbot strategy configs (lmsim import-hummingbot)
  libnlopt-cxx-dev               # derivative-free optimisers of lmsim calibrate (sim/app)
  gnuplot-nox                    # report plots
)
development_packages=(
  make                           # the install check's consumer project (scripts/test-install.sh)
  catch2                         # tests (v2)
  libbenchmark-dev               # benchmark executables
  libopenmpi-dev openmpi-bin     # sweeps across the ranks of an MPI job (optional at build time)
  clang-14 libclang-rt-14-dev    # libFuzzer and its sanitizers: the fuzz targets (scripts/fuzz.sh)
)

case "$set_name" in
  run) packages=("${run_packages[@]}") ;;
  all) packages=("${run_packages[@]}" "${development_packages[@]}") ;;
  *)
    echo "install-deps.sh: unknown set '$set_name' (expected run or all)" >&2
    exit 2
    ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$check" -eq 1 ]; then
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
