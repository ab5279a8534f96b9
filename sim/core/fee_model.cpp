#include "sim/core/fee_model.hpp"

namespace lmsim::sim {

namespace {

/// A fee that is `rate` per unit of what it is charged on, different for maker and taker.
struct MakerTakerRates {
  double maker = 0.0;
  double taker = 0.0;
};

enum class ChargedOn { kNotional, kAmount, kExecution };

class LinearFee final : public FeeModel {
 public:
  LinearFee(MakerTakerRates rates, double scale, ChargedOn base)
      : rates_(rates), scale_(scale), base_(base) {}
  double fee(double notional, double amount, bool maker) const override {
    const double rate = maker ? rates_.maker : rates_.taker;
    // (base × rate) × scale, in this order: basis points times 1e-4 as fee schedules state them.
    switch (base_) {
      case ChargedOn::kNotional:
        return notional * rate * scale_;
      case ChargedOn::kAmount:
        return amount * rate * scale_;
      case ChargedOn::kExecution:
        break;
    }
    return rate * scale_;
  }

 private:
  MakerTakerRates rates_;
  double scale_;
  ChargedOn base_;
};

using P = MakerTakerRates;

FeeKind linear_fee_kind(std::string name, std::string summary, std::string maker_key,
                        std::string taker_key, engine::Bounds bounds, std::string unit,
                        double scale, ChargedOn base) {
  engine::ParamSpec<P> spec;
  spec.number(
          std::move(maker_key), [](P& p) -> double& { return p.maker; }, bounds,
          "charged to the resting order's owner, " + unit + "; negative = rebate")
      .number(
          std::move(taker_key), [](P& p) -> double& { return p.taker; }, bounds,
          "charged to the aggressor, " + unit);
  return engine::make_kind<P, FeeModel, FeeSetup>(
      std::move(name), std::move(summary), std::move(spec),
      [scale, base](const P& rates, const FeeSetup&) -> std::unique_ptr<FeeModel> {
        return std::make_unique<LinearFee>(rates, scale, base);
      });
}

}  // namespace

FeeKind proportional_fee_kind() {
  // Basis points: -100 (a 1% rebate) to 1000 (10%) covers every fee schedule seen.
  return linear_fee_kind("proportional", "basis points of the notional, maker and taker",
                         "maker_bps", "taker_bps", engine::Bounds::between(-100.0, 1000.0),
                         "basis points of the notional", 1e-4, ChargedOn::kNotional);
}

std::unique_ptr<FeeModel> proportional_fees(double maker_bps, double taker_bps) {
  return std::make_unique<LinearFee>(MakerTakerRates{maker_bps, taker_bps}, 1e-4,
                                     ChargedOn::kNotional);
}

FeeKind per_unit_fee_kind() {
  return linear_fee_kind("per_unit", "quote currency per unit of base asset traded", "maker",
                         "taker", engine::Bounds::between(-1e9, 1e9),
                         "quote currency per unit of base asset", 1.0, ChargedOn::kAmount);
}

FeeKind flat_fee_kind() {
  return linear_fee_kind("flat", "quote currency per execution", "maker", "taker",
                         engine::Bounds::between(-1e9, 1e9), "quote currency per execution", 1.0,
                         ChargedOn::kExecution);
}

}  // namespace lmsim::sim
