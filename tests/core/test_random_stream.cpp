#include <catch2/catch.hpp>
#include <cmath>

#include "sim/core/random_stream.hpp"

using namespace lmsim::sim;

TEST_CASE("RandomStream: the same seed gives the same sequence; streams differ by component",
          "[random]") {
  RandomStream a(derive_seed(1, "market"));
  RandomStream b(derive_seed(1, "market"));
  RandomStream c(derive_seed(1, "miner/0"));
  RandomStream d(derive_seed(2, "market"));
  for (int i = 0; i < 100; ++i) {
    const auto value = a.next_u64();
    CHECK(value == b.next_u64());
    CHECK(value != c.next_u64());
    CHECK(value != d.next_u64());
  }
}

TEST_CASE("RandomStream: fixed values pin the generator across platforms", "[random]") {
  // mt19937_64's 10000th output for the default seed is fixed by the C++ standard.
  RandomStream standard(5489u);
  std::uint64_t value = 0;
  for (int i = 0; i < 10000; ++i) value = standard.next_u64();
  CHECK(value == 9981545732273789042ull);
  std::uint64_t state = 0;
  CHECK(splitmix64(state) == 0xE220A8397B1DCDAFull);
}

TEST_CASE("RandomStream: distributions have the right moments", "[random]") {
  RandomStream random(99);
  constexpr int kDraws = 200'000;
  double uniform_sum = 0, normal_sum = 0, normal_sq = 0, exp_sum = 0, poisson_sum = 0;
  std::uint64_t below_max = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = random.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    uniform_sum += u;
    const double n = random.normal();
    normal_sum += n;
    normal_sq += n * n;
    exp_sum += random.exponential(4.0);
    poisson_sum += static_cast<double>(random.poisson(3.5));
    below_max = std::max(below_max, random.below(7));
  }
  CHECK(uniform_sum / kDraws == Approx(0.5).margin(0.005));
  CHECK(normal_sum / kDraws == Approx(0.0).margin(0.01));
  CHECK(normal_sq / kDraws == Approx(1.0).margin(0.01));
  CHECK(exp_sum / kDraws == Approx(0.25).margin(0.005));
  CHECK(poisson_sum / kDraws == Approx(3.5).margin(0.02));
  CHECK(below_max == 6);
  CHECK(random.pareto(2.0, 1.5) >= 2.0);
}
