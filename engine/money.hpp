#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lmsim::engine {

/// Reward money in integer base units of the reward token: one base unit is 10^-decimals tokens.
/// Integer accounting is what lets every epoch's allocations plus its unallocated remainder equal
/// the budget exactly; floating point is used only for weights, never for money.
using BaseUnits = std::int64_t;

/// Largest `reward_decimals` accepted: 10^18 is the largest power of ten an int64 holds.
inline constexpr int kMaxRewardDecimals = 18;

/// The part of `total` that falls into step `index` of `steps` equal steps:
/// floor((index+1)·total/steps) − floor(index·total/steps). Over index = 0..steps−1 the parts sum
/// to `total` exactly and any two differ by at most one unit, with the odd units spread evenly
/// through the sequence instead of piled at its start. Requires total ≥ 0, steps > 0, 0 ≤ index <
/// steps.
BaseUnits even_share(BaseUnits total, std::int64_t steps, std::int64_t index);

/// floor(index·total/steps) — the running sum of `even_share` over the first `index` steps, for
/// 0 ≤ index ≤ steps. Range sums are differences of two calls, so skipping steps costs O(1).
BaseUnits cumulative_even_share(BaseUnits total, std::int64_t steps, std::int64_t index);

/// floor(amount × fraction) for amount ≥ 0 and fraction in [0, 1], exact for every int64 amount,
/// with the fraction taken as the shortest decimal that round-trips its double (0.3 is 3/10, so
/// 100 × 0.3 gives 30, not 29).
BaseUnits fraction_floor(BaseUnits amount, double fraction);

/// Parses a plain decimal number of tokens ("20", "0.3", "1.25e2" is rejected) into base units.
/// Returns nullopt when the text is not a non-negative decimal, has more fractional digits than
/// `decimals`, or the result does not fit an int64.
std::optional<BaseUnits> parse_token_amount(std::string_view decimal, int decimals);

/// Converts a token amount read as a double (as TOML delivers it) into base units, exactly as the
/// shortest decimal text that round-trips the double would convert ("0.3", not 0.29999…).
std::optional<BaseUnits> tokens_to_base_units(double tokens, int decimals);

/// Formats base units as tokens with exactly `decimals` fractional digits ("20.000000000").
std::string format_token_amount(BaseUnits amount, int decimals);

/// 10^decimals for 0 ≤ decimals ≤ kMaxRewardDecimals.
BaseUnits base_units_per_token(int decimals);

}  // namespace lmsim::engine
