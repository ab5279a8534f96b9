#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/param_spec.hpp"

namespace lmsim::engine {

// The extension points of lmsim are registries, not chains of ifs. A kind of thing a user picks
// by name — a scoring rule, a miner strategy, a queue, latency or fee model — is one file that
// describes its parameters (a ParamSpec) and how to build it, and one line that adds it to its
// registry. Loaders, validation, `lmsim validate --keys` and the docs all read the registry.

/// One kind chosen by name, with its parameters set: what a loaded file holds until the run
/// builds the thing. Immutable once loaded, so it can be shared by the threads of a sweep.
template <typename Product, typename Context>
class Configured {
 public:
  virtual ~Configured() = default;
  /// The kind's registered name ("hummingbot", "pure_market_making", "probabilistic", …).
  virtual std::string_view name() const = 0;
  virtual const ParamObject& params() const = 0;
  virtual ParamObject& params() = 0;
  /// Builds a fresh instance for one run.
  virtual std::unique_ptr<Product> make(const Context& context) const = 0;
  virtual std::unique_ptr<Configured> clone() const = 0;
};

/// A registered kind: its name, a line saying what it is, and how to start configuring one
/// (with every parameter at its default).
template <typename Product, typename Context>
struct Kind {
  std::string name;
  std::string summary;
  std::function<std::unique_ptr<Configured<Product, Context>>()> configure;
  /// Its keys sit in the table that names it (`[campaign]` for Hummingbot's rule, kept where
  /// campaign files have always had them) rather than in a table of their own named after it.
  bool inline_params = false;
};

/// The kinds of one extension point, in registration order (the order docs list them in).
template <typename Product, typename Context>
class Registry {
 public:
  using KindType = Kind<Product, Context>;

  /// Adds a kind; throws std::invalid_argument when its name is taken.
  Registry& add(KindType kind) {
    if (find(kind.name) != nullptr) {
      throw std::invalid_argument("registry: \"" + kind.name + "\" is registered twice");
    }
    kinds_.push_back(std::move(kind));
    return *this;
  }
  /// The kind named `name`, or nullptr.
  const KindType* find(std::string_view name) const {
    for (const KindType& kind : kinds_) {
      if (kind.name == name) return &kind;
    }
    return nullptr;
  }
  const std::vector<KindType>& kinds() const { return kinds_; }
  std::vector<std::string> names() const {
    std::vector<std::string> names;
    for (const KindType& kind : kinds_) names.push_back(kind.name);
    return names;
  }

 private:
  std::vector<KindType> kinds_;
};

namespace detail {

template <typename P, typename Factory>
struct KindDefinition {
  std::string name;
  ParamSpec<P> spec;
  Factory factory;
};

template <typename P, typename Product, typename Context, typename Factory>
class ConfiguredKind final : public Configured<Product, Context> {
 public:
  using Definition = KindDefinition<P, Factory>;

  explicit ConfiguredKind(std::shared_ptr<const Definition> definition)
      : definition_(std::move(definition)), params_(definition_->spec) {}

  std::string_view name() const override { return definition_->name; }
  const ParamObject& params() const override { return params_; }
  ParamObject& params() override { return params_; }
  std::unique_ptr<Product> make(const Context& context) const override {
    return definition_->factory(params_.value(), context);
  }
  std::unique_ptr<Configured<Product, Context>> clone() const override {
    return std::make_unique<ConfiguredKind>(*this);
  }

 private:
  std::shared_ptr<const Definition> definition_;  // keeps the spec params_ points into alive
  ParamHolder<P> params_;
};

}  // namespace detail

/// A kind whose parameters are a struct `P` described by `spec`, built by
/// `factory(const P&, const Context&) → std::unique_ptr<Product>`. The kind and every object
/// configured from it share the spec and factory, which live as long as any of them.
template <typename P, typename Product, typename Context, typename Factory>
Kind<Product, Context> make_kind(std::string name, std::string summary, ParamSpec<P> spec,
                                 Factory factory) {
  using Definition = detail::KindDefinition<P, Factory>;
  auto definition =
      std::make_shared<const Definition>(Definition{name, std::move(spec), std::move(factory)});
  Kind<Product, Context> kind;
  kind.name = std::move(name);
  kind.summary = std::move(summary);
  kind.configure = [definition]() -> std::unique_ptr<Configured<Product, Context>> {
    return std::make_unique<detail::ConfiguredKind<P, Product, Context, Factory>>(definition);
  };
  return kind;
}

}  // namespace lmsim::engine
