#include "analysis/returns.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "analysis/annualisation.hpp"

namespace lmsim::analysis {

namespace {

void check_amount(double amount, const char* function, const char* name) {
  if (!std::isfinite(amount) || amount < 0.0) {
    throw std::invalid_argument(std::string(function) + ": " + name + " must be finite and >= 0");
  }
}

/// numerator / denominator, NaN when the denominator is zero (a return on nothing).
double ratio(double numerator, double denominator) {
  if (denominator == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return numerator / denominator;
}

}  // namespace

double snapshot_return(double snapshot_reward, double eligible_volume) {
  check_amount(snapshot_reward, "snapshot_return", "snapshot_reward");
  check_amount(eligible_volume, "snapshot_return", "eligible_volume");
  return ratio(snapshot_reward, eligible_volume);
}

double annualised_snapshot_return(double per_snapshot_return, engine::Nanos snapshot_interval) {
  return per_snapshot_return * periods_per_year(snapshot_interval);
}

double launch_dashboard_annual_return(double weekly_reward, double open_order_volume) {
  check_amount(weekly_reward, "launch_dashboard_annual_return", "weekly_reward");
  check_amount(open_order_volume, "launch_dashboard_annual_return", "open_order_volume");
  // Written in the dashboard's order (reward / volume × 365.25 / 7) so the published figures are
  // reproduced operation for operation.
  return ratio(weekly_reward, open_order_volume) * kDaysPerYear / 7.0;
}

double daily_yield(double weekly_reward, double eligible_liquidity) {
  check_amount(weekly_reward, "daily_yield", "weekly_reward");
  check_amount(eligible_liquidity, "daily_yield", "eligible_liquidity");
  return ratio(weekly_reward / 7.0, eligible_liquidity);
}

double annual_yield(double weekly_reward, double eligible_liquidity) {
  return daily_yield(weekly_reward, eligible_liquidity) * kDaysPerYear;
}

double annualised_reward_yield(double reward, double committed_capital, engine::Nanos period) {
  check_amount(reward, "annualised_reward_yield", "reward");
  check_amount(committed_capital, "annualised_reward_yield", "committed_capital");
  return ratio(reward, committed_capital) * periods_per_year(period);
}

}  // namespace lmsim::analysis
