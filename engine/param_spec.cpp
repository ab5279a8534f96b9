#include "engine/param_spec.hpp"

#include <algorithm>

#include "engine/number_text.hpp"
#include "engine/time_text.hpp"

namespace lmsim::engine {

std::string_view param_type_name(ParamType type) {
  switch (type) {
    case ParamType::kBoolean:
      return "boolean";
    case ParamType::kInteger:
      return "integer";
    case ParamType::kNumber:
      return "number";
    case ParamType::kDuration:
      return "duration";
    case ParamType::kText:
      return "string";
    case ParamType::kNumberList:
      return "array of numbers";
    case ParamType::kRowList:
      return "array of rows";
  }
  return "value";
}

bool Bounds::contains(double value) const {
  if (!std::isfinite(value)) return false;
  const bool above_low = low_open ? value > low : value >= low;
  const bool below_high = high_open ? value < high : value <= high;
  return above_low && below_high;
}

std::string Bounds::text(bool duration) const {
  const auto show = [duration](double value) {
    return duration ? format_duration(static_cast<Nanos>(value)) : format_number(value);
  };
  const bool has_low = std::isfinite(low);
  const bool has_high = std::isfinite(high);
  if (has_low && has_high) {
    return std::string("in ") + (low_open ? "(" : "[") + show(low) + ", " + show(high) +
           (high_open ? ")" : "]");
  }
  if (has_low) return (low_open ? "> " : ">= ") + show(low);
  if (has_high) return (high_open ? "< " : "<= ") + show(high);
  return "any finite value";
}

std::string param_value_text(const ParamValue& value) {
  struct Text {
    std::string operator()(bool flag) const { return flag ? "true" : "false"; }
    std::string operator()(std::int64_t number) const { return std::to_string(number); }
    std::string operator()(double number) const { return format_float(number); }
    std::string operator()(const Duration& duration) const {
      return "\"" + format_duration(duration.ns) + "\"";
    }
    std::string operator()(const std::string& text) const { return "\"" + text + "\""; }
    std::string operator()(const std::vector<double>& numbers) const {
      std::string text = "[";
      for (std::size_t i = 0; i < numbers.size(); ++i) {
        text += (i == 0 ? "" : ", ") + format_float(numbers[i]);
      }
      return text + "]";
    }
    std::string operator()(const std::vector<ParamRow>& rows) const {
      std::string text = "[";
      for (std::size_t i = 0; i < rows.size(); ++i) {
        text += i == 0 ? "[" : ", [";
        for (std::size_t j = 0; j < rows[i].size(); ++j) {
          if (j > 0) text += ", ";
          const ParamCell& cell = rows[i][j];
          text += std::holds_alternative<double>(cell) ? format_float(std::get<double>(cell))
                                                       : "\"" + std::get<std::string>(cell) + "\"";
        }
        text += "]";
      }
      return text + "]";
    }
  };
  return std::visit(Text{}, value);
}

std::optional<std::string> check_param_value(const ParamInfo& info, const ParamValue& value) {
  const auto out_of_range = [&](const std::string& shown, bool duration) {
    return "must be " + info.bounds.text(duration) + " (got " + shown + ")";
  };
  switch (info.type) {
    case ParamType::kBoolean:
      if (!std::holds_alternative<bool>(value)) return "expected a boolean";
      return std::nullopt;
    case ParamType::kInteger: {
      const auto* number = std::get_if<std::int64_t>(&value);
      if (number == nullptr) return "expected an integer";
      if (!info.bounds.contains(static_cast<double>(*number))) {
        return out_of_range(std::to_string(*number), false);
      }
      return std::nullopt;
    }
    case ParamType::kNumber: {
      const auto* number = std::get_if<double>(&value);
      if (number == nullptr) return "expected a number";
      if (!std::isfinite(*number))
        return "must be a finite number (got " + format_number(*number) + ")";
      if (!info.bounds.contains(*number)) return out_of_range(format_number(*number), false);
      return std::nullopt;
    }
    case ParamType::kDuration: {
      const auto* duration = std::get_if<Duration>(&value);
      if (duration == nullptr) return "expected a duration";
      if (!info.bounds.contains(static_cast<double>(duration->ns))) {
        return out_of_range("\"" + format_duration(duration->ns) + "\"", true);
      }
      return std::nullopt;
    }
    case ParamType::kText: {
      const auto* text = std::get_if<std::string>(&value);
      if (text == nullptr) return "expected a string";
      if (!info.choices.empty() &&
          std::find(info.choices.begin(), info.choices.end(), *text) == info.choices.end()) {
        std::string list;
        for (std::size_t i = 0; i < info.choices.size(); ++i) {
          list += (i == 0                         ? ""
                   : i + 1 == info.choices.size() ? " or "
                                                  : ", ") +
                  ("\"" + info.choices[i] + "\"");
        }
        return "expected " + list + " (got \"" + *text + "\")";
      }
      return std::nullopt;
    }
    case ParamType::kNumberList: {
      const auto* numbers = std::get_if<std::vector<double>>(&value);
      if (numbers == nullptr) return "expected an array of numbers";
      for (const double number : *numbers) {
        if (!std::isfinite(number) || !info.bounds.contains(number)) {
          return "every element " + out_of_range(format_number(number), false).substr(0);
        }
      }
      return std::nullopt;
    }
    case ParamType::kRowList: {
      const auto* rows = std::get_if<std::vector<ParamRow>>(&value);
      if (rows == nullptr) return "expected an array of rows";
      for (const ParamRow& row : *rows) {
        for (const ParamCell& cell : row) {
          const auto* number = std::get_if<double>(&cell);
          if (number != nullptr && !std::isfinite(*number)) {
            return "every number must be finite (got " + format_number(*number) + ")";
          }
        }
      }
      return std::nullopt;
    }
  }
  return "unsupported parameter type";
}

std::optional<std::string> param_text(const ParamObject& params, const ParamInfo& info) {
  const ParamValue value = params.get(info.key);
  const auto* text = std::get_if<std::string>(&value);
  // Optional keys that are not set read back as an empty string.
  if ((info.type != ParamType::kText || info.optional) && text != nullptr && text->empty()) {
    return std::nullopt;
  }
  return param_value_text(value);
}

const ParamInfo* ParamObject::find(std::string_view key) const {
  for (const ParamInfo& info : infos()) {
    if (info.key == key) return &info;
  }
  return nullptr;
}

}  // namespace lmsim::engine
