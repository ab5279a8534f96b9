#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/time.hpp"

namespace lmsim::engine {

// The parameters of everything a user configures by name — a scoring rule, a miner strategy, a
// queue, latency or fee model — described once, next to the code that uses them: each key's
// type, bounds, default and a line of documentation. Loaders read files through these
// descriptions (so a new rule or strategy needs no loader code), `lmsim validate --keys` and the
// docs print them, and every value is checked against its bounds in one place. Pure: no files,
// no formats; the readers live in sim/io.

/// A duration (int64 ns), kept apart from integers so that "90s" and 90 cannot be confused.
struct Duration {
  Nanos ns = 0;
  bool operator==(const Duration&) const = default;
};

/// One cell of a row (ParamType::kRowList): a number or a string.
using ParamCell = std::variant<double, std::string>;
/// One row of a row list: `["buy", 0.5, 100.0]`.
using ParamRow = std::vector<ParamCell>;

/// One parameter's value as read from a file.
using ParamValue = std::variant<bool, std::int64_t, double, Duration, std::string,
                                std::vector<double>, std::vector<ParamRow>>;

/// The type of a parameter, which decides how a file spells it.
enum class ParamType : std::uint8_t {
  kBoolean,     ///< true / false
  kInteger,     ///< a whole number
  kNumber,      ///< a finite number (an integer in a file is read as a number)
  kDuration,    ///< "250ms", "60s", "1h30m"
  kText,        ///< a string, optionally one of a fixed list of choices
  kNumberList,  ///< an array of finite numbers
  kRowList,     ///< an array of rows, each an array of strings and finite numbers
};

/// The name of a type in messages and docs: "boolean", "integer", "number", "duration",
/// "string", "array of numbers".
std::string_view param_type_name(ParamType type);

/// The range a number, integer or duration (in ns) must lie in. Every number must also be
/// finite: infinities and NaN are never in range, whatever the bounds.
struct Bounds {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_open = false;   ///< low itself excluded
  bool high_open = false;  ///< high itself excluded

  static Bounds any() { return {}; }
  static Bounds at_least(double low) { return {low, kInfinity, false, false}; }
  static Bounds above(double low) { return {low, kInfinity, true, false}; }
  static Bounds between(double low, double high) { return {low, high, false, false}; }
  /// (low, high)
  static Bounds strictly_between(double low, double high) { return {low, high, true, true}; }
  /// [low, high)
  static Bounds at_least_below(double low, double high) { return {low, high, false, true}; }
  /// (low, high]
  static Bounds above_up_to(double low, double high) { return {low, high, true, false}; }

  bool contains(double value) const;
  /// "in [0, 100]", ">= 0", "> 0", "in (0, 1]", "any finite value". Durations print as
  /// durations when `duration` is set ("> 0s").
  std::string text(bool duration = false) const;

 private:
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();
};

/// What files, messages and docs need to know of one parameter.
struct ParamInfo {
  std::string key;
  ParamType type = ParamType::kNumber;
  std::string doc;                   ///< one sentence, with the unit
  Bounds bounds;                     ///< numbers, integers and durations (ns)
  std::vector<std::string> choices;  ///< kText: the allowed values; empty = any text
  bool required = false;             ///< no default: a file must give it
  bool optional = false;             ///< unset unless a file gives it (no default value)
  std::string default_text;          ///< the default as a file would spell it; "" if required
                                     ///< or optional
};

/// A problem with one key's value: "must be in [0, 100] (got 150)".
struct ParamError {
  std::string key;
  std::string problem;
};

/// The text of a value as a file would spell it: `true`, `7`, `0.25`, `"90s"`, `"abc"`,
/// `[1.0, 10.0]` (numbers in their shortest exact form, always with a decimal point).
std::string param_value_text(const ParamValue& value);

class ParamObject;

/// The value of `key` of `params` as a file would spell it, or nullopt for an optional key that
/// is not set.
std::optional<std::string> param_text(const ParamObject& params, const ParamInfo& info);

/// A set of parameters addressed by key: what loaders fill and what docs describe, whatever
/// object holds the values.
class ParamObject {
 public:
  virtual ~ParamObject() = default;
  virtual std::span<const ParamInfo> infos() const = 0;
  /// Sets `key` to `value` after checking its type and bounds; returns the problem, if any.
  /// An unknown key is a problem too.
  virtual std::optional<std::string> set(std::string_view key, const ParamValue& value) = 0;
  /// The current value of `key` (which must be one of infos()).
  virtual ParamValue get(std::string_view key) const = 0;
  /// Checks that need several keys at once (e.g. short window ≤ long window), once all are set.
  virtual std::optional<ParamError> validate() const = 0;

