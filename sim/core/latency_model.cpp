#include "sim/core/latency_model.hpp"

#include <optional>

namespace lmsim::sim {

using engine::Bounds;
using engine::Nanos;

namespace {

/// Longer than any market would tolerate; the bound keeps times far from overflow.
constexpr double kMaxLatency = 3600.0 * 1e9;

struct ConstantParams {
  Nanos submission = 0;
  Nanos cancellation = 0;
};

class ConstantLatency final : public LatencyModel {
 public:
  explicit ConstantLatency(ConstantParams params) : params_(params) {}
  Nanos submission(Nanos, RandomStream&) override { return params_.submission; }
  Nanos cancellation(Nanos, RandomStream&) override { return params_.cancellation; }

 private:
  ConstantParams params_;
};

struct UniformParams {
  Nanos low = 0;
  Nanos high = 0;
};

class UniformLatency final : public LatencyModel {
 public:
  explicit UniformLatency(UniformParams params) : params_(params) {}
  Nanos submission(Nanos, RandomStream& random) override { return draw(random); }
  Nanos cancellation(Nanos, RandomStream& random) override { return draw(random); }

 private:
  Nanos draw(RandomStream& random) const {
    const auto width = static_cast<std::uint64_t>(params_.high - params_.low) + 1;
    return params_.low + static_cast<Nanos>(random.below(width));
  }
  UniformParams params_;
};

}  // namespace

LatencyKind constant_latency_kind() {
  using P = ConstantParams;
  engine::ParamSpec<P> spec;
  spec.duration(
          "submission", [](P& p) -> Nanos& { return p.submission; },
          Bounds::between(0.0, kMaxLatency), "delay of every new order")
      .duration(
          "cancellation", [](P& p) -> Nanos& { return p.cancellation; },
          Bounds::between(0.0, kMaxLatency), "delay of every cancellation");
  return engine::make_kind<P, LatencyModel, LatencySetup>(
      "constant", "the same delay for every request", std::move(spec),
      [](const P& params, const LatencySetup&) -> std::unique_ptr<LatencyModel> {
        return std::make_unique<ConstantLatency>(params);
      });
}

std::unique_ptr<LatencyModel> constant_latency(Nanos submission, Nanos cancellation) {
  return std::make_unique<ConstantLatency>(ConstantParams{submission, cancellation});
}

LatencyKind uniform_latency_kind() {
  using P = UniformParams;
  engine::ParamSpec<P> spec;
  spec.duration(
          "low", [](P& p) -> Nanos& { return p.low; }, Bounds::between(0.0, kMaxLatency),
          "shortest delay")
      .duration(
          "high", [](P& p) -> Nanos& { return p.high; }, Bounds::between(0.0, kMaxLatency),
          "longest delay")
      .check([](const P& p) -> std::optional<engine::ParamError> {
        if (p.high < p.low) return engine::ParamError{"high", "must not be shorter than low"};
        return std::nullopt;
      });
  return engine::make_kind<P, LatencyModel, LatencySetup>(
      "uniform", "a delay drawn uniformly from [low, high] for each request (the miner's stream)",
      std::move(spec), [](const P& params, const LatencySetup&) -> std::unique_ptr<LatencyModel> {
        return std::make_unique<UniformLatency>(params);
      });
}

}  // namespace lmsim::sim
