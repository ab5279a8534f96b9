#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/sample_statistics.hpp"
#include "support/split_mix.hpp"

using namespace lmsim::analysis;
using Values = std::vector<double>;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("student_t_quantile: the table of t_{0.975, df}", "[sample_statistics]") {
  CHECK(student_t_quantile(0.975, 1) == Approx(12.706205).margin(5e-7));
  CHECK(student_t_quantile(0.975, 2) == Approx(4.302653).margin(5e-7));
  CHECK(student_t_quantile(0.975, 5) == Approx(2.570582).margin(5e-7));
  CHECK(student_t_quantile(0.975, 10) == Approx(2.228139).margin(5e-7));
  CHECK(student_t_quantile(0.975, 30) == Approx(2.042272).margin(5e-7));
  CHECK(student_t_quantile(0.975, 100) == Approx(1.983972).margin(5e-7));
  // df = 1 is the Cauchy distribution: t_p = tan(π(p − ½)), exactly 1 at p = 0.75.
  CHECK(student_t_quantile(0.75, 1) == Approx(1.0).margin(1e-14));
  // df = 2 has the closed form t_p = (2p − 1) / √(2p(1 − p)).
  CHECK(student_t_quantile(0.9, 2) == Approx(0.8 / std::sqrt(0.18)).margin(1e-14));
}

TEST_CASE("student_t_quantile: symmetry, fractional and infinite df", "[sample_statistics]") {
  CHECK(student_t_quantile(0.5, 7) == 0.0);
  CHECK(student_t_quantile(0.025, 10) == Approx(-2.228139).margin(5e-7));
  CHECK(student_t_quantile(0.95, 10) == Approx(1.812461).margin(5e-7));
  // Fractional df (Welch) lies between its integer neighbours.
  const double t = student_t_quantile(0.975, 7.5);
  CHECK(t < student_t_quantile(0.975, 7));
  CHECK(t > student_t_quantile(0.975, 8));
  // ∞: the normal quantile.
  CHECK(student_t_quantile(0.975, kInfinity) == Approx(1.959964).margin(5e-7));
  CHECK(student_t_quantile(0.975, 1e9) == Approx(1.959964).margin(5e-7));
  CHECK_THROWS_WITH(student_t_quantile(1.0, 5),
                    "student_t_quantile: probability must be in (0, 1)");
  CHECK_THROWS_WITH(student_t_quantile(0.5, 0),
                    "student_t_quantile: degrees of freedom must be > 0");
  CHECK_THROWS_AS(student_t_quantile(0.5, kNaN), std::invalid_argument);
}

TEST_CASE("summarise: mean, sample sd, standard error and the t interval by hand",
          "[sample_statistics]") {
  // {1, 2, 3, 4, 5}: mean 3, Σ(x − 3)² = 10, s = √2.5, se = √0.5, t_{0.975, 4} = 2.776445.
  const Summary summary = summarise(Values{1, 2, 3, 4, 5});
  CHECK(summary.count == 5);
  CHECK(summary.excluded == 0);
  CHECK(summary.mean == 3.0);
  CHECK(summary.standard_deviation == Approx(std::sqrt(2.5)).margin(1e-15));
  CHECK(summary.standard_error == Approx(std::sqrt(0.5)).margin(1e-15));
  CHECK(summary.degrees_of_freedom == 4.0);
  CHECK(summary.confidence == 0.95);
  CHECK(summary.ci_low == Approx(3.0 - 2.776445 * std::sqrt(0.5)).margin(1e-6));
  CHECK(summary.ci_high == Approx(3.0 + 2.776445 * std::sqrt(0.5)).margin(1e-6));
  // A 90% interval uses t_{0.95, 4} = 2.131847.
  const Summary ninety = summarise(Values{1, 2, 3, 4, 5}, 0.9);
  CHECK(ninety.ci_high == Approx(3.0 + 2.131847 * std::sqrt(0.5)).margin(1e-6));
}

