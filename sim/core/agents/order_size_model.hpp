#pragma once

#include "sim/core/market_spec.hpp"
#include "sim/core/order_book.hpp"
#include "sim/core/random_stream.hpp"

namespace lmsim::sim::agents {

/// ABIDES' order-size model (abides_markets/models/order_size_model.py), the sizes of its noise,
/// value and momentum traders: with weight 0.2 a log-normal size (log-mean 2.9, log-sd 1.2,
/// median ≈ 18), otherwise round lots of 100, 200, …, 1000 shares with weights 0.7, 0.06, 0.004,
/// 0.0329, 0.001, 0.0006, 0.0004, 0.0005, 0.0003, 0.0003; rounded half to even as Python does.
/// The mean is ≈ 106 shares. `scale` converts shares to the market's lots (1 for a share market).
class OrderSizeModel {
 public:
  explicit OrderSizeModel(double scale = 1.0) : scale_(scale) {}

  /// A size in lots (may be 0: the caller skips such orders, as ABIDES does).
  Lots sample(RandomStream& random) const;

 private:
  double scale_;
};

}  // namespace lmsim::sim::agents
