#include "analysis/annualisation.hpp"

#include <stdexcept>

namespace lmsim::analysis {

double periods_per_year(engine::Nanos period) {
  if (period <= 0) throw std::invalid_argument("periods_per_year: period must be > 0");
  // The year (3.16e16 ns, a multiple of 4 below 2^55) is exact in double, and so is any period up
  // to 2^53 ns (104 days), so the quotient is the correctly rounded ratio.
  return static_cast<double>(kNanosPerYear) / static_cast<double>(period);
}

}  // namespace lmsim::analysis
