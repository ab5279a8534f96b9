#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "analysis/fairness.hpp"
#include "support/split_mix.hpp"

using namespace lmsim::analysis;
using Values = std::vector<double>;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The defining double sum Σ_i Σ_j |x_i − x_j| / (2 n² μ), for checking the sorted formula.
double gini_by_definition(const Values& x) {
  const double n = static_cast<double>(x.size());
  double pairs = 0.0;
  double total = 0.0;
  for (const double a : x) {
    total += a;
    for (const double b : x) pairs += std::abs(a - b);
  }
  return pairs / (2.0 * n * n * (total / n));
}

/// Random non-negative values of mixed magnitude, about one in five exactly zero.
Values random_values(lmsim::test::SplitMix& random, std::size_t n) {
  Values values(n);
  for (double& value : values) {
    value = random.below(5) == 0 ? 0.0
                                 : std::ldexp(random.uniform(), static_cast<int>(random.below(20)));
  }
  return values;
}

void shuffle(lmsim::test::SplitMix& random, Values& values) {
  for (std::size_t i = values.size(); i > 1; --i) std::swap(values[i - 1], values[random.below(i)]);
}

}  // namespace

TEST_CASE("gini: hand-computed values", "[fairness]") {
  CHECK(gini(Values{1, 1, 1, 1}) == 0.0);
  CHECK(gini(Values{0, 0, 0, 1}) == 0.75);
  // {1,2,3,4}: Σ_{i<j} |x_i − x_j| = 1+2+3+1+2+1 = 10, doubled 20; 2n²μ = 2·16·2.5 = 80.
  CHECK(gini(Values{1, 2, 3, 4}) == Approx(0.25).margin(1e-15));
  CHECK(gini(Values{4, 1, 3, 2}) == Approx(0.25).margin(1e-15));
  // {1,3}: |1−3|·2 = 4 over 2·4·2 = 16.
  CHECK(gini(Values{1, 3}) == Approx(0.25).margin(1e-15));
}

TEST_CASE("gini: empty is NaN, one value and all zeros are 0", "[fairness]") {
  CHECK(std::isnan(gini(Values{})));
  CHECK(gini(Values{7.5}) == 0.0);
  CHECK(gini(Values{0.0}) == 0.0);
  CHECK(gini(Values{0, 0, 0}) == 0.0);
}

TEST_CASE("lorenz_curve: points of a small set, sorted ascending", "[fairness]") {
  // Sorted {0, 1, 2, 3}, total 6.
  const std::vector<LorenzPoint> curve = lorenz_curve(Values{3, 1, 2, 0});
  const std::vector<std::pair<double, double>> expected{
      {0.0, 0.0}, {0.25, 0.0}, {0.5, 1.0 / 6.0}, {0.75, 0.5}, {1.0, 1.0}};
  REQUIRE(curve.size() == expected.size());
  for (std::size_t k = 0; k < curve.size(); ++k) {
    CAPTURE(k);
    CHECK(curve[k].population_share == expected[k].first);
    CHECK(curve[k].value_share == Approx(expected[k].second).margin(1e-15));
  }
  CHECK(curve.back().value_share == 1.0);
}

TEST_CASE("lorenz_curve: empty gives no points, all zeros the diagonal", "[fairness]") {
  CHECK(lorenz_curve(Values{}).empty());
  const std::vector<LorenzPoint> diagonal = lorenz_curve(Values{0, 0});
  REQUIRE(diagonal.size() == 3);
  CHECK(diagonal[0].value_share == 0.0);
  CHECK(diagonal[1].value_share == 0.5);
  CHECK(diagonal[2].value_share == 1.0);
  const std::vector<LorenzPoint> single = lorenz_curve(Values{4});
  REQUIRE(single.size() == 2);
  CHECK(single[1].population_share == 1.0);
  CHECK(single[1].value_share == 1.0);
}

