#include "engine/dydx_rule.hpp"

#include <cmath>
#include <stdexcept>

namespace lmsim::engine {

namespace {

/// The program's initial MaxSpread (SCORING.md §2), as a fraction of the mid.
constexpr double kDefaultMaxSpread = 0.004;        // 40 bps
constexpr double kDefaultMaxSpreadBtcEth = 0.002;  // 20 bps

DydxExponents published_exponents(DydxVersion version, DydxTier tier) {
  const bool btc_eth = tier == DydxTier::kBtcEth;
  switch (version) {
    case DydxVersion::kLaunch:
      return {1.0, 5.0, 0.0, 0.0};
    case DydxVersion::kJan2022:
      return {1.0, 5.0, 0.5, 0.0};
    case DydxVersion::kDip11:
      return {0.35, 5.0, 0.2, 0.45};
    case DydxVersion::kDip15:
      return btc_eth ? DydxExponents{0.15, 5.0, 0.05, 0.8} : DydxExponents{0.35, 5.0, 0.05, 0.6};
    case DydxVersion::kDip19:
      return btc_eth ? DydxExponents{0.15, 5.0, 0.0, 0.85} : DydxExponents{0.35, 5.0, 0.0, 0.65};
  }
  return {};
}

}  // namespace

DydxExponents dydx_exponents(const DydxParams& params) {
  DydxExponents exponents = published_exponents(params.version, params.market_tier);
  exponents.uptime = params.uptime_exponent;
  if (params.depth_exponent) exponents.depth = *params.depth_exponent;
  if (params.stake_exponent) exponents.stake = *params.stake_exponent;
  if (params.maker_volume_exponent) exponents.maker_volume = *params.maker_volume_exponent;
  return exponents;
}

DydxRule::DydxRule(const DydxParams& params)
    : params_(params), exponents_(dydx_exponents(params)) {}

void DydxRule::weigh(const Snapshot& snapshot, MinerWeights& weights) {
  const OrderColumns& orders = snapshot.orders;
  const std::size_t count = orders.size();
  if (!(snapshot.mid > 0.0)) throw std::invalid_argument("DydxRule: mid must be > 0");
  if (order_weight_.size() < count) order_weight_.resize(count);
  last_size_ = count;
  const double min_depth = params_.min_depth;

  double mid = snapshot.mid;
  if (params_.mid == DydxMid::kAboveMinDepth) {
    // "The average of the best bid and ask after removing orders below MinDepth."
    double best_bid = 0.0;
    double best_ask = 0.0;
    bool has_bid = false;
    bool has_ask = false;
    for (std::size_t i = 0; i < count; ++i) {
      if (!(orders.price[i] * orders.amount[i] > min_depth)) continue;
      if (orders.side[i] == Side::kBid) {
        if (!has_bid || orders.price[i] > best_bid) best_bid = orders.price[i];
        has_bid = true;
      } else {
        if (!has_ask || orders.price[i] < best_ask) best_ask = orders.price[i];
        has_ask = true;
      }
    }
    // Without both sides there is no such mid: the snapshot's stands in.
    if (has_bid && has_ask) mid = (best_bid + best_ask) / 2.0;
  }
  last_mid_ = mid;
  const double max_spread = params_.max_spread.value_or(
      (params_.market_tier == DydxTier::kBtcEth ? kDefaultMaxSpreadBtcEth : kDefaultMaxSpread) *
      mid);

  double* const out = order_weight_.data();
  for (std::size_t i = 0; i < count; ++i) {
    const double depth = orders.price[i] * orders.amount[i];
    const double distance = std::abs(orders.price[i] - mid);
    // Strict inequalities, as published: depth above MinDepth, spread below MaxSpread.
    const bool eligible = depth > min_depth && distance < max_spread && distance > 0.0;
    out[i] = eligible ? depth / (distance / mid) : 0.0;
  }
  weights.accumulate(orders.side, orders.miner, {out, count});
  weights.finish();
}

void DydxRule::snapshot_scores(const MinerWeights& weights, std::span<const MinerId> miners,
                               std::span<double> scores) const {
  for (std::size_t i = 0; i < miners.size(); ++i) {
    scores[i] =
        std::min(weights.weight(Side::kBid, miners[i]), weights.weight(Side::kAsk, miners[i]));
  }
}

double DydxRule::final_score(const EpochActivity& activity) const {
  // Only the market's eligible LPs share the pool: those with Q_epoch > 0.
  if (!(activity.score > 0.0)) return 0.0;
  const DydxExponents& e = exponents_;
  // std::pow(0, 0) is 1: an exponent of 0 leaves its factor out, whatever the value.
  return std::pow(activity.score, e.depth) * std::pow(activity.uptime(), e.uptime) *
         std::pow(activity.stake, e.stake) * std::pow(activity.maker_volume, e.maker_volume);
}

RuleKind dydx_rule_kind() {
  using P = DydxParams;
  ParamSpec<P> spec;
  spec.number(
          "min_depth", [](P& p) -> double& { return p.min_depth; }, Bounds::at_least(0.0),
          "MinDepth: orders whose depth price × amount (quote currency) is not above it are "
          "excluded (the program used 1,000; 5,000 for BTC and ETH)")
      .optional_number(
          "max_spread", [](P& p) -> std::optional<double>& { return p.max_spread; },
          Bounds::above(0.0),
          "MaxSpread: orders at least this far from the mid (quote currency) are excluded "
          "(unset: 40 bps of the mid, 20 bps for market_tier \"btc_eth\")")
      .choice<DydxVersion>(
          "version", [](P& p) -> DydxVersion& { return p.version; },
          {"launch", "jan2022", "dip11", "dip15", "dip19"},
          {DydxVersion::kLaunch, DydxVersion::kJan2022, DydxVersion::kDip11, DydxVersion::kDip15,
           DydxVersion::kDip19},
          "the published final score whose exponents apply (docs/scoring.md)")
      .choice<DydxTier>(
          "market_tier", [](P& p) -> DydxTier& { return p.market_tier; }, {"other", "btc_eth"},
          {DydxTier::kOther, DydxTier::kBtcEth},
          "\"btc_eth\": the exponents dip15 and dip19 gave BTC and ETH, and a 20 bps default "
          "max_spread")
      .choice<DydxMid>(
          "mid", [](P& p) -> DydxMid& { return p.mid; }, {"snapshot", "above_min_depth"},
          {DydxMid::kSnapshot, DydxMid::kAboveMinDepth},
          "the mid distances are measured from: the snapshot's, or the mean of the best bid and "
          "ask among the scored orders with depth above min_depth")
      .number(
          "uptime_exponent", [](P& p) -> double& { return p.uptime_exponent; },
          Bounds::between(0.0, 100.0), "u in uptime^u (every version used 5)")
      .optional_number(
          "depth_exponent", [](P& p) -> std::optional<double>& { return p.depth_exponent; },
          Bounds::between(0.0, 100.0), "a in Q_epoch^a (unset: the version's)")
      .optional_number(
          "stake_exponent", [](P& p) -> std::optional<double>& { return p.stake_exponent; },
          Bounds::between(0.0, 100.0), "b in stake^b (unset: the version's)")
      .optional_number(
          "maker_volume_exponent",
          [](P& p) -> std::optional<double>& { return p.maker_volume_exponent; },
          Bounds::between(0.0, 100.0), "c in makerVolume^c (unset: the version's)");
  return make_kind<P, ScoringRule, RuleContext>(
      "dydx",
      "dYdX liquidity-provider rewards: Q = Σ depth/spread per side, min of the two sides per "
      "snapshot, summed over the epoch and raised with uptime (and stake, maker volume) to the "
      "version's exponents; the epoch's budget is paid at its end",
      std::move(spec), [](const P& params, const RuleContext&) -> std::unique_ptr<ScoringRule> {
        return std::make_unique<DydxRule>(params);
      });
}

}  // namespace lmsim::engine
