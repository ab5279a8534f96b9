#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "analysis/bootstrap.hpp"
#include "analysis/split_mix.hpp"
#include "support/split_mix.hpp"

using namespace lmsim::analysis;
using Values = std::vector<double>;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The indices of resample r, block by block.
std::vector<std::size_t> resample_indices(const MovingBlockBootstrap& bootstrap, std::size_t r) {
  std::vector<std::size_t> indices;
  const auto starts = bootstrap.block_starts(r);
  for (std::size_t k = 0; k < starts.size(); ++k) {
    for (std::size_t i = 0; i < bootstrap.block_size(k); ++i) indices.push_back(starts[k] + i);
  }
  return indices;
}

}  // namespace

TEST_CASE("SplitMix64: the reference outputs of Steele et al.'s generator", "[bootstrap]") {
  // splitmix64.c (Vigna) seeded with 0.
  SplitMix64 random(0);
  CHECK(random.next() == 0xE220A8397B1DCDAFull);
  CHECK(random.next() == 0x6E789E6AA1B965F4ull);
  CHECK(random.next() == 0x06C45D188009454Full);
}

TEST_CASE("SplitMix64: uniform below 1 and unbiased integers below a bound", "[bootstrap]") {
  SplitMix64 random(99);
  std::array<int, 6> counts{};
  for (int i = 0; i < 60'000; ++i) {
    const double u = random.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    const std::uint64_t die = random.below(6);
    REQUIRE(die < 6);
    ++counts[die];
  }
  // Each face 10,000 ± 4 standard deviations (√(60,000 · 1/6 · 5/6) ≈ 91).
  for (const int count : counts) CHECK(std::abs(count - 10'000) < 365);
  CHECK(random.below(1) == 0);
  CHECK(random.below(0) == 0);
  // A bound just above 2⁶³ rejects almost half of the draws; every result is still below it.
  const std::uint64_t bound = (std::uint64_t{1} << 63) + 12345;
  for (int i = 0; i < 100; ++i) CHECK(random.below(bound) < bound);
}

TEST_CASE("derive_seed: output number stream of SplitMix64(seed)", "[bootstrap]") {
  SplitMix64 random(2024);
  for (std::uint64_t stream = 0; stream < 5; ++stream) {
    CHECK(derive_seed(2024, stream) == random.next());
  }
  CHECK(derive_seed(1, 0) != derive_seed(2, 0));
}

TEST_CASE("cube_root_block_length: the exact integer ceiling of n^(1/3)", "[bootstrap]") {
  CHECK(cube_root_block_length(0) == 0);
  CHECK(cube_root_block_length(1) == 1);
  CHECK(cube_root_block_length(7) == 2);
  CHECK(cube_root_block_length(8) == 2);
  CHECK(cube_root_block_length(9) == 3);
  CHECK(cube_root_block_length(27) == 3);
  CHECK(cube_root_block_length(28) == 4);
  CHECK(cube_root_block_length(100'000) == 47);  // 46³ = 97,336 < 100,000 ≤ 47³ = 103,823
  CHECK(cube_root_block_length(1'000'000) == 100);
  CHECK(cube_root_block_length(1'000'001) == 101);
}

TEST_CASE("MovingBlockBootstrap: K blocks of b covering exactly n indices, starts in range",
          "[bootstrap]") {
  BootstrapSettings settings;
  settings.resamples = 50;
  settings.seed = 3;
  const MovingBlockBootstrap bootstrap(100, settings);
  CHECK(bootstrap.size() == 100);
  CHECK(bootstrap.block_length() == 5);  // ⌈100^(1/3)⌉
  CHECK(bootstrap.blocks_per_resample() == 20);
  CHECK(bootstrap.resamples() == 50);
  std::size_t full_blocks = 0;
  for (std::size_t r = 0; r < bootstrap.resamples(); ++r) {
    const auto starts = bootstrap.block_starts(r);
    REQUIRE(starts.size() == 20);
    std::size_t total = 0;
    for (std::size_t k = 0; k < starts.size(); ++k) {
      CHECK(starts[k] <= 95);
      total += bootstrap.block_size(k);
    }
    CHECK(total == 100);
    full_blocks += starts.size() - 1;
  }
  // The draws by start are the same full blocks, ordered by (start, resample).
  const auto by_start = bootstrap.full_blocks_by_start();
  REQUIRE(by_start.size() == full_blocks);
  for (std::size_t i = 1; i < by_start.size(); ++i) {
    const bool ordered = by_start[i - 1].start < by_start[i].start ||
                         (by_start[i - 1].start == by_start[i].start &&
                          by_start[i - 1].resample <= by_start[i].resample);
    CHECK(ordered);
  }
  std::vector<std::size_t> per_resample(bootstrap.resamples(), 0);
  for (const auto& draw : by_start) ++per_resample[draw.resample];
  for (const std::size_t count : per_resample) CHECK(count == 19);

  // A block length that does not divide n: the last block is short (100 = 7 · 14 + 2).
  settings.block_length = 14;
  const MovingBlockBootstrap uneven(100, settings);
  CHECK(uneven.blocks_per_resample() == 8);
  CHECK(uneven.block_size(0) == 14);
  CHECK(uneven.block_size(7) == 2);
}

TEST_CASE("MovingBlockBootstrap: full blocks by start are every resample's full blocks, sorted",
          "[bootstrap]") {
  // Enough possible starts (and short blocks) for the sort to use many buckets of starts: the
  // order must still be exactly (start, resample), each resample's blocks all present.
  BootstrapSettings settings;
  settings.resamples = 30;
  settings.seed = 8;
  settings.block_length = 3;
  for (const std::size_t n : {std::size_t{2}, std::size_t{2'050}, std::size_t{50'000}}) {
    CAPTURE(n);
    const MovingBlockBootstrap bootstrap(n, settings);
    std::vector<MovingBlockBootstrap::Draw> expected;
    for (std::size_t r = 0; r < bootstrap.resamples(); ++r) {
      const auto starts = bootstrap.block_starts(r);
      for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
        expected.push_back({starts[k], static_cast<std::uint32_t>(r)});
      }
    }
    std::stable_sort(expected.begin(), expected.end(),
                     [](const auto& a, const auto& b) { return a.start < b.start; });
    const auto by_start = bootstrap.full_blocks_by_start();
    REQUIRE(by_start.size() == expected.size());
    bool same = true;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      same = same && by_start[i].start == expected[i].start &&
             by_start[i].resample == expected[i].resample;
    }
    CHECK(same);
  }
}

TEST_CASE("MovingBlockBootstrap: resampled sums equal the sums over the resampled indices",
          "[bootstrap]") {
  lmsim::test::SplitMix random(5);
  Values series(1'000);
  for (double& value : series) value = lmsim::test::standard_normal(random) + 3.0;
  BootstrapSettings settings;
  settings.resamples = 40;
  settings.seed = 17;
  settings.block_length = 12;
  const MovingBlockBootstrap bootstrap(series.size(), settings);
  const Values sums = bootstrap.resampled_sums(series);
  REQUIRE(sums.size() == 40);
  for (std::size_t r = 0; r < sums.size(); ++r) {
    long double direct = 0.0L;
    for (const std::size_t i : resample_indices(bootstrap, r)) direct += series[i];
    CHECK(sums[r] == Approx(static_cast<double>(direct)).epsilon(1e-13));
  }
  CHECK_THROWS_WITH(bootstrap.resampled_sums(Values(3, 1.0)),
                    "MovingBlockBootstrap::resampled_sums: the series has 3 entries, not n = 1000");
}

TEST_CASE("MovingBlockBootstrap: the same seed draws the same blocks, another seed others",
          "[bootstrap]") {
  BootstrapSettings settings;
  settings.resamples = 20;
  settings.seed = 8;
  const MovingBlockBootstrap a(500, settings);
  const MovingBlockBootstrap b(500, settings);
  settings.seed = 9;
  const MovingBlockBootstrap c(500, settings);
  bool all_same = true;
  bool any_different = false;
  for (std::size_t r = 0; r < 20; ++r) {
    const auto sa = a.block_starts(r);
    const auto sb = b.block_starts(r);
    const auto sc = c.block_starts(r);
    all_same = all_same && std::equal(sa.begin(), sa.end(), sb.begin());
    any_different = any_different || !std::equal(sa.begin(), sa.end(), sc.begin());
  }
  CHECK(all_same);
  CHECK(any_different);
}

TEST_CASE("MovingBlockBootstrap: edge cases", "[bootstrap]") {
  BootstrapSettings settings;
  settings.resamples = 4;
  // n = 0: no blocks, sums 0.
  const MovingBlockBootstrap empty(0, settings);
  CHECK(empty.block_length() == 0);
  CHECK(empty.blocks_per_resample() == 0);
  CHECK(empty.resampled_sums(Values{}) == Values(4, 0.0));
  // b ≥ n: one block, the whole series, every time.
  settings.block_length = 50;
  const MovingBlockBootstrap whole(10, settings);
  CHECK(whole.block_length() == 10);
  CHECK(whole.resampled_sums(Values{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) == Values(4, 55.0));
  // No resamples: nothing drawn.
  settings.resamples = 0;
  CHECK(MovingBlockBootstrap(10, settings).resampled_sums(Values(10, 1.0)).empty());
  settings.confidence = 1.0;
  CHECK_THROWS_WITH(MovingBlockBootstrap(10, settings),
                    "MovingBlockBootstrap: confidence must be in (0, 1) (got 1)");
}

TEST_CASE("MovingBlockBootstrap: the standard error of a mean of iid data is σ/√n", "[bootstrap]") {
  lmsim::test::SplitMix random(21);
  const std::size_t n = 4'000;
  Values series(n);
  for (double& value : series) value = lmsim::test::standard_normal(random);
  BootstrapSettings settings;
  settings.resamples = 400;
  settings.seed = 4;
  const MovingBlockBootstrap bootstrap(n, settings);
  Values means = bootstrap.resampled_sums(series);
  for (double& mean : means) mean /= static_cast<double>(n);
  const double sample_mean = std::accumulate(series.begin(), series.end(), 0.0) / n;
  const Estimate estimate = bootstrap_estimate(sample_mean, means, 0.95);
  // σ = 1: 1/√4000 = 0.0158; 400 resamples estimate it to about ±4%.
  CHECK(estimate.standard_error == Approx(1.0 / std::sqrt(4'000.0)).epsilon(0.15));
  CHECK(estimate.ci_low < sample_mean);
  CHECK(estimate.ci_high > sample_mean);
}

TEST_CASE("sorted_quantile: type 7, linear between order statistics", "[bootstrap]") {
  const Values values{1, 2, 3, 4};
  CHECK(sorted_quantile(values, 0.0) == 1.0);
  CHECK(sorted_quantile(values, 1.0) == 4.0);
  CHECK(sorted_quantile(values, 0.5) == 2.5);                          // h = 1.5
  CHECK(sorted_quantile(values, 0.25) == 1.75);                        // h = 0.75
  CHECK(sorted_quantile(values, 0.95) == Approx(3.85).margin(1e-15));  // h = 2.85
  CHECK(sorted_quantile(Values{7}, 0.3) == 7.0);
  CHECK(std::isnan(sorted_quantile(Values{}, 0.5)));
  CHECK_THROWS_WITH(sorted_quantile(values, 1.5), "sorted_quantile: probability must be in [0, 1]");
  CHECK_THROWS_WITH(sorted_quantile(Values{3, 1}, 0.5),
                    "sorted_quantile: values must be sorted ascending");
}

TEST_CASE("bootstrap_estimate: standard deviation and percentile interval of the replicates",
          "[bootstrap]") {
  // Replicates {1..5}: mean 3, Σ(x − 3)² = 10, s = √(10/4); the 50% interval is the quartiles
  // (h = 1 and 3: 2 and 4). NaN replicates are left out.
  const Estimate estimate = bootstrap_estimate(2.9, Values{5, kNaN, 1, 4, 2, 3}, 0.5);
  CHECK(estimate.value == 2.9);
  CHECK(estimate.standard_error == Approx(std::sqrt(2.5)).margin(1e-15));
  CHECK(estimate.ci_low == 2.0);
  CHECK(estimate.ci_high == 4.0);
  // A NaN value makes everything NaN; fewer than two finite replicates leave only the value.
  const Estimate undefined = bootstrap_estimate(kNaN, Values{1, 2, 3}, 0.95);
  CHECK(std::isnan(undefined.value));
  CHECK(std::isnan(undefined.standard_error));
  CHECK(std::isnan(undefined.ci_low));
  const Estimate lonely = bootstrap_estimate(1.0, Values{1.5, kNaN}, 0.95);
  CHECK(lonely.value == 1.0);
  CHECK(std::isnan(lonely.standard_error));
  CHECK(std::isnan(lonely.ci_high));
  CHECK_THROWS_WITH(bootstrap_estimate(1.0, Values{1, 2}, 0.0),
                    "bootstrap_estimate: confidence must be in (0, 1) (got 0)");
}
