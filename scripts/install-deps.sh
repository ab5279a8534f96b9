#!/usr/bin/env bash
# Installs lmsim's build and test dependencies from Debian 12 packages. Runs apt-get through sudo
# when not root; does nothing when every package is already installed.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libboost-program-options-dev   # CLI
  libboost-math-dev              # Student-t quantiles (header-only Boost.Math) in analysis/
  libtomlplusplus-dev            # scenario and campaign files
  libhdf5-dev                    # results (C and C++ APIs)
  libeigen3-dev                  # numerics
  catch2                         # tests (v2)
  libbenchmark-dev               # benchmark executables
  zlib1g-dev                     # compressed market data
  libdeflate-dev                 # fast whole-buffer deflate of HDF5 chunks (results, market files)
  libssl-dev                     # libcrypto: SHA-256 checksums of market inputs and results
  libopenmpi-dev openmpi-bin     # sweeps across the ranks of an MPI job (optional at build time)
  libyaml-cpp-dev                # Hummingbot strategy configs (lmsim import-hummingbot)
  gnuplot-nox                    # report plots
  clang-14 libclang-rt-14-dev    # libFuzzer and its sanitizers: the fuzz targets (scripts/fuzz.sh)
  libnlopt-cxx-dev               # derivative-free optimisers of lmsim calibrate (sim/app)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
