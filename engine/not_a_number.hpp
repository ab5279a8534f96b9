#pragma once

#include <limits>

namespace lmsim {

/// The quiet NaN every layer uses for a figure that is undefined (no data, a ratio of 0 to 0, an
/// empty side of the book) rather than 0, which would be a value. One definition for the whole
/// project, so that files which share a translation unit (unity builds) do not each define it.
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace lmsim
