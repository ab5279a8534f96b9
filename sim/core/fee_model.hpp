#pragma once

#include "engine/registry.hpp"

namespace lmsim::sim {

/// What a venue charges one party of one execution (hftbacktest's FeeModel seam). Fees are quote
/// currency, negative for a rebate, and may differ for the maker (the resting order) and the
/// taker. A model sees the execution's notional (quote currency) and amount (base asset); it
/// keeps no state, so the same execution always costs the same.
class FeeModel {
 public:
  virtual ~FeeModel() = default;
  /// The fee of one party: `notional` = price × amount in quote currency (> 0), `amount` in base
  /// asset (> 0).
  virtual double fee(double notional, double amount, bool maker) const = 0;
};

/// What a fee model is built from besides its parameters (nothing yet).
struct FeeSetup {};

using FeeConfig = engine::Configured<FeeModel, FeeSetup>;
using FeeKind = engine::Kind<FeeModel, FeeSetup>;
using FeeRegistry = engine::Registry<FeeModel, FeeSetup>;

/// `proportional`: maker_bps / taker_bps basis points of the notional (what most exchanges and
/// hftbacktest's TradingValueFeeModel charge); the default, with both rates 0.
FeeKind proportional_fee_kind();
/// `per_unit`: a fee per unit of base asset traded (hftbacktest's TradingQtyFeeModel).
FeeKind per_unit_fee_kind();
/// `flat`: a fixed fee per execution (hftbacktest's FlatPerTradeFeeModel).
FeeKind flat_fee_kind();

/// A proportional fee model, for venues built in code (0, 0: no fees).
std::unique_ptr<FeeModel> proportional_fees(double maker_bps = 0.0, double taker_bps = 0.0);

}  // namespace lmsim::sim
