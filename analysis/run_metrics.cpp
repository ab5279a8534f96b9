#include "analysis/run_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "analysis/correlation.hpp"
#include "analysis/returns.hpp"
#include "engine/not_a_number.hpp"

namespace lmsim::analysis {

namespace {

constexpr double kBasisPoints = 1e4;

/// a / b, NaN when b is 0 (a share of nothing is undefined).
double ratio(double a, double b) {
  return b == 0.0 ? kNaN : a / b;
}

/// The first defined mid of the market series, NaN when there is none.
double first_mid(const MarketSeries& market) {
  for (const double mid : market.mid) {
    if (std::isfinite(mid)) return mid;
  }
  return kNaN;
}

/// Column `column` of `matrix` as a contiguous vector.
std::vector<double> column_of(const Matrix<double>& matrix, std::size_t column) {
  std::vector<double> values(matrix.rows);
  for (std::size_t row = 0; row < matrix.rows; ++row) values[row] = matrix.at(row, column);
  return values;
}

WindowedMean average(const MarketSeries& market, const std::vector<double>& values,
                     const TimeWindow& window) {
  return windowed_mean(StepSeries(market.time, values), window.start, window.end);
}

/// tokens per day per unit of `bought`; NaN when nothing (or less than nothing) was bought.
double cost_per(double spent_per_day, double bought) {
  return std::isfinite(bought) && bought > 0.0 ? spent_per_day / bought : kNaN;
}

std::vector<double> differences(const std::vector<WindowedMean>& without,
                                const std::vector<WindowedMean>& with) {
  std::vector<double> result(with.size(), kNaN);
  for (std::size_t i = 0; i < with.size() && i < without.size(); ++i) {
    result[i] = without[i].mean - with[i].mean;
  }
  return result;
}

}  // namespace

double TimeWindow::days() const {
  return static_cast<double>(end - start) / static_cast<double>(engine::kNanosPerDay);
}

double tokens(std::int64_t base_units, int reward_decimals) {
  // long double keeps 10^−18 base units of an 18-decimal token exact enough to print 6 digits.
  return static_cast<double>(static_cast<long double>(base_units) /
                             std::pow(10.0L, static_cast<long double>(reward_decimals)));
}

TimeWindow campaign_window(const RunData& run) {
  const engine::Nanos start = std::max(run.campaign.epoch_start, run.provenance.start);
  const engine::Nanos end = std::min(run.campaign.end(), run.provenance.end);
  return {start, std::max(start, end)};
}

std::vector<Participant> miner_participants(const RunData& run) {
  std::vector<Participant> participants;
  participants.reserve(run.miners.size());
  for (std::size_t i = 0; i < run.miners.size(); ++i) {
    participants.push_back({run.miners[i].name, {i}});
  }
  return participants;
}

std::vector<Participant> entity_participants(const RunData& run) {
  // std::map orders entities by name bytes, as summary.json does.
  std::map<std::string, std::vector<std::size_t>> accounts;
  for (std::size_t i = 0; i < run.miners.size(); ++i) {
    accounts[run.miners[i].entity].push_back(i);
  }
  std::vector<Participant> participants;
  for (auto& [name, members] : accounts) participants.push_back({name, std::move(members)});
  return participants;
}

std::vector<double> run_fill_markouts(const RunData& run) {
  const FillSeries& fills = run.fills;
  std::vector<double> signed_quantities(fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    signed_quantities[i] = fills.side[i] == 0 ? fills.amount[i] : -fills.amount[i];
  }
  if (fills.markout_mid.size() == fills.size()) {
    // The simulator recorded each fill's mid at its horizon (every run since /fills/markout_mid
    // exists): exact, whatever grid the market series was recorded on. The same product as
    // fill_markouts, so a run sampled every step gives the same numbers either way.
    std::vector<double> markouts(fills.size());
    for (std::size_t i = 0; i < fills.size(); ++i) {
      markouts[i] = (fills.markout_mid[i] - fills.price[i]) * signed_quantities[i];
    }
    return markouts;
  }
  // An older file: the mid looked up in the recorded series, as exact as its grid.
  const StepSeries mids(run.market.time, run.market.mid);
  std::vector<double> markouts =
      fill_markouts(fills.time, fills.price, signed_quantities, mids, run.markout_horizon);
  // The last mid "holds forever" in a StepSeries; past the end of the recording it is not known,
  // so a fill too close to the end has no mark-out rather than a truncated one.
  const engine::Nanos last_sample = run.market.time.empty() ? 0 : run.market.time.back();
  for (std::size_t i = 0; i < fills.size(); ++i) {
    if (run.market.time.empty() || fills.time[i] > last_sample - run.markout_horizon) {
      markouts[i] = kNaN;
    }
  }
  return markouts;
}

ParticipantMetrics participant_metrics(const RunData& run, const Participant& participant,
                                       std::span<const double> markouts) {
  if (markouts.size() != run.fills.size()) {
    throw std::invalid_argument("participant_metrics: one mark-out per fill is needed");
  }
  const SnapshotMinerData& matrices = run.snapshot_miner;
  const std::size_t snapshots = run.snapshots.size();
  const int decimals = run.campaign.reward_decimals;
  ParticipantMetrics metrics;
  metrics.name = participant.name;
  metrics.accounts = participant.accounts.size();

  std::int64_t reward_units = 0;
  long double contribution = 0.0L;
  double pnl = 0.0;
  double start_base = 0.0;
  double start_quote = 0.0;
  for (const std::size_t account : participant.accounts) {
    const MinerRecord& miner = run.miners.at(account);
    if (metrics.strategy.empty()) metrics.strategy = miner.strategy;
    if (metrics.strategy != miner.strategy) metrics.strategy = "mixed";
    reward_units += miner.reward_base_units;
    contribution += static_cast<long double>(miner.weight_bid) + miner.weight_ask;
    pnl += miner.pnl;
    start_base += miner.start_base;
    start_quote += miner.start_quote;
  }
  metrics.reward = tokens(reward_units, decimals);
  metrics.reward_base_units = reward_units;
  metrics.contribution = static_cast<double>(contribution);
  metrics.trading_pnl = pnl;

  // Per snapshot: eligible size, tightest spread and inventory of the participant's accounts.
  std::size_t eligible_bid = 0;
  std::size_t eligible_ask = 0;
  long double amount_bid = 0.0L;
  long double amount_ask = 0.0L;
  long double spread_bid = 0.0L;
  long double spread_ask = 0.0L;
  std::size_t spread_bid_count = 0;
  std::size_t spread_ask_count = 0;
  std::vector<double> inventory_values;
  inventory_values.reserve(snapshots);
  for (std::size_t k = 0; k < snapshots; ++k) {
    double bid = 0.0;
    double ask = 0.0;
    double tightest_bid = kNaN;
    double tightest_ask = kNaN;
    double inventory = 0.0;
    for (const std::size_t account : participant.accounts) {
      bid += matrices.eligible_amount_bid.at(k, account);
      ask += matrices.eligible_amount_ask.at(k, account);
      // fmin ignores a NaN operand: the tightest of the spreads that exist.
      tightest_bid = std::fmin(tightest_bid, matrices.best_spread_bid.at(k, account));
      tightest_ask = std::fmin(tightest_ask, matrices.best_spread_ask.at(k, account));
      inventory += matrices.inventory.at(k, account);
    }
    if (bid > 0.0) ++eligible_bid;
    if (ask > 0.0) ++eligible_ask;
    amount_bid += bid;
    amount_ask += ask;
    if (!std::isnan(tightest_bid)) {
      spread_bid += tightest_bid;
      ++spread_bid_count;
    }
    if (!std::isnan(tightest_ask)) {
      spread_ask += tightest_ask;
      ++spread_ask_count;
    }
    const double mid = run.snapshots.mid[k];
    if (std::isfinite(mid)) inventory_values.push_back(inventory * mid);
  }
  const auto per_snapshot = [snapshots](long double total) {
    return snapshots == 0 ? kNaN : static_cast<double>(total / static_cast<long double>(snapshots));
  };
  const auto mean_of = [](long double total, std::size_t count) {
    return count == 0 ? kNaN : static_cast<double>(total / static_cast<long double>(count));
  };
  metrics.uptime_bid = per_snapshot(eligible_bid);
  metrics.uptime_ask = per_snapshot(eligible_ask);
  metrics.mean_eligible_bid = per_snapshot(amount_bid);
  metrics.mean_eligible_ask = per_snapshot(amount_ask);
  metrics.mean_best_spread_bid = mean_of(spread_bid, spread_bid_count);
  metrics.mean_best_spread_ask = mean_of(spread_ask, spread_ask_count);
  metrics.inventory_risk = standard_deviation(inventory_values);

  const double price = run.reward_token_price.value_or(kNaN);
  metrics.net_pnl = pnl + metrics.reward * price;

  std::vector<double> own_markouts;
  std::vector<double> own_quantities;
  for (std::size_t i = 0; i < run.fills.size(); ++i) {
    if (!std::binary_search(participant.accounts.begin(), participant.accounts.end(),
                            static_cast<std::size_t>(run.fills.miner[i]))) {
      continue;
    }
    own_markouts.push_back(markouts[i]);
    own_quantities.push_back(run.fills.side[i] == 0 ? run.fills.amount[i] : -run.fills.amount[i]);
  }
  metrics.fills = own_markouts.size();
  metrics.markout = summarise_markouts(own_markouts, own_quantities);

  metrics.useful = useful_liquidity(run, participant.accounts);
  metrics.risk.inventory_risk = metrics.inventory_risk;
  metrics.risk.adverse_selection = std::max(0.0, -metrics.markout.total);
  metrics.risk.capital_at_risk = capital_at_risk(run, participant.accounts);
  const std::vector<bool> honest = honest_accounts(run);
  for (const std::size_t account : participant.accounts) {
    metrics.honest = metrics.honest && honest[account];
  }

  metrics.committed_capital = start_base * first_mid(run.market) + start_quote;
  const TimeWindow window = campaign_window(run);
  const double reward_value = metrics.reward * price;
  metrics.reward_yield = std::isfinite(reward_value) && std::isfinite(metrics.committed_capital) &&
                                 metrics.committed_capital >= 0.0 && window.end > window.start
                             ? annualised_reward_yield(reward_value, metrics.committed_capital,
                                                       window.end - window.start)
                             : kNaN;
  return metrics;
}

FairnessMetrics fairness_metrics(std::span<const ParticipantMetrics> participants) {
  std::vector<double> rewards;
  std::vector<double> contributions;
  std::vector<double> ratios;
  for (const ParticipantMetrics& participant : participants) {
    rewards.push_back(participant.reward);
    contributions.push_back(participant.contribution);
    if (std::isfinite(participant.reward_to_contribution)) {
      ratios.push_back(participant.reward_to_contribution);
    }
  }
  FairnessMetrics metrics;
  metrics.population = rewards.size();
  metrics.gini = gini(rewards);
  metrics.lorenz = lorenz_curve(rewards);
  metrics.herfindahl = herfindahl_index(rewards);
  metrics.herfindahl_normalised = normalised_herfindahl_index(rewards);
  metrics.top1_share = top_k_share(rewards, 1);
  metrics.top10pct_count = top_percent_count(rewards.size(), 10.0);
  metrics.top10pct_share = top_percent_share(rewards, 10.0);
  metrics.jain_ratio = jain_index(ratios);
  metrics.jain_population = ratios.size();
  metrics.spearman_reward_contribution = spearman_correlation(rewards, contributions);
  return metrics;
}

MarketAverages market_averages(const MarketSeries& market, const TimeWindow& window) {
  const std::size_t n = market.size();
  MarketAverages averages;
  averages.mid = average(market, market.mid, window);
  std::vector<double> spread(n, kNaN);
  for (std::size_t i = 0; i < n; ++i) {
    const double mid = market.mid[i];
    const double bid = market.best_bid[i];
    const double ask = market.best_ask[i];
    if (std::isfinite(mid) && mid > 0.0 && std::isfinite(bid) && std::isfinite(ask)) {
      spread[i] = (ask - bid) / mid * kBasisPoints;
    }
  }
  averages.spread_bps = average(market, spread, window);
  for (std::size_t band = 0; band < kDepthBands.size(); ++band) {
    std::vector<double> depth(n);
    for (std::size_t i = 0; i < n; ++i) {
      // The recorder writes 0 depth while a side is empty (no mid): that is "no band", not an
      // empty book, so it is left out like any undefined value.
      depth[i] =
          std::isnan(market.mid[i]) ? kNaN : market.depth_bid[band][i] + market.depth_ask[band][i];
    }
    averages.depth[band] = average(market, depth, window);
  }
  for (std::size_t size = 0; size < market.reference_sizes.size(); ++size) {
    std::vector<double> buy = column_of(market.slippage_buy, size);
    std::vector<double> sell = column_of(market.slippage_sell, size);
    for (double& value : buy) value *= kBasisPoints;
    for (double& value : sell) value *= kBasisPoints;
    averages.slippage_buy_bps.push_back(average(market, buy, window));
    averages.slippage_sell_bps.push_back(average(market, sell, window));
  }
  return averages;
}

LiquidityMetrics liquidity_metrics(const RunData& run) {
  LiquidityMetrics metrics;
  metrics.window = campaign_window(run);
  metrics.reference_sizes = run.market.reference_sizes;
  metrics.with = market_averages(run.market, metrics.window);
  metrics.has_baseline = run.baseline.has_value();
  if (run.baseline) {
    metrics.without = market_averages(*run.baseline, metrics.window);
  } else {
    // The same shape, every figure undefined.
    MarketSeries empty;
    empty.reference_sizes = run.market.reference_sizes;
    empty.slippage_buy.columns = empty.slippage_sell.columns = run.market.reference_sizes.size();
    metrics.without = market_averages(empty, metrics.window);
  }
  return metrics;
}

SponsorEconomics sponsor_economics(const RunData& run, const LiquidityMetrics& liquidity) {
  const int decimals = run.campaign.reward_decimals;
  std::int64_t budget = 0;
  std::int64_t allocated = 0;
  std::int64_t unallocated = 0;
  for (const EpochRecord& epoch : run.epochs) {
    budget += epoch.budget;
    allocated += epoch.allocated;
    unallocated += epoch.unallocated;
  }
  SponsorEconomics economics;
  economics.budget = tokens(budget, decimals);
  economics.spent = tokens(allocated, decimals);
  economics.unallocated = tokens(unallocated, decimals);
  economics.days = liquidity.window.days();
  economics.spent_per_day = economics.days > 0.0 ? economics.spent / economics.days : kNaN;
  economics.spent_value_per_day = economics.spent_per_day * run.reward_token_price.value_or(kNaN);
  for (std::size_t band = 0; band < kDepthBands.size(); ++band) {
    economics.added_depth[band] =
        liquidity.with.depth[band].mean - liquidity.without.depth[band].mean;
    economics.cost_per_added_depth[band] =
        cost_per(economics.spent_per_day, economics.added_depth[band]);
  }
  economics.spread_reduction_bps =
      liquidity.without.spread_bps.mean - liquidity.with.spread_bps.mean;
  economics.cost_per_spread_bp = cost_per(economics.spent_per_day, economics.spread_reduction_bps);
  economics.slippage_reduction_buy_bps =
      differences(liquidity.without.slippage_buy_bps, liquidity.with.slippage_buy_bps);
  economics.slippage_reduction_sell_bps =
      differences(liquidity.without.slippage_sell_bps, liquidity.with.slippage_sell_bps);
  for (const double reduction : economics.slippage_reduction_buy_bps) {
    economics.cost_per_slippage_bp_buy.push_back(cost_per(economics.spent_per_day, reduction));
  }
  for (const double reduction : economics.slippage_reduction_sell_bps) {
    economics.cost_per_slippage_bp_sell.push_back(cost_per(economics.spent_per_day, reduction));
  }
  return economics;
}

RuleMetrics rule_metrics(const RunData& run, std::string name, std::string rule,
                         std::span<const std::int64_t> account_rewards,
                         std::span<const ParticipantMetrics> miners,
                         std::span<const ParticipantMetrics> entities) {
  if (account_rewards.size() != run.miners.size() || miners.size() != run.miners.size()) {
    throw std::invalid_argument("rule_metrics: one reward and one participant per account");
  }
  const int decimals = run.campaign.reward_decimals;
  RuleMetrics metrics;
  metrics.name = std::move(name);
  metrics.rule = std::move(rule);
  const auto population = [&](std::span<const ParticipantMetrics> participants, bool accounts,
                              std::vector<RuleParticipantMetrics>& out,
                              RuleFairnessMetrics& fairness) {
    std::vector<double> rewards;
    std::vector<UsefulLiquidity> useful;
    std::vector<RiskBorne> risk;
    std::vector<bool> honest;
    for (std::size_t p = 0; p < participants.size(); ++p) {
      const ParticipantMetrics& participant = participants[p];
      std::int64_t units = 0;
      if (accounts) {
        units = account_rewards[p];
      } else {
        // An entity's accounts are those whose entity is its name.
        for (std::size_t account = 0; account < run.miners.size(); ++account) {
          if (run.miners[account].entity == participant.name) units += account_rewards[account];
        }
      }
      out.push_back({participant.name, tokens(units, decimals), {}});
      rewards.push_back(out.back().reward);
      useful.push_back(participant.useful);
      risk.push_back(participant.risk);
      honest.push_back(participant.honest);
    }
    const RewardAlignment alignment = reward_alignment(rewards, useful, risk, honest);
    for (std::size_t p = 0; p < out.size(); ++p) out[p].alignment = alignment.participants[p];
    fairness.population = rewards.size();
    fairness.gini = gini(rewards);
    fairness.top1_share = top_k_share(rewards, 1);
    fairness.alignment = alignment.dispersion;
  };
  population(miners, true, metrics.miners, metrics.account_fairness);
  population(entities, false, metrics.entities, metrics.entity_fairness);
  long double total = 0.0L;
  for (const RuleParticipantMetrics& miner : metrics.miners) total += miner.reward;
  metrics.total_reward = static_cast<double>(total);
  return metrics;
}

MarketRealism run_market_realism(const RunData& run, unsigned threads) {
  RealismOptions realism;
  realism.bootstrap.threads = threads;
  realism.tick_size = run.provenance.tick_size > 0.0 ? run.provenance.tick_size : 0.01;
  return market_realism(run.market, realism);
}

RunMetrics compute_run_metrics(const RunData& run, bool market_facts) {
  RunMetrics metrics;
  metrics.window = campaign_window(run);
  metrics.snapshots = run.snapshots.size();
  const std::vector<double> markouts = run_fill_markouts(run);
  for (const Participant& participant : miner_participants(run)) {
    metrics.miners.push_back(participant_metrics(run, participant, markouts));
  }
  for (const Participant& participant : entity_participants(run)) {
    metrics.entities.push_back(participant_metrics(run, participant, markouts));
  }
  // Shares need the totals over every miner, so they are filled in once all are known.
  long double reward_total = 0.0L;
  long double contribution_total = 0.0L;
  for (const ParticipantMetrics& miner : metrics.miners) {
    reward_total += miner.reward;
    contribution_total += miner.contribution;
  }
  metrics.total_reward = static_cast<double>(reward_total);
  for (auto* population : {&metrics.miners, &metrics.entities}) {
    for (ParticipantMetrics& participant : *population) {
      participant.reward_share = ratio(participant.reward, static_cast<double>(reward_total));
      participant.contribution_share =
          ratio(participant.contribution, static_cast<double>(contribution_total));
      participant.reward_to_contribution =
          ratio(participant.reward_share, participant.contribution_share);
    }
  }
  metrics.entity_fairness = fairness_metrics(metrics.entities);
  metrics.account_fairness = fairness_metrics(metrics.miners);
  metrics.liquidity = liquidity_metrics(run);
  if (market_facts) metrics.realism = run_market_realism(run);
  metrics.sponsor = sponsor_economics(run, metrics.liquidity);

  // Every rule against the same denominators: the campaign's own, then the further ones.
  std::vector<std::int64_t> rewards;
  for (const MinerRecord& miner : run.miners) rewards.push_back(miner.reward_base_units);
  const std::string own = std::string(run.campaign.scoring_rule().name());
  metrics.rules.push_back(rule_metrics(run, own, own, rewards, metrics.miners, metrics.entities));
  for (const RuleResults& rule : run.rules) {
    rewards.clear();
    for (const RuleMinerRecord& miner : rule.miners) rewards.push_back(miner.reward_base_units);
    metrics.rules.push_back(
        rule_metrics(run, rule.name, rule.rule, rewards, metrics.miners, metrics.entities));
  }
  return metrics;
}

}  // namespace lmsim::analysis
