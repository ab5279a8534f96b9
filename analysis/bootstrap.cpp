#include "analysis/bootstrap.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "analysis/split_mix.hpp"
#include "engine/not_a_number.hpp"

namespace lmsim::analysis {

namespace {

void check_confidence(double confidence, const char* function) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    // The shortest text that reads back to the same double.
    std::array<char, 32> text{};
    const auto end = std::to_chars(text.data(), text.data() + text.size(), confidence).ptr;
    throw std::invalid_argument(std::string(function) + ": confidence must be in (0, 1) (got " +
                                std::string(text.data(), end) + ")");
  }
}

}  // namespace

std::size_t cube_root_block_length(std::size_t n) {
  if (n == 0) return 0;
  // Start from the floating-point root and correct it, so that rounding never decides the answer.
  auto b = static_cast<std::size_t>(std::cbrt(static_cast<double>(n)));
  while (b > 1 && (b - 1) * (b - 1) * (b - 1) >= n) --b;
  while (b * b * b < n) ++b;
  return std::max<std::size_t>(b, 1);
}

MovingBlockBootstrap::MovingBlockBootstrap(std::size_t n, const BootstrapSettings& settings)
    : n_(n), block_length_(0), blocks_(0), resamples_(settings.resamples) {
  check_confidence(settings.confidence, "MovingBlockBootstrap");
  constexpr std::size_t kLimit = std::numeric_limits<std::uint32_t>::max();
  if (n > kLimit || resamples_ > kLimit) {
    throw std::invalid_argument("MovingBlockBootstrap: n and resamples must be < 2^32");
  }
  if (n == 0) return;
  block_length_ =
      std::min(n, settings.block_length == 0 ? cube_root_block_length(n) : settings.block_length);
  blocks_ = (n + block_length_ - 1) / block_length_;
  const std::uint64_t start_count = n - block_length_ + 1;
  starts_.resize(resamples_ * blocks_);
  SplitMix64 random(settings.seed);
  for (std::uint32_t& start : starts_)
    start = static_cast<std::uint32_t>(random.below(start_count));
  // The full blocks ordered by start, then resample. A counting sort over every possible start
  // would scatter its counts over n entries; instead the blocks are first distributed, in order
  // of resample, among buckets of 2^kLocalBits consecutive starts, and each bucket is then
  // counting-sorted on its own, stably, with counts that stay in cache.
  constexpr unsigned kLocalBits = 11;
  const std::size_t full = blocks_ - 1;
  const auto bits = static_cast<unsigned>(std::bit_width(start_count - 1));
  const unsigned local_bits = std::min(bits, kLocalBits);
  std::vector<std::size_t> first((std::size_t{1} << (bits - local_bits)) + 1, 0);
  for (std::size_t r = 0; r < resamples_; ++r) {
    for (std::size_t k = 0; k < full; ++k) ++first[(starts_[r * blocks_ + k] >> local_bits) + 1];
  }
  for (std::size_t h = 1; h < first.size(); ++h) first[h] += first[h - 1];
  std::vector<Draw> bucketed(first.back());
  std::vector<std::size_t> next(first.begin(), first.end() - 1);
  for (std::size_t r = 0; r < resamples_; ++r) {
    for (std::size_t k = 0; k < full; ++k) {
      const std::uint32_t start = starts_[r * blocks_ + k];
      bucketed[next[start >> local_bits]++] = {start, static_cast<std::uint32_t>(r)};
    }
  }
  // Each bucket sorted in place, from a copy of it that stays in cache.
  const std::uint32_t mask = (std::uint32_t{1} << local_bits) - 1;
  std::array<std::size_t, (std::size_t{1} << kLocalBits) + 1> local{};
  std::vector<Draw> bucket;
  for (std::size_t h = 0; h + 1 < first.size(); ++h) {
    bucket.assign(bucketed.begin() + static_cast<std::ptrdiff_t>(first[h]),
                  bucketed.begin() + static_cast<std::ptrdiff_t>(first[h + 1]));
    local.fill(0);
    for (const Draw& draw : bucket) ++local[(draw.start & mask) + 1];
    local[0] = first[h];
    for (std::size_t low = 1; low <= mask; ++low) local[low] += local[low - 1];
    for (const Draw& draw : bucket) bucketed[local[draw.start & mask]++] = draw;
  }
  by_start_ = std::move(bucketed);
}

