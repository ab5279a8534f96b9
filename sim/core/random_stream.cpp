#include "sim/core/random_stream.hpp"

#include <algorithm>
#include <cmath>

namespace lmsim::sim {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t derive_seed(std::uint64_t master_seed, std::string_view component) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : component) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  std::uint64_t state = master_seed ^ splitmix64(hash);
  return splitmix64(state);
}

RandomStream::RandomStream(std::uint64_t seed) : engine_(seed) {}

std::uint64_t RandomStream::below(std::uint64_t bound) {
  __extension__ typedef unsigned __int128 U128;
  U128 product = static_cast<U128>(engine_()) * bound;
  auto low = static_cast<std::uint64_t>(product);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      product = static_cast<U128>(engine_()) * bound;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

double RandomStream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  double u = 0.0;
  double v = 0.0;
  double s = 0.0;
  do {
    u = uniform(-1.0, 1.0);
    v = uniform(-1.0, 1.0);
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

double RandomStream::pareto(double scale, double alpha) {
  return scale / std::pow(1.0 - uniform(), 1.0 / alpha);
}

std::uint64_t RandomStream::poisson(double mean) {
  if (mean <= 0.0) return 0;
  if (mean > 64.0) {
    // Capped at 2^62, so that an absurd mean cannot overflow the count.
    const double draw = std::min(std::round(normal(mean, std::sqrt(mean))), 0x1.0p62);
    return draw < 0.0 ? 0 : static_cast<std::uint64_t>(draw);
  }
  // Knuth's multiplication method: exact in distribution, cost proportional to the mean.
  const double limit = std::exp(-mean);
  std::uint64_t count = 0;
  double product = uniform();
  while (product > limit) {
    ++count;
    product *= uniform();
  }
  return count;
}

}  // namespace lmsim::sim