TEST_CASE("summarise: NaN values are excluded and counted, small samples give NaN",
          "[sample_statistics]") {
  const Summary summary = summarise(Values{kNaN, 2, 4, kNaN});
  CHECK(summary.count == 2);
  CHECK(summary.excluded == 2);
  CHECK(summary.mean == 3.0);
  CHECK(summary.standard_deviation == Approx(std::sqrt(2.0)).margin(1e-15));
  CHECK(summary.degrees_of_freedom == 1.0);
  CHECK(summary.ci_high == Approx(3.0 + 12.706205 * 1.0).margin(1e-6));  // se = √2/√2 = 1

  const Summary one = summarise(Values{7, kNaN});
  CHECK(one.count == 1);
  CHECK(one.mean == 7.0);
  CHECK(std::isnan(one.standard_deviation));
  CHECK(std::isnan(one.standard_error));
  CHECK(std::isnan(one.ci_low));
  CHECK(std::isnan(one.ci_high));

  const Summary none = summarise(Values{});
  CHECK(none.count == 0);
  CHECK(std::isnan(none.mean));
  CHECK(std::isnan(none.ci_low));

  // A constant sample: sd 0, the interval is the point.
  const Summary constant = summarise(Values{2.5, 2.5, 2.5});
  CHECK(constant.standard_deviation == 0.0);
  CHECK(constant.ci_low == 2.5);
  CHECK(constant.ci_high == 2.5);

  CHECK_THROWS_WITH(summarise(Values{1, kInfinity}),
                    "summarise: values must be finite or NaN (got an infinity)");
  CHECK_THROWS_WITH(summarise(Values{1, 2}, 1.0), "summarise: confidence must be in (0, 1)");
}

TEST_CASE("paired_difference: the summary of a_i − b_i over complete pairs",
          "[sample_statistics]") {
  // Differences {1, 3, 2} (the pair with a NaN is left out): mean 2, s = 1, se = 1/√3.
  const Summary summary = paired_difference(Values{11, 13, kNaN, 14}, Values{10, 10, 5, 12});
  CHECK(summary.count == 3);
  CHECK(summary.excluded == 1);
  CHECK(summary.mean == 2.0);
  CHECK(summary.standard_deviation == Approx(1.0).margin(1e-15));
  CHECK(summary.standard_error == Approx(1.0 / std::sqrt(3.0)).margin(1e-15));
  CHECK(summary.ci_low == Approx(2.0 - 4.302653 / std::sqrt(3.0)).margin(1e-6));
  CHECK_THROWS_WITH(paired_difference(Values{1, 2}, Values{1}),
                    "paired_difference: a and b differ in length (2 and 1)");
  CHECK_THROWS_WITH(paired_difference(Values{1}, Values{-kInfinity}),
                    "paired_difference: b must be finite or NaN (got an infinity)");
}

TEST_CASE("welch_difference: Welch–Satterthwaite degrees of freedom by hand",
          "[sample_statistics]") {
  // a = {1, 2, 3}: mean 2, s² = 1, s²/n = 1/3. b = {2, 4, 6, 8}: mean 5, s² = 20/3, s²/n = 5/3.
  // se = √2; df = 4 / ((1/3)²/2 + (5/3)²/3) = 4 / (1/18 + 25/27) = 4 / (53/54) = 216/53.
  const Summary summary = welch_difference(Values{1, 2, 3}, Values{2, 4, 6, 8, kNaN});
  CHECK(summary.count == 7);
  CHECK(summary.excluded == 1);
  CHECK(summary.mean == -3.0);
  CHECK(std::isnan(summary.standard_deviation));
  CHECK(summary.standard_error == Approx(std::sqrt(2.0)).margin(1e-15));
  CHECK(summary.degrees_of_freedom == Approx(216.0 / 53.0).margin(1e-13));
  const double t = student_t_quantile(0.975, 216.0 / 53.0);
  CHECK(summary.ci_low == Approx(-3.0 - t * std::sqrt(2.0)).margin(1e-13));
  CHECK(summary.ci_high == Approx(-3.0 + t * std::sqrt(2.0)).margin(1e-13));
  // Equal sizes and variances: df = 2(n − 1), the pooled test's.
  CHECK(welch_difference(Values{1, 2, 3}, Values{4, 5, 6}).degrees_of_freedom ==
        Approx(4.0).margin(1e-13));
  // Both constant: the interval is the point.
  const Summary constant = welch_difference(Values{3, 3}, Values{1, 1, 1});
  CHECK(constant.standard_error == 0.0);
  CHECK(constant.degrees_of_freedom == 3.0);
  CHECK(constant.ci_low == 2.0);
  CHECK(constant.ci_high == 2.0);
  // Fewer than two values on one side: no interval.
  CHECK(std::isnan(welch_difference(Values{1}, Values{1, 2}).ci_low));
}

