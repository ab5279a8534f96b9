#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/param_spec.hpp"
#include "sim/core/market_spec.hpp"

namespace lmsim::sim::miners {

/// The Hummingbot release whose strategy code a miner imitates where releases differ
/// (docs/miners.md has the full table). Each label follows one tag of hummingbot/hummingbot:
/// - k2020 "2020": v0.34.0 (commit 069624e4, 2020-12-17), the last release of 2020: pure market
///   making only (Avellaneda–Stoikov did not exist yet); prices rounded to the nearest tick;
///   orders kept within tolerance reset the refresh timer; aged orders re-placed in place;
///   on a fill every order of the other side hangs at once.
/// - k2021 "2021": v0.45.0 (commit 69c42994, 2021-11-02), the liquidity-mining era's last
///   release and the default: prices floored to the tick; pure market making re-checks kept
///   orders every tick; an aged order makes every order go; hanging orders pair by level;
///   Avellaneda–Stoikov derives γ, κ, η from min/max spread ("parameters based on spread").
/// - kCurrent "current": the head of the master branch (commit 2bfaccc4, 2026-07-30; strategy
///   files as v2.16.0): pure market making adds moving price bands and split order levels;
///   Avellaneda–Stoikov estimates κ from trades and uses σ, not σ².
enum class HummingbotVersion : std::uint8_t { k2020, k2021, kCurrent };

/// "2020", "2021", "current".
std::string_view hummingbot_version_name(HummingbotVersion version);
/// "v0.34.0 (069624e4)", … — what the label follows, for messages and docs.
std::string_view hummingbot_version_tag(HummingbotVersion version);

/// Adds the key `hummingbot_version` ("2020", "2021" or "current", default "2021") to a
/// strategy's spec; `field` is the struct member it sets.
template <typename P>
void add_version_key(engine::ParamSpec<P>& spec,
                     typename engine::ParamSpec<P>::template Field<HummingbotVersion> field) {
  spec.choice("hummingbot_version", field, {"2020", "2021", "current"},
              std::vector<HummingbotVersion>{HummingbotVersion::k2020, HummingbotVersion::k2021,
                                             HummingbotVersion::kCurrent},
              "the Hummingbot release imitated where releases differ: \"2020\" = v0.34.0, "
              "\"2021\" = v0.45.0, \"current\" = the master branch (docs/miners.md)");
}

/// A price in quote currency as the exchange connector of `version` quantizes it, in ticks:
/// up to v0.44.0 (k2020) to the nearest tick, halves to even (Python's round() of a Decimal,
/// `ConnectorBase.c_quantize_order_price`); from v0.45.0 (k2021, kCurrent) down to the tick
/// (`(price // quantum) * quantum`; commits d4a451b5 and da94ffe0). Prices here come from
/// double arithmetic where Hummingbot's are exact Decimals, so a value within a relative 1e-12 of
/// a whole tick (or of a half tick, for rounding) is taken to be exactly there.
Ticks quantize_price(const MarketSpec& spec, double price, HummingbotVersion version);

/// An amount in base asset as every connector quantizes it: down to a lot.
Lots quantize_amount(const MarketSpec& spec, double amount);

/// `quantize_order_amount(size × factor)` for a size already in lots and a factor that is a
/// double in Hummingbot too (inventory skew's ratios): the exact product floored.
Lots quantize_scaled(Lots size, double factor);

}  // namespace lmsim::sim::miners
