#pragma once

#include <string>

namespace lmsim::engine {

// Numbers as lmsim's files and messages spell them: the shortest decimal text that reads back as
// exactly the same double (std::to_chars), so 0.3 prints as "0.3", never "0.29999999999999999".

/// The shortest decimal text that reads back as exactly `value` ("0.01", "20", "1e-07"); plain
/// digits for the magnitudes people type (1e-4 to 1e16), "nan", "inf" and "-inf" otherwise.
std::string format_number(double value);

/// `format_number` as a TOML float: always with a decimal point or an exponent ("20.0"), and
/// nan/inf spelled as TOML spells them, so the text reads back as a float and not an integer.
std::string format_float(double value);

}  // namespace lmsim::engine
