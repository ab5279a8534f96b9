#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/miners/refreshing_quoter.hpp"

namespace lmsim::sim::miners {

// Pieces of proposal building that Hummingbot's pure market making and Avellaneda–Stoikov
// share (the same functions in both .pyx files).

/// `get_price_for_volume(...).result_price` on the book side `side`: the first level, from the
/// best price outwards, where the cumulative volume reaches `volume` (base asset); none when the
/// side holds less (Hummingbot gets NaN there).
std::optional<Ticks> price_for_volume(const MinerView& view, Side side, double volume);

/// The size (base asset) of one of the strategy's orders on `side` — the last one met, as
/// `c_apply_order_optimization` reads it — when the miner's orders are part of the book (on an
/// exchange the query must look past them); 0 on a replay, whose book holds none of them.
double own_order_size(const MinerView& view, Side side);

/// `c_apply_add_transaction_costs`: buys lowered and sells raised by the maker fee's share of
/// their notional, re-quantized as `version`'s connector does; buys left without a price are
/// dropped.
void add_transaction_costs(const MinerView& view, HummingbotVersion version, Proposal& proposal);

/// What is wrong with one order_override row, which must be ["buy" or "sell", spread percent,
/// amount ≥ 0]; nullopt when it is fine.
std::optional<std::string> order_override_problem(const engine::ParamRow& row);

/// Orders from order_override rows (`_create_proposal_based_on_order_override`): a buy at
/// buy_reference × (1 − spread/100), a sell at sell_reference × (1 + spread/100), each
/// quantized; rows with no size or price left are skipped.
void override_proposal(const MinerView& view, const std::vector<engine::ParamRow>& rows,
                       double buy_reference, double sell_reference, HummingbotVersion version,
                       Proposal& proposal);

/// A ParamError for a key that `version` did not have: "is not an option of Hummingbot
/// v0.45.0 (69c42994) (hummingbot_version = "2021"); <history>".
engine::ParamError not_in_release(HummingbotVersion version, const std::string& key,
                                  const std::string& history);

}  // namespace lmsim::sim::miners