  /// The info of `key`, or nullptr.
  const ParamInfo* find(std::string_view key) const;
};

/// The keys of a parameter struct `P`, each bound to a field of `P` through an accessor (a
/// captureless lambda or function returning a reference into P). Defaults are those of a
/// default-constructed P. Built once per kind, then shared read-only.
template <typename P>
class ParamSpec {
 public:
  template <typename T>
  using Field = T& (*)(P&);

  ParamSpec& boolean(std::string key, Field<bool> field, std::string doc) {
    return add(
        info(std::move(key), ParamType::kBoolean, std::move(doc)),
        [field](P& p, const ParamValue& v) { field(p) = std::get<bool>(v); },
        [field](P& p) -> ParamValue { return field(p); });
  }
  ParamSpec& integer(std::string key, Field<int> field, Bounds bounds, std::string doc) {
    return add(
        info(std::move(key), ParamType::kInteger, std::move(doc), bounds),
        [field](P& p, const ParamValue& v) {
          field(p) = static_cast<int>(std::get<std::int64_t>(v));
        },
        [field](P& p) -> ParamValue { return std::int64_t{field(p)}; });
  }
  ParamSpec& integer(std::string key, Field<std::int64_t> field, Bounds bounds, std::string doc) {
    return add(
        info(std::move(key), ParamType::kInteger, std::move(doc), bounds),
        [field](P& p, const ParamValue& v) { field(p) = std::get<std::int64_t>(v); },
        [field](P& p) -> ParamValue { return field(p); });
  }
  ParamSpec& number(std::string key, Field<double> field, Bounds bounds, std::string doc) {
    return add(
        info(std::move(key), ParamType::kNumber, std::move(doc), bounds),
        [field](P& p, const ParamValue& v) { field(p) = std::get<double>(v); },
        [field](P& p) -> ParamValue { return field(p); });
  }
  /// An optional number: absent (nullopt) unless a file gives it; no default is printed.
  ParamSpec& optional_number(std::string key, Field<std::optional<double>> field, Bounds bounds,
                             std::string doc) {
    return add(
        optional_info(std::move(key), ParamType::kNumber, std::move(doc), bounds),
        [field](P& p, const ParamValue& v) { field(p) = std::get<double>(v); },
        [field](P& p) -> ParamValue {
          return field(p) ? ParamValue{*field(p)} : ParamValue{std::string()};
        });
  }
  ParamSpec& duration(std::string key, Field<Nanos> field, Bounds bounds, std::string doc) {
    return add(
        info(std::move(key), ParamType::kDuration, std::move(doc), bounds),
        [field](P& p, const ParamValue& v) { field(p) = std::get<Duration>(v).ns; },
        [field](P& p) -> ParamValue { return Duration{field(p)}; });
  }
  /// An optional duration: absent (nullopt) unless a file gives it.
  ParamSpec& optional_duration(std::string key, Field<std::optional<Nanos>> field, Bounds bounds,
                               std::string doc) {
    return add(
        optional_info(std::move(key), ParamType::kDuration, std::move(doc), bounds),
        [field](P& p, const ParamValue& v) { field(p) = std::get<Duration>(v).ns; },
        [field](P& p) -> ParamValue {
          return field(p) ? ParamValue{Duration{*field(p)}} : ParamValue{std::string()};
        });
  }
  /// An optional boolean: absent (nullopt) unless a file gives it.
  ParamSpec& optional_boolean(std::string key, Field<std::optional<bool>> field, std::string doc) {
    return add(
        optional_info(std::move(key), ParamType::kBoolean, std::move(doc)),
        [field](P& p, const ParamValue& v) { field(p) = std::get<bool>(v); },
        [field](P& p) -> ParamValue {
          return field(p) ? ParamValue{*field(p)} : ParamValue{std::string()};
        });
  }
  /// An optional integer: absent (nullopt) unless a file gives it.
  ParamSpec& optional_integer(std::string key, Field<std::optional<int>> field, Bounds bounds,
                              std::string doc) {
    return add(
        optional_info(std::move(key), ParamType::kInteger, std::move(doc), bounds),
        [field](P& p, const ParamValue& v) {
          field(p) = static_cast<int>(std::get<std::int64_t>(v));
        },
        [field](P& p) -> ParamValue {
          return field(p) ? ParamValue{std::int64_t{*field(p)}} : ParamValue{std::string()};
        });
  }
  /// An optional string, one of `choices` unless they are empty: absent (nullopt) unless a file
  /// gives it.
  ParamSpec& optional_text(std::string key, Field<std::optional<std::string>> field,
                           std::vector<std::string> choices, std::string doc) {
    ParamInfo info = optional_info(std::move(key), ParamType::kText, std::move(doc));
    info.choices = std::move(choices);
    return add(
        std::move(info),
        [field](P& p, const ParamValue& v) { field(p) = std::get<std::string>(v); },
        [field](P& p) -> ParamValue { return field(p).value_or(std::string()); });
  }
  ParamSpec& text(std::string key, Field<std::string> field, std::vector<std::string> choices,
                  std::string doc) {
    ParamInfo info = this->info(std::move(key), ParamType::kText, std::move(doc));
    info.choices = std::move(choices);
    return add(
        std::move(info),
        [field](P& p, const ParamValue& v) { field(p) = std::get<std::string>(v); },
        [field](P& p) -> ParamValue { return field(p); });
  }
  /// A choice among named values of an enum-like field: `names[i]` sets `values[i]`.
  template <typename E>
  ParamSpec& choice(std::string key, Field<E> field, std::vector<std::string> names,
                    std::vector<E> values, std::string doc) {
    ParamInfo info = this->info(std::move(key), ParamType::kText, std::move(doc));
    info.choices = names;
    return add(
        std::move(info),
        [field, names, values](P& p, const ParamValue& v) {
          for (std::size_t i = 0; i < names.size(); ++i) {
            if (names[i] == std::get<std::string>(v)) field(p) = values[i];
          }
        },
        [field, names, values](P& p) -> ParamValue {
          for (std::size_t i = 0; i < values.size(); ++i) {
            if (values[i] == field(p)) return names[i];
          }
          return std::string();
        });
  }
  ParamSpec& numbers(std::string key, Field<std::vector<double>> field, Bounds bounds,
                     std::string doc) {
    return add(
        info(std::move(key), ParamType::kNumberList, std::move(doc), bounds),
        [field](P& p, const ParamValue& v) { field(p) = std::get<std::vector<double>>(v); },
        [field](P& p) -> ParamValue { return field(p); });
  }
  /// An array of rows, each an array of strings and numbers (`[["buy", 0.5, 1.0]]`); what a row
  /// must hold is for the kind's checks to say.
  ParamSpec& rows(std::string key, Field<std::vector<ParamRow>> field, std::string doc) {
    return add(
        info(std::move(key), ParamType::kRowList, std::move(doc)),
        [field](P& p, const ParamValue& v) { field(p) = std::get<std::vector<ParamRow>>(v); },
        [field](P& p) -> ParamValue { return field(p); });
  }
  /// Marks the key added last as required (a file must give it; no default is shown).
  ParamSpec& required() {
    entries_.back().info.required = true;
    entries_.back().info.default_text.clear();
    return *this;
  }
  /// A check over several keys, run by validate() once every key is set.
  ParamSpec& check(std::function<std::optional<ParamError>(const P&)> rule) {
    checks_.push_back(std::move(rule));
    return *this;
  }

