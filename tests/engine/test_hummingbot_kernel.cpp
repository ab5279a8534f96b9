#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/hummingbot_kernel.hpp"
#include "support/split_mix.hpp"

using namespace lmsim::engine;

namespace {

// Orders around `mid` whose spreads run from 0 to `widest` (as a fraction of the mid), with a few
// exactly at the mid and a few at max_spread, amounts from tiny to large.
void random_orders(lmsim::test::SplitMix& random, std::size_t count, double mid, double widest,
                   std::vector<double>& price, std::vector<double>& amount) {
  price.resize(count);
  amount.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double spread = random.bernoulli(0.05) ? 0.0 : random.uniform(0.0, widest);
    price[i] = random.bernoulli(0.5) ? mid * (1.0 - spread) : mid * (1.0 + spread);
    amount[i] = std::exp(random.uniform(-20.0, 20.0));
  }
}

}  // namespace

TEST_CASE("HummingbotKernel: the AVX2 kernel gives the portable kernel's bits", "[hummingbot]") {
  if (!hummingbot_avx2_supported()) {
    WARN("this CPU has no AVX2: only the portable kernel runs here");
    return;
  }
  lmsim::test::SplitMix random(7);
  std::vector<double> price;
  std::vector<double> amount;
  // Outputs shifted by one double too, since which orders Eigen pairs depends on the alignment.
  std::vector<double> portable(1030);
  std::vector<double> avx2(1030);
  std::vector<double> spread(1030);
  std::size_t compared = 0;
  std::size_t positive = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t count =
        trial < 40 ? static_cast<std::size_t>(trial % 20) : random.below(1025);
    const std::size_t offset = static_cast<std::size_t>(trial % 2);
    const double mid = std::exp(random.uniform(-10.0, 12.0));
    HummingbotKernelParams params;
    params.mid = mid;
    params.max_spread = random.uniform(1e-4, 1.0);
    // Spread factors up to the key's bound of 1000, where exp reaches the subnormal range, and 0.
    const double factor =
        random.bernoulli(0.1) ? 0.0 : std::exp(random.uniform(-5.0, std::log(1000.0)));
    params.decay = -factor / params.max_spread;
    params.min_amount = random.bernoulli(0.5) ? 0.0 : std::exp(random.uniform(-20.0, 5.0));
    random_orders(random, count, mid, 1.5 * params.max_spread, price, amount);
    if (count > 2) price[1] = mid * (1.0 + params.max_spread);
    hummingbot_order_weights_portable(price, amount, params, {spread.data(), count},
                                      {portable.data() + offset, count});
    hummingbot_order_weights_avx2(price, amount, params, {avx2.data() + offset, count});
    for (std::size_t i = 0; i < count; ++i) {
      const auto expected = std::bit_cast<std::uint64_t>(portable[offset + i]);
      const auto got = std::bit_cast<std::uint64_t>(avx2[offset + i]);
      if (expected != got) {
        FAIL("order " << i << " of " << count << " (offset " << offset << "): portable "
                      << portable[offset + i] << ", AVX2 " << avx2[offset + i]);
      }
      ++compared;
      if (portable[offset + i] > 0.0) ++positive;
    }
  }
  CHECK(compared > 1'000'000);
  CHECK(positive > compared / 2);
}

TEST_CASE("HummingbotKernel: weights are amount times exp(decay times spread), 0 if ineligible",
          "[hummingbot]") {
  // Mid 100, max_spread 0.02, decay −100 (spread_factor 2): spreads 0, 0.01, 0.03 and a small
  // order.
  const std::vector<double> price{100.0, 99.0, 103.0, 101.0, 100.0};
  const std::vector<double> amount{2.0, 4.0, 5.0, 0.5, 1.0};
  HummingbotKernelParams params{100.0, -100.0, 0.02, 1.0};
  std::vector<double> spread(price.size());
  std::vector<double> weight(price.size());
  hummingbot_order_weights(price, amount, params, spread, weight);
  CHECK(weight[0] == 2.0);
  CHECK(weight[1] == Approx(4.0 * std::exp(-1.0)).epsilon(1e-15));
  CHECK(weight[2] == 0.0);
  CHECK(weight[3] == 0.0);
  CHECK(weight[4] == 1.0);
}
