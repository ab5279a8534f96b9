#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/returns.hpp"

using namespace lmsim::analysis;
using namespace lmsim::engine;

namespace {

/// A fraction as the dashboards printed it: a percentage rounded to one decimal.
double percent_to_one_decimal(double fraction) {
  return std::round(fraction * 1000.0) / 10.0;
}

}  // namespace

TEST_CASE("launch_dashboard_annual_return: the published examples for a $250 weekly reward",
          "[returns]") {
  // SCORING.md §1, "Return metrics": weekly reward / open order volume × 365.25 / 7.
  CHECK(percent_to_one_decimal(launch_dashboard_annual_return(250, 100)) == 13044.6);
  CHECK(percent_to_one_decimal(launch_dashboard_annual_return(250, 1'000)) == 1304.5);
  CHECK(percent_to_one_decimal(launch_dashboard_annual_return(250, 5'000)) == 260.9);
  CHECK(percent_to_one_decimal(launch_dashboard_annual_return(250, 43'482)) == 30.0);
  CHECK(percent_to_one_decimal(launch_dashboard_annual_return(250, 65'223)) == 20.0);
  CHECK(percent_to_one_decimal(launch_dashboard_annual_return(250, 130'446)) == 10.0);
  // Unrounded: 250 / 100 × 52.178571… = 130.4464…
  CHECK(launch_dashboard_annual_return(250, 100) == Approx(2.5 * 365.25 / 7.0).epsilon(1e-15));
}

TEST_CASE("snapshot_return: reward over eligible volume, annualised by the interval", "[returns]") {
  // 0.1 of reward on 2,000 of eligible orders: 0.005% a minute.
  const double per_snapshot = snapshot_return(0.1, 2'000);
  CHECK(per_snapshot == Approx(5e-5).epsilon(1e-15));
  // × 60 × 24 × 365.25 = × 525,960 for one-minute snapshots.
  CHECK(annualised_snapshot_return(per_snapshot, kNanosPerMinute) ==
        Approx(5e-5 * 525'960).epsilon(1e-15));
  // Generalised to the interval: five-minute snapshots annualise by 105,192.
  CHECK(annualised_snapshot_return(per_snapshot, 5 * kNanosPerMinute) ==
        Approx(5e-5 * 105'192).epsilon(1e-15));
  CHECK(snapshot_return(0, 2'000) == 0.0);
}

TEST_CASE("daily_yield and annual_yield: weekly reward / 7 over eligible liquidity", "[returns]") {
  // $700 a week over $10,000 of eligible liquidity: 1% a day, 365.25% a year.
  CHECK(daily_yield(700, 10'000) == Approx(0.01).epsilon(1e-15));
  CHECK(annual_yield(700, 10'000) == Approx(3.6525).epsilon(1e-15));
  // The same figure as the launch dashboard's, with eligible liquidity for open volume.
  CHECK(annual_yield(250, 43'482) ==
        Approx(launch_dashboard_annual_return(250, 43'482)).epsilon(1e-15));
}

TEST_CASE("annualised_reward_yield: reward over committed capital scaled to a year", "[returns]") {
  // 50 earned on 10,000 over one week: 0.5% × 52.1786 = 26.09%.
  CHECK(annualised_reward_yield(50, 10'000, 7 * kNanosPerDay) ==
        Approx(0.005 * 365.25 / 7.0).epsilon(1e-15));
  // Over a 30-day month.
  CHECK(annualised_reward_yield(100, 10'000, 30 * kNanosPerDay) ==
        Approx(0.01 * 365.25 / 30.0).epsilon(1e-15));
  CHECK(annualised_reward_yield(0, 10'000, kNanosPerDay) == 0.0);
}

TEST_CASE("returns: a zero denominator gives NaN, bad inputs throw", "[returns]") {
  CHECK(std::isnan(snapshot_return(0.1, 0)));
  CHECK(std::isnan(snapshot_return(0, 0)));
  CHECK(std::isnan(annualised_snapshot_return(snapshot_return(0.1, 0), kNanosPerMinute)));
  CHECK(std::isnan(launch_dashboard_annual_return(250, 0)));
  CHECK(std::isnan(daily_yield(250, 0)));
  CHECK(std::isnan(annual_yield(250, 0)));
  CHECK(std::isnan(annualised_reward_yield(50, 0, kNanosPerDay)));
  CHECK_THROWS_WITH(snapshot_return(-1, 10),
                    "snapshot_return: snapshot_reward must be finite and >= 0");
  CHECK_THROWS_AS(snapshot_return(1, -10), std::invalid_argument);
  CHECK_THROWS_AS(launch_dashboard_annual_return(250, std::numeric_limits<double>::infinity()),
                  std::invalid_argument);
  CHECK_THROWS_AS(daily_yield(std::numeric_limits<double>::quiet_NaN(), 10), std::invalid_argument);
  CHECK_THROWS_AS(annualised_snapshot_return(0.1, 0), std::invalid_argument);
  CHECK_THROWS_AS(annualised_reward_yield(50, 10'000, 0), std::invalid_argument);
  CHECK_THROWS_AS(annualised_reward_yield(50, 0, -1), std::invalid_argument);
}
