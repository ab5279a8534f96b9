#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/correlation.hpp"
#include "support/split_mix.hpp"

using namespace lmsim::analysis;
using Values = std::vector<double>;

TEST_CASE("average_ranks: 1-based, ties share the average rank, input order kept",
          "[correlation]") {
  CHECK(average_ranks(Values{10, 20, 20, 30}) == Values{1, 2.5, 2.5, 4});
  CHECK(average_ranks(Values{30, 10, 20}) == Values{3, 1, 2});
  CHECK(average_ranks(Values{5, 5, 5}) == Values{2, 2, 2});
  CHECK(average_ranks(Values{2, 1, 2, 1, 2}) == Values{4, 1.5, 4, 1.5, 4});
  CHECK(average_ranks(Values{0.0, -0.0}) == Values{1.5, 1.5});
  CHECK(average_ranks(Values{}).empty());
  CHECK_THROWS_AS(average_ranks(Values{1, std::numeric_limits<double>::quiet_NaN()}),
                  std::invalid_argument);
}

TEST_CASE("pearson_correlation: hand-computed values", "[correlation]") {
  // x̄ = 2, ȳ = 7/3: Σdxdy = 3, Σdx² = 2, Σdy² = 14/3, r = 3 / √(28/3) = √(27/28).
  CHECK(pearson_correlation(Values{1, 2, 3}, Values{1, 2, 4}) ==
        Approx(std::sqrt(27.0 / 28.0)).margin(1e-15));
  CHECK(pearson_correlation(Values{1, 2, 3}, Values{10, 20, 30}) == Approx(1.0).margin(1e-15));
  CHECK(pearson_correlation(Values{1, 2, 3}, Values{3, 2, 1}) == Approx(-1.0).margin(1e-15));
  // A large common offset does not cancel: means are subtracted before the products.
  CHECK(pearson_correlation(Values{1e9 + 1, 1e9 + 2, 1e9 + 3}, Values{1, 2, 4}) ==
        Approx(std::sqrt(27.0 / 28.0)).margin(1e-12));
  // Symmetric around x̄ with y = x² : uncorrelated.
  CHECK(pearson_correlation(Values{-1, 0, 1}, Values{1, 0, 1}) == Approx(0.0).margin(1e-15));
}

TEST_CASE("spearman_correlation: monotone pairs give ±1", "[correlation]") {
  CHECK(spearman_correlation(Values{1, 2, 4}, Values{1, 2, 3}) == 1.0);
  CHECK(spearman_correlation(Values{1, 10, 100, 1000}, Values{0.1, 0.2, 0.3, 0.4}) == 1.0);
  CHECK(spearman_correlation(Values{1, 10, 100, 1000}, Values{4, 3, 2, 1}) == -1.0);
}

TEST_CASE("spearman_correlation: ties use average ranks", "[correlation]") {
  // Ranks x = {1, 2.5, 2.5, 4}, y = {1, 2, 3, 4}: Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5,
  // r = 4.5 / √22.5 = √0.9.
  CHECK(spearman_correlation(Values{1, 2, 2, 3}, Values{1, 2, 3, 4}) ==
        Approx(std::sqrt(0.9)).margin(1e-15));
  // Ranks x = {1.5, 1.5, 3.5, 3.5}, y = {1, 2, 3, 4}: Σdxdy = 4, Σdx² = 4, Σdy² = 5, r = 2/√5.
  CHECK(spearman_correlation(Values{7, 7, 9, 9}, Values{1, 2, 3, 4}) ==
        Approx(2.0 / std::sqrt(5.0)).margin(1e-15));
}

TEST_CASE("correlation: NaN below two pairs or for a constant sample", "[correlation]") {
  CHECK(std::isnan(pearson_correlation(Values{}, Values{})));
  CHECK(std::isnan(pearson_correlation(Values{1}, Values{2})));
  CHECK(std::isnan(pearson_correlation(Values{3, 3, 3}, Values{1, 2, 3})));
  CHECK(std::isnan(pearson_correlation(Values{1, 2, 3}, Values{0.1, 0.1, 0.1})));
  CHECK(std::isnan(spearman_correlation(Values{1}, Values{1})));
  CHECK(std::isnan(spearman_correlation(Values{1, 2, 3}, Values{5, 5, 5})));
}

TEST_CASE("correlation: unequal lengths and non-finite values are rejected", "[correlation]") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(pearson_correlation(Values{1, 2}, Values{1}),
                    "pearson_correlation: x and y differ in length");
  CHECK_THROWS_AS(spearman_correlation(Values{1, 2}, Values{1}), std::invalid_argument);
  CHECK_THROWS_AS(pearson_correlation(Values{1, inf}, Values{1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(spearman_correlation(Values{1, 2}, Values{inf, 2}), std::invalid_argument);
}

TEST_CASE("correlation: range, symmetry and rank invariance on seeded random pairs",
          "[correlation]") {
  lmsim::test::SplitMix random(7);
  for (int trial = 0; trial < 1000; ++trial) {
    const std::size_t n = 2 + random.below(40);
    Values x(n);
    Values y(n);
    for (std::size_t i = 0; i < n; ++i) {
      // Small integer ranges force ties; the y mix keeps some dependence on x.
      x[i] = static_cast<double>(random.below(8));
      y[i] = random.below(2) == 0 ? x[i] + random.uniform() : 10.0 * random.uniform();
    }
    CAPTURE(trial, n);
    const double rho = spearman_correlation(x, y);
    const double r = pearson_correlation(x, y);
    if (std::isnan(rho)) continue;  // x drew a single value
    CHECK(rho >= -1.0);
    CHECK(rho <= 1.0);
    CHECK(r >= -1.0);
    CHECK(r <= 1.0);
    CHECK(spearman_correlation(y, x) == Approx(rho).margin(1e-12));
    CHECK(pearson_correlation(y, x) == Approx(r).margin(1e-12));
    // A strictly increasing transform of either sample leaves the ranks, so ρ, unchanged.
    Values transformed = y;
    for (double& value : transformed) value = std::exp(value) - 3.0;
    CHECK(spearman_correlation(x, transformed) == Approx(rho).margin(1e-12));
  }
}