TEST_CASE("herfindahl_index: equal shares give 1/n, one holder 1", "[fairness]") {
  CHECK(herfindahl_index(Values{2, 2, 2, 2}) == 0.25);
  CHECK(herfindahl_index(Values{5, 5, 5}) == Approx(1.0 / 3.0).margin(1e-15));
  CHECK(herfindahl_index(Values{9, 0, 0, 0}) == 1.0);
  // Shares 1/4, 1/4, 1/2: 1/16 + 1/16 + 1/4 = 0.375.
  CHECK(herfindahl_index(Values{1, 1, 2}) == 0.375);
  CHECK(std::isnan(herfindahl_index(Values{})));
  CHECK(herfindahl_index(Values{0, 0, 0, 0}) == 0.25);
}

TEST_CASE("normalised_herfindahl_index: 0 for equal shares, 1 for one holder", "[fairness]") {
  CHECK(normalised_herfindahl_index(Values{3, 3, 3}) == Approx(0.0).margin(1e-15));
  CHECK(normalised_herfindahl_index(Values{0, 4, 0}) == 1.0);
  // (0.375 − 1/3) / (1 − 1/3) = (1/24) / (2/3) = 1/16.
  CHECK(normalised_herfindahl_index(Values{1, 1, 2}) == Approx(0.0625).margin(1e-15));
  CHECK(std::isnan(normalised_herfindahl_index(Values{})));
  CHECK(normalised_herfindahl_index(Values{2.5}) == 1.0);
  CHECK(normalised_herfindahl_index(Values{0.0}) == 1.0);
  CHECK(normalised_herfindahl_index(Values{0, 0}) == 0.0);
}

TEST_CASE("top_k_share: share of the k largest", "[fairness]") {
  const Values values{5, 1, 3, 1};  // total 10
  CHECK(top_k_share(values, 0) == 0.0);
  CHECK(top_k_share(values, 1) == 0.5);
  CHECK(top_k_share(values, 2) == 0.8);
  CHECK(top_k_share(values, 3) == 0.9);
  CHECK(top_k_share(values, 4) == 1.0);
  CHECK(top_k_share(values, 99) == 1.0);
  CHECK(std::isnan(top_k_share(Values{}, 1)));
  CHECK(top_k_share(Values{0, 0, 0, 0}, 1) == 0.25);
}

TEST_CASE("top_percent_count: p% of n rounded up", "[fairness]") {
  CHECK(top_percent_count(25, 10) == 3);  // 2.5 → 3
  CHECK(top_percent_count(10, 10) == 1);
  CHECK(top_percent_count(3, 50) == 2);  // 1.5 → 2
  CHECK(top_percent_count(1, 0.001) == 1);
  CHECK(top_percent_count(10, 0) == 0);
  CHECK(top_percent_count(5, 100) == 5);
  CHECK(top_percent_count(0, 50) == 0);
  CHECK(top_percent_count(100, 29) == 29);
  CHECK(top_percent_count(1000, 33.3) == 333);
  // A percentage a hair above 70 from binary rounding does not add an eighth member.
  CHECK(top_percent_count(10, 70.00000000000001) == 7);
  CHECK(top_percent_count(10, 70.1) == 8);
  CHECK_THROWS_AS(top_percent_count(10, -1), std::invalid_argument);
  CHECK_THROWS_AS(top_percent_count(10, 100.5), std::invalid_argument);
  CHECK_THROWS_AS(top_percent_count(10, kNaN), std::invalid_argument);
}

TEST_CASE("top_percent_share: the top p% by the ceil rule", "[fairness]") {
  const Values values{5, 1, 3, 1};
  CHECK(top_percent_share(values, 50) == 0.8);
  CHECK(top_percent_share(values, 10) == 0.5);  // ceil(0.4) = 1 member
  CHECK(top_percent_share(values, 100) == 1.0);
  CHECK(top_percent_share(values, 0) == 0.0);
  CHECK(std::isnan(top_percent_share(Values{}, 10)));
}

TEST_CASE("jain_index: equal values give 1, one holder 1/n", "[fairness]") {
  CHECK(jain_index(Values{3, 3, 3, 3}) == 1.0);
  CHECK(jain_index(Values{1, 0, 0, 0}) == 0.25);
  // (1+2+3+4)² / (4 · (1+4+9+16)) = 100 / 120.
  CHECK(jain_index(Values{1, 2, 3, 4}) == Approx(100.0 / 120.0).margin(1e-15));
  CHECK(std::isnan(jain_index(Values{})));
  CHECK(jain_index(Values{0, 0}) == 1.0);
  CHECK(jain_index(Values{42}) == 1.0);
}

