#pragma once

#include <string>
#include <string_view>

namespace lmsim::analysis {

// How the report writes values as text. Everything here is deterministic and independent of
// the locale: a '.' decimal point and ',' thousands separators, always. Instants and durations
// are written as in lmsim's files (engine/time_text).

/// `text` with &, <, >, " and ' replaced by character references, safe in HTML text and in
/// attribute values.
std::string html_escape(std::string_view text);

/// The text shown for an undefined (NaN) number: an em dash.
inline constexpr std::string_view kUndefined = "\u2014";

/// `value` with `decimals` digits after the point and thousands separators: 12,345.678.
/// NaN gives kUndefined; ±infinity "∞" / "−∞"; a result that rounds to zero is written without
/// a minus sign.
std::string format_fixed(double value, int decimals);

/// `value` with about `significant` significant digits, fixed notation (thousands separators)
/// for magnitudes in [1e-4, 1e15), scientific (1.23e-07) otherwise; 0 is "0". NaN: kUndefined.
std::string format_significant(double value, int significant = 4);

/// A parameter as written in a scenario: up to 10 significant digits, trailing zeros dropped,
/// no thousands separators ("1", "0.5", "2500", "1e-07"), so binary noise (0.30000000000000004)
/// does not show. NaN: kUndefined.
std::string format_compact(double value);

/// A fraction as a percentage: 0.1234 with 2 decimals is "12.34%". NaN: kUndefined.
std::string format_percent(double fraction, int decimals = 2);

}  // namespace lmsim::analysis
