#include "analysis/reward_alignment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/fairness.hpp"
#include "analysis/sample_statistics.hpp"
#include "engine/not_a_number.hpp"

namespace lmsim::analysis {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool fits(const Matrix<double>& matrix, const RunData& run) {
  return matrix.rows == run.snapshots.size() && matrix.columns == run.miners.size();
}

/// Σ over `accounts` of a per-account average (NaN when one of them is).
double summed(const RunData& run, std::span<const std::size_t> accounts,
              double MinerRecord::*field) {
  double total = 0.0;
  for (const std::size_t account : accounts) total += run.miners[account].*field;
  return total;
}

/// a / b with the conventions of Alignment: +∞ for a > 0 over 0, NaN for 0 / 0 or NaN inputs.
double per_unit(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  if (b == 0.0) return a > 0.0 ? kInfinity : kNaN;
  return a / b;
}

/// The mean of the defined values; NaN when none is.
double mean_defined(std::initializer_list<double> values) {
  double total = 0.0;
  int count = 0;
  for (const double value : values) {
    if (std::isnan(value)) continue;
    total += value;
    ++count;
  }
  return count == 0 ? kNaN : total / count;
}

}  // namespace

UsefulLiquidity useful_liquidity(const RunData& run, std::span<const std::size_t> accounts) {
  UsefulLiquidity useful;
  useful.touch_size = summed(run, accounts, &MinerRecord::size_at_touch_average);
  useful.reference_fill = summed(run, accounts, &MinerRecord::reference_fill_average);
  const FillSeries& fills = run.fills;
  if (fills.counterparty.size() != fills.size()) {
    useful.maker_volume = kNaN;
    return useful;
  }
  long double volume = 0.0L;
  for (std::size_t i = 0; i < fills.size(); ++i) {
    if (fills.maker[i] == 0) continue;
    const std::size_t miner = fills.miner[i];
    if (!std::binary_search(accounts.begin(), accounts.end(), miner)) continue;
    // A taker of the maker's own entity (a wash trade) adds no liquidity for anyone else.
    const std::int64_t taker = fills.counterparty[i];
    if (taker >= 0 && static_cast<std::size_t>(taker) < run.miners.size() &&
        run.miners[static_cast<std::size_t>(taker)].entity == run.miners[miner].entity) {
      continue;
    }
    volume += fills.amount[i];
  }
  useful.maker_volume = static_cast<double>(volume);
  return useful;
}

double capital_at_risk(const RunData& run, std::span<const std::size_t> accounts) {
  const SnapshotMinerData& m = run.snapshot_miner;
  if (!fits(m.eligible_amount_bid, run) || !fits(m.eligible_amount_ask, run)) return kNaN;
  long double total = 0.0L;
  std::size_t counted = 0;
  for (std::size_t k = 0; k < run.snapshots.size(); ++k) {
    const double mid = run.snapshots.mid[k];
    if (!std::isfinite(mid)) continue;
    double size = 0.0;
    for (const std::size_t account : accounts) {
      size += m.eligible_amount_bid.at(k, account) + m.eligible_amount_ask.at(k, account);
    }
    total += static_cast<long double>(size) * mid;
    ++counted;
  }
  return counted == 0 ? kNaN : static_cast<double>(total / static_cast<long double>(counted));
}

std::vector<bool> honest_accounts(const RunData& run) {
  std::vector<bool> honest(run.miners.size(), true);
  if (run.honest.empty()) return honest;
  for (std::size_t i = 0; i < run.miners.size(); ++i) {
    const MinerRecord& miner = run.miners[i];
    honest[i] = std::find_if(run.honest.begin(), run.honest.end(), [&](const std::string& name) {
                  return name == miner.group || name == miner.strategy;
                }) != run.honest.end();
  }
  return honest;
}

std::vector<double> shares(std::span<const double> values) {
  long double total = 0.0L;
  for (const double value : values) {
    if (std::isnan(value)) continue;
    if (!std::isfinite(value) || value < 0.0) {
      throw std::invalid_argument("shares: values must be finite and >= 0");
    }
    total += value;
  }
  std::vector<double> result(values.size(), kNaN);
  if (!(total > 0.0L)) return result;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isnan(values[i])) result[i] = static_cast<double>(values[i] / total);
  }
  return result;
}

RewardAlignment reward_alignment(std::span<const double> rewards,
                                 std::span<const UsefulLiquidity> useful,
                                 std::span<const RiskBorne> risk, const std::vector<bool>& honest) {
  const std::size_t n = rewards.size();
  if (useful.size() != n || risk.size() != n || honest.size() != n) {
    throw std::invalid_argument("reward_alignment: one reward, measure and flag per participant");
  }
  std::vector<double> volume(n);
  std::vector<double> touch(n);
  std::vector<double> fill(n);
  std::vector<double> inventory(n);
  std::vector<double> adverse(n);
  std::vector<double> capital(n);
  for (std::size_t i = 0; i < n; ++i) {
    volume[i] = useful[i].maker_volume;
    touch[i] = useful[i].touch_size;
    fill[i] = useful[i].reference_fill;
    inventory[i] = risk[i].inventory_risk;
    adverse[i] = risk[i].adverse_selection;
    capital[i] = risk[i].capital_at_risk;
  }
  const std::vector<double> reward_shares = shares(rewards);
  const std::vector<double> volume_shares = shares(volume);
  const std::vector<double> touch_shares = shares(touch);
  const std::vector<double> fill_shares = shares(fill);
  const std::vector<double> inventory_shares = shares(inventory);
  const std::vector<double> adverse_shares = shares(adverse);
  const std::vector<double> capital_shares = shares(capital);

  RewardAlignment result;
  result.participants.resize(n);
  std::vector<double> honest_ratios;
  for (std::size_t i = 0; i < n; ++i) {
    Alignment& a = result.participants[i];
    a.honest = honest[i];
    a.reward_share = reward_shares[i];
    a.useful_share = mean_defined({volume_shares[i], touch_shares[i], fill_shares[i]});
    a.risk_share = mean_defined({inventory_shares[i], adverse_shares[i], capital_shares[i]});
    a.reward_per_useful = per_unit(a.reward_share, a.useful_share);
    a.reward_per_risk = per_unit(a.reward_share, a.risk_share);
    if (a.honest && std::isfinite(a.reward_per_useful))
      honest_ratios.push_back(a.reward_per_useful);
  }
  AlignmentDispersion& d = result.dispersion;
  d.honest_median_reward_per_useful = median(honest_ratios);
  const double base = d.honest_median_reward_per_useful;
  std::vector<double> per_useful;
  std::vector<double> per_risk;
  for (Alignment& a : result.participants) {
    a.gaming_premium = base > 0.0 ? a.reward_per_useful / base : kNaN;
    if (std::isfinite(a.reward_per_useful)) per_useful.push_back(a.reward_per_useful);
    if (std::isinf(a.reward_per_useful)) ++d.paid_without_useful;
    if (std::isfinite(a.reward_per_risk)) per_risk.push_back(a.reward_per_risk);
    if (std::isinf(a.reward_per_risk)) ++d.paid_without_risk;
  }
  d.per_useful_population = per_useful.size();
  d.gini_reward_per_useful = gini(per_useful);
  d.jain_reward_per_useful = jain_index(per_useful);
  d.per_risk_population = per_risk.size();
  d.gini_reward_per_risk = gini(per_risk);
  d.jain_reward_per_risk = jain_index(per_risk);
  return result;
}

}  // namespace lmsim::analysis