  std::span<const ParamInfo> infos() const { return infos_; }

  std::optional<std::string> set(P& params, std::string_view key, const ParamValue& value) const {
    const Entry* entry = find(key);
    if (entry == nullptr) return "unknown key";
    if (auto problem = check_value(entry->info, value)) return problem;
    entry->set(params, value);
    return std::nullopt;
  }
  ParamValue get(const P& params, std::string_view key) const {
    const Entry* entry = find(key);
    // The getters only read; they share the setters' accessor, which takes P&.
    return entry ? entry->get(const_cast<P&>(params)) : ParamValue{std::string()};
  }
  std::optional<ParamError> validate(const P& params) const {
    for (const auto& rule : checks_) {
      if (auto error = rule(params)) return error;
    }
    return std::nullopt;
  }

 private:
  struct Entry {
    ParamInfo info;
    std::function<void(P&, const ParamValue&)> set;
    std::function<ParamValue(P&)> get;
  };

  static ParamInfo info(std::string key, ParamType type, std::string doc,
                        Bounds bounds = Bounds::any()) {
    ParamInfo made;
    made.key = std::move(key);
    made.type = type;
    made.doc = std::move(doc);
    made.bounds = bounds;
    return made;
  }
  static ParamInfo optional_info(std::string key, ParamType type, std::string doc,
                                 Bounds bounds = Bounds::any()) {
    ParamInfo made = info(std::move(key), type, std::move(doc), bounds);
    made.optional = true;
    return made;
  }
  ParamSpec& add(ParamInfo info, std::function<void(P&, const ParamValue&)> set,
                 std::function<ParamValue(P&)> get) {
    P defaults{};
    const ParamValue value = get(defaults);
    // An optional without a value reads back as an empty string: no default to show.
    const auto* empty = std::get_if<std::string>(&value);
    if ((info.type != ParamType::kText || info.optional) && empty != nullptr && empty->empty()) {
      info.default_text.clear();
    } else {
      info.default_text = param_value_text(value);
    }
    entries_.push_back({std::move(info), std::move(set), std::move(get)});
    infos_.clear();
    for (const Entry& entry : entries_) infos_.push_back(entry.info);
    return *this;
  }
  const Entry* find(std::string_view key) const {
    for (const Entry& entry : entries_) {
      if (entry.info.key == key) return &entry;
    }
    return nullptr;
  }
  static std::optional<std::string> check_value(const ParamInfo& info, const ParamValue& value);