TEST_CASE("fairness: negative and non-finite values are rejected", "[fairness]") {
  for (const Values& bad : {Values{1, -1}, Values{1, kNaN}, Values{kInf, 1}}) {
    CHECK_THROWS_AS(gini(bad), std::invalid_argument);
    CHECK_THROWS_AS(lorenz_curve(bad), std::invalid_argument);
    CHECK_THROWS_AS(herfindahl_index(bad), std::invalid_argument);
    CHECK_THROWS_AS(normalised_herfindahl_index(bad), std::invalid_argument);
    CHECK_THROWS_AS(top_k_share(bad, 1), std::invalid_argument);
    CHECK_THROWS_AS(top_percent_share(bad, 10), std::invalid_argument);
    CHECK_THROWS_AS(jain_index(bad), std::invalid_argument);
  }
  CHECK_THROWS_WITH(gini(Values{-1}), "gini: values must be finite and >= 0");
  CHECK(gini(Values{-0.0, 1.0}) == 0.5);  // −0.0 is zero, not negative
  // …and read as +0.0, so no permutation can give a −0.0 share.
  for (const Values& zeros : {Values{-0.0, 0.0, 1.0}, Values{0.0, -0.0, 1.0}}) {
    const std::vector<LorenzPoint> curve = lorenz_curve(zeros);
    CHECK_FALSE(std::signbit(curve[1].value_share));
    CHECK_FALSE(std::signbit(curve[2].value_share));
  }
}

TEST_CASE("fairness: ranges and invariances on seeded random populations", "[fairness]") {
  lmsim::test::SplitMix random(20240808);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::size_t n = 1 + random.below(60);
    Values values = random_values(random, n);
    const double count = static_cast<double>(n);
    CAPTURE(trial, n);

    const double g = gini(values);
    CHECK(g >= 0.0);
    CHECK(g <= 1.0 - 1.0 / count);
    const double jain = jain_index(values);
    CHECK(jain >= 1.0 / count);
    CHECK(jain <= 1.0);
    const double h = herfindahl_index(values);
    CHECK(h >= 1.0 / count * (1.0 - 1e-12));
    CHECK(h <= 1.0);
    const double normalised = normalised_herfindahl_index(values);
    CHECK(normalised >= 0.0);
    CHECK(normalised <= 1.0);

    bool any_positive = false;
    for (const double value : values) any_positive = any_positive || value > 0.0;
    if (any_positive) {
      CHECK(g == Approx(gini_by_definition(values)).margin(1e-12));
      // With shares s_i, Jain = 1 / (n · HHI).
      CHECK(jain == Approx(1.0 / (count * h)).epsilon(1e-12));
    }

    // Gini is one minus twice the trapezoid area under the Lorenz curve.
    const std::vector<LorenzPoint> curve = lorenz_curve(values);
    REQUIRE(curve.size() == n + 1);
    double area = 0.0;
    for (std::size_t k = 1; k <= n; ++k) {
      CHECK(curve[k].value_share >= curve[k - 1].value_share);
      area += (curve[k].population_share - curve[k - 1].population_share) *
              (curve[k].value_share + curve[k - 1].value_share) / 2.0;
    }
    CHECK(g == Approx(1.0 - 2.0 * area).margin(1e-12));

    // Scaling by a power of two is exact; by any other factor changes only rounding.
    Values doubled = values;
    for (double& value : doubled) value *= 4.0;
    CHECK(gini(doubled) == g);
    Values scaled = values;
    for (double& value : scaled) value *= 3.7;
    CHECK(gini(scaled) == Approx(g).margin(1e-12));
    CHECK(jain_index(scaled) == Approx(jain).margin(1e-12));

    // Gini and top-k sort first, so a permutation changes them not at all; HHI and Jain sum in
    // input order, so only the last bits may move.
    Values permuted = values;
    shuffle(random, permuted);
    CHECK(gini(permuted) == g);
    CHECK(top_k_share(permuted, n / 2) == top_k_share(values, n / 2));
    CHECK(herfindahl_index(permuted) == Approx(h).epsilon(1e-15));
    CHECK(jain_index(permuted) == Approx(jain).epsilon(1e-15));
  }
}
