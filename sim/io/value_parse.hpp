#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/number_text.hpp"
#include "engine/time.hpp"
#include "engine/time_text.hpp"

namespace lmsim::sim::io {

using engine::format_duration;
using engine::format_float;
using engine::format_number;
using engine::format_timestamp;
using engine::Nanos;

/// The value parsers of every input format (their formatting counterparts, format_timestamp and
/// format_duration, are engine/time_text's). They return nullopt instead of throwing, so that the
/// caller, which knows the file, line and key, can say what was expected.

/// A duration such as "250ms", "60s", "1.5h", "7d" or "6h30m": one or more terms, each a
/// non-negative decimal number followed by one of ns, us, ms, s, m, h, d, w, added up.
/// Fractions must come out as whole nanoseconds.
std::optional<Nanos> parse_duration(std::string_view text);

/// An instant as ISO-8601 UTC ("2020-02-04T00:00:37Z", up to 9 fractional digits, `T` or a space
/// between date and time, `Z` or a numeric offset such as `+00:00`), or integer nanoseconds since
/// the Unix epoch ("1580774437000000000").
std::optional<Nanos> parse_timestamp(std::string_view text);

/// A finite decimal number occupying the whole text ("12.5", "-3", "1e-4"; no spaces, no "nan").
std::optional<double> parse_number(std::string_view text);

/// A whole number occupying the whole text.
std::optional<std::int64_t> parse_integer(std::string_view text);

/// The text without its leading and trailing spaces and tabs ("  12.5 " → "12.5"); empty when it
/// holds nothing else.
std::string trim(std::string_view text);

/// Nanoseconds since the Unix epoch of a UTC civil date and time; nullopt for invalid fields.
std::optional<Nanos> civil_to_nanos(std::int64_t year, int month, int day, int hour, int minute,
                                    int second, std::int64_t nanosecond);

}  // namespace lmsim::sim::io