  std::vector<Entry> entries_;
  std::vector<ParamInfo> infos_;
  std::vector<std::function<std::optional<ParamError>(const P&)>> checks_;
};

/// Checks a value against a key's type, bounds and choices; the problem, or nullopt. Shared by
/// every ParamSpec.
std::optional<std::string> check_param_value(const ParamInfo& info, const ParamValue& value);

template <typename P>
std::optional<std::string> ParamSpec<P>::check_value(const ParamInfo& info,
                                                     const ParamValue& value) {
  return check_param_value(info, value);
}

/// A parameter struct `P` together with its spec: the ParamObject a loader fills.
template <typename P>
class ParamHolder final : public ParamObject {
 public:
  ParamHolder(const ParamSpec<P>& spec, P value = P{}) : spec_(&spec), value_(std::move(value)) {}

  std::span<const ParamInfo> infos() const override { return spec_->infos(); }
  std::optional<std::string> set(std::string_view key, const ParamValue& value) override {
    return spec_->set(value_, key, value);
  }
  ParamValue get(std::string_view key) const override { return spec_->get(value_, key); }
  std::optional<ParamError> validate() const override { return spec_->validate(value_); }

  const P& value() const { return value_; }
  P& value() { return value_; }

 private:
  const ParamSpec<P>* spec_;
  P value_;
};

}  // namespace lmsim::engine