std::span<const std::uint32_t> MovingBlockBootstrap::block_starts(std::size_t resample) const {
  return std::span<const std::uint32_t>(starts_).subspan(resample * blocks_, blocks_);
}

std::size_t MovingBlockBootstrap::block_size(std::size_t block) const {
  return block + 1 < blocks_ ? block_length_ : n_ - (blocks_ - 1) * block_length_;
}

std::vector<double> MovingBlockBootstrap::resampled_sums(std::span<const double> series) const {
  if (series.size() != n_) {
    throw std::invalid_argument("MovingBlockBootstrap::resampled_sums: the series has " +
                                std::to_string(series.size()) +
                                " entries, not n = " + std::to_string(n_));
  }
  std::vector<double> sums(resamples_, 0.0);
  if (n_ == 0) return sums;
  // Prefix sums in long double: a block's sum is a difference of two of them, and the extra
  // precision keeps that difference exact to double precision over long series.
  std::vector<long double> prefix(n_ + 1);
  prefix[0] = 0.0L;
  for (std::size_t i = 0; i < n_; ++i) prefix[i + 1] = prefix[i] + series[i];
  for (const Draw& draw : by_start_) {
    sums[draw.resample] +=
        static_cast<double>(prefix[draw.start + block_length_] - prefix[draw.start]);
  }
  const std::size_t last = blocks_ - 1;
  const std::size_t last_size = block_size(last);
  for (std::size_t r = 0; r < resamples_; ++r) {
    const std::size_t start = starts_[r * blocks_ + last];
    sums[r] += static_cast<double>(prefix[start + last_size] - prefix[start]);
  }
  return sums;
}

double sorted_quantile(std::span<const double> sorted, double probability) {
  if (!(probability >= 0.0 && probability <= 1.0)) {
    throw std::invalid_argument("sorted_quantile: probability must be in [0, 1]");
  }
  if (sorted.empty()) return kNaN;
  if (sorted.front() > sorted.back()) {
    throw std::invalid_argument("sorted_quantile: values must be sorted ascending");
  }
  const double h = static_cast<double>(sorted.size() - 1) * probability;
  const auto low = static_cast<std::size_t>(h);
  if (low + 1 >= sorted.size()) return sorted[low];
  return sorted[low] + (h - static_cast<double>(low)) * (sorted[low + 1] - sorted[low]);
}

Estimate bootstrap_estimate(double value, std::span<const double> replicates, double confidence) {
  check_confidence(confidence, "bootstrap_estimate");
  if (std::isnan(value)) return {kNaN, kNaN, kNaN, kNaN};
  std::vector<double> finite;
  finite.reserve(replicates.size());
  for (const double replicate : replicates) {
    if (!std::isnan(replicate)) finite.push_back(replicate);
  }
  if (finite.size() < 2) return {value, kNaN, kNaN, kNaN};
  long double total = 0.0L;
  for (const double replicate : finite) total += replicate;
  const long double mean = total / static_cast<long double>(finite.size());
  long double squares = 0.0L;
  for (const double replicate : finite) squares += (replicate - mean) * (replicate - mean);
  const double standard_error =
      static_cast<double>(std::sqrt(squares / static_cast<long double>(finite.size() - 1)));
  std::sort(finite.begin(), finite.end());
  const double tail = (1.0 - confidence) / 2.0;
  return {value, standard_error, sorted_quantile(finite, tail),
          sorted_quantile(finite, 1.0 - tail)};
}

}  // namespace lmsim::analysis