TEST_CASE("paired_difference: common random numbers narrow the interval against Welch's",
          "[sample_statistics]") {
  // Two grid points share each replicate's noise (the seed); b is better by 0.1.
  lmsim::test::SplitMix random(31);
  Values a(30);
  Values b(30);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double shared = lmsim::test::standard_normal(random);
    a[i] = 10.0 + shared + 0.05 * lmsim::test::standard_normal(random);
    b[i] = 9.9 + shared + 0.05 * lmsim::test::standard_normal(random);
  }
  const Summary paired = paired_difference(a, b);
  const Summary unpaired = welch_difference(a, b);
  CHECK(paired.mean == Approx(unpaired.mean).margin(1e-12));
  const double paired_width = paired.ci_high - paired.ci_low;
  const double unpaired_width = unpaired.ci_high - unpaired.ci_low;
  CHECK(paired_width < unpaired_width / 5.0);
  // Paired: the 0.1 improvement is significant; unpaired it is lost in the shared noise.
  CHECK(paired.ci_low > 0.0);
  CHECK(unpaired.ci_low < 0.0);
}

TEST_CASE("one_sided bounds: mean ∓ t_c · se", "[sample_statistics]") {
  const Summary summary = summarise(Values{1, 2, 3, 4, 5});
  // t_{0.95, 4} = 2.131847.
  CHECK(one_sided_lower_bound(summary, 0.95) ==
        Approx(3.0 - 2.131847 * std::sqrt(0.5)).margin(1e-6));
  CHECK(one_sided_upper_bound(summary, 0.95) ==
        Approx(3.0 + 2.131847 * std::sqrt(0.5)).margin(1e-6));
  // The one-sided 97.5% bound is the two-sided 95% interval's end.
  CHECK(one_sided_lower_bound(summary, 0.975) == Approx(summary.ci_low).margin(1e-14));
  CHECK(std::isnan(one_sided_lower_bound(summarise(Values{1}), 0.95)));
  CHECK_THROWS_WITH(one_sided_upper_bound(summary, 0.0),
                    "one_sided_upper_bound: confidence must be in (0, 1)");
}

TEST_CASE("holds_with_confidence: tune targets such as depth ≥ X with 95% confidence",
          "[sample_statistics]") {
  // Lower 95% bound 3 − 2.131847·√0.5 = 1.4926; upper 4.5074.
  const Summary summary = summarise(Values{1, 2, 3, 4, 5});
  CHECK(holds_with_confidence(summary, Comparison::kAtLeast, 1.4, 0.95));
  CHECK_FALSE(holds_with_confidence(summary, Comparison::kAtLeast, 1.6, 0.95));
  CHECK(holds_with_confidence(summary, Comparison::kAtMost, 4.6, 0.95));
  CHECK_FALSE(holds_with_confidence(summary, Comparison::kAtMost, 4.4, 0.95));
  // Less confidence, a tighter bound: at 80%, t_{0.8, 4} = 0.940965, lower bound 2.3346.
  CHECK(holds_with_confidence(summary, Comparison::kAtLeast, 2.3, 0.8));
  CHECK_FALSE(holds_with_confidence(summary, Comparison::kAtLeast, 2.3, 0.95));
  // One run proves nothing, whatever its value.
  CHECK_FALSE(holds_with_confidence(summarise(Values{100}), Comparison::kAtLeast, 1, 0.95));
  CHECK_THROWS_WITH(holds_with_confidence(summary, Comparison::kAtLeast, kNaN, 0.95),
                    "holds_with_confidence: threshold must be finite");
}

TEST_CASE("median: the middle value, the mean of the two middle ones, NaN for none",
          "[sample_statistics]") {
  CHECK(median({3, 1, 2}) == 2.0);
  CHECK(median({4, 1, 3, 2}) == 2.5);
  CHECK(std::isnan(median({})));
}
