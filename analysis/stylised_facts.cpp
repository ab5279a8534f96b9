#include "analysis/stylised_facts.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "analysis/correlation.hpp"
#include "analysis/liquidity.hpp"
#include "analysis/parallel_tasks.hpp"
#include "analysis/split_mix.hpp"
#include "engine/not_a_number.hpp"
#include "engine/time_text.hpp"

namespace lmsim::analysis {

namespace {

/// A variance below this share of the mean square is rounding noise: the resample (or series) is
/// constant (see central_variance).
constexpr double kConstantVariance = 1e-10;

std::string fn(const char* function, const std::string& what) {
  return std::string(function) + ": " + what;
}

/// The shortest text that reads back to the same double ("0.5", "1e-09", "nan").
std::string number_text(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

void check_settings(const BootstrapSettings& settings, const char* function) {
  if (!(settings.confidence > 0.0 && settings.confidence < 1.0)) {
    throw std::invalid_argument(fn(
        function, "confidence must be in (0, 1) (got " + number_text(settings.confidence) + ")"));
  }
}

void check_same_length(std::size_t a, std::size_t b, const char* function, const char* name_a,
                       const char* name_b) {
  if (a != b) {
    throw std::invalid_argument(fn(function, std::string(name_a) + " and " + name_b +
                                                 " differ in length (" + std::to_string(a) +
                                                 " and " + std::to_string(b) + ")"));
  }
}

/// Each entry NaN or finite and > 0 (prices), or ≥ 0 (depths, with `allow_zero`).
void check_nan_or_positive(std::span<const double> values, bool allow_zero, const char* function,
                           const char* name) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double value = values[i];
    if (std::isnan(value)) continue;
    if (!std::isfinite(value) || value < 0.0 || (!allow_zero && value == 0.0)) {
      throw std::invalid_argument(fn(function, std::string(name) + " must be NaN or finite and " +
                                                   (allow_zero ? ">= 0" : "> 0") + " (" + name +
                                                   "[" + std::to_string(i) +
                                                   "] = " + number_text(value) + ")"));
    }
  }
}

/// Checks a regular grid and the horizon on it; returns m = horizon / step, the grid points per
/// interval (0 when there are fewer than two points, so no interval).
std::size_t points_per_interval(std::span<const engine::Nanos> times, engine::Nanos horizon,
                                const char* function) {
  if (horizon <= 0) {
    throw std::invalid_argument(
        fn(function, "horizon must be > 0 (got " + std::to_string(horizon) + " ns)"));
  }
  for (std::size_t i = 1; i < times.size(); ++i) {
    if (times[i] <= times[i - 1]) {
      throw std::invalid_argument(fn(
          function, "times must be strictly increasing (times[" + std::to_string(i) + "] = " +
                        std::to_string(times[i]) + " after " + std::to_string(times[i - 1]) + ")"));
    }
  }
  if (times.size() < 2) return 0;
  // Differences as unsigned: exact for increasing int64 times whatever their magnitude.
  const auto gap = [&](std::size_t i) {
    return static_cast<std::uint64_t>(times[i]) - static_cast<std::uint64_t>(times[i - 1]);
  };
  const std::uint64_t step = gap(1);
  for (std::size_t i = 2; i < times.size(); ++i) {
    if (gap(i) != step) {
      throw std::invalid_argument(
          fn(function, "times must be equally spaced (times[" + std::to_string(i) + "] - times[" +
                           std::to_string(i - 1) + "] = " + std::to_string(gap(i)) +
                           " ns, the step is " + std::to_string(step) + " ns)"));
    }
  }
  const auto horizon_ns = static_cast<std::uint64_t>(horizon);
  if (horizon_ns % step != 0) {
    throw std::invalid_argument(fn(function, "horizon (" + std::to_string(horizon) +
                                                 " ns) must be a multiple of the grid step (" +
                                                 std::to_string(step) + " ns)"));
  }
  return static_cast<std::size_t>(horizon_ns / step);
}

/// grid_log_returns on checked input.
std::vector<double> log_returns(std::span<const double> mids, std::size_t per_interval) {
  if (per_interval == 0) return {};
  const std::size_t intervals = (mids.size() - 1) / per_interval;
  std::vector<double> returns(intervals, kNaN);
  for (std::size_t j = 0; j < intervals; ++j) {
    const std::size_t first = j * per_interval;
    const std::size_t last = first + per_interval;
    bool defined = true;
    for (std::size_t i = first; i <= last && defined; ++i) defined = !std::isnan(mids[i]);
    if (defined) returns[j] = std::log(mids[last] / mids[first]);
  }
  return returns;
}

long double mean_of_defined(std::span<const double> values, std::size_t& count) {
  long double total = 0.0L;
  count = 0;
  for (const double value : values) {
    if (std::isnan(value)) continue;
    total += value;
    ++count;
  }
  return count == 0 ? 0.0L : total / static_cast<long double>(count);
}

bool defined_values_constant(std::span<const double> values) {
  const double* first = nullptr;
  for (const double& value : values) {
    if (std::isnan(value)) continue;
    if (first == nullptr) {
      first = &value;
    } else if (value != *first) {
      return false;
    }
  }
  return true;
}

/// The variance mean_square − mean² of values centred by `offset` (mean and mean_square are
/// those of x − offset), or NaN when it is rounding noise: below 1e-10 of the mean square of x
/// itself. Values equal up to their last bits (|r| of ±0.01 recovered through exp and log) are
/// constant for every purpose here, and a ratio over their variance would be meaningless.
double central_variance(double mean_square, double mean, double offset) {
  const double variance = mean_square - mean * mean;
  const double raw_mean_square = mean_square + 2.0 * offset * mean + offset * offset;
  if (!(variance > kConstantVariance * raw_mean_square)) return kNaN;
  return variance;
}

// ---------------------------------------------------------------------------------------------
// Sums of many series over the data and over every resample.

/// Index `kPoint` asks an evaluator for the point estimate (the data as given) instead of a
/// resample.
constexpr std::size_t kPoint = std::numeric_limits<std::size_t>::max();

/// The sums of many series over the data and over every resample of one MovingBlockBootstrap,
/// with the same bits as MovingBlockBootstrap::resampled_sums computes them one series at a time:
/// each block's sum is the difference of two long double prefix sums, and each resample's sum
/// adds its full blocks in order of start (full_blocks_by_start), then its short last block.
/// What makes ~74 series × 200 resamples of 100k returns (or 6 of 2 M trades) cheap:
/// - a series' block sums at every start come from one sweep with two running prefix sums (up to
///   the start, and up to the start plus b), so no prefix sum of the whole series is stored;
/// - the draws are visited once per batch of kBatch series, in order of start, so the block sums
///   are read front to back and the per-resample totals (B × kBatch doubles) stay in cache.
class SeriesSums {
 public:
  SeriesSums(const MovingBlockBootstrap& bootstrap, std::size_t series_count)
      : bootstrap_(bootstrap),
        series_count_(series_count),
        totals_(series_count, 0.0),
        resampled_(series_count * bootstrap.resamples(), 0.0) {
    if (bootstrap.size() == 0 || bootstrap.resamples() == 0) return;
    // Where the short last block of each resample starts and ends.
    const std::size_t last = bootstrap.blocks_per_resample() - 1;
    for (std::size_t r = 0; r < bootstrap.resamples(); ++r) {
      const std::size_t start = bootstrap.block_starts(r)[last];
      short_ends_.push_back(start);
      short_ends_.push_back(start + bootstrap.block_size(last));
    }
    std::sort(short_ends_.begin(), short_ends_.end());
    short_ends_.erase(std::unique(short_ends_.begin(), short_ends_.end()), short_ends_.end());
    width_ = std::clamp<std::size_t>(series_count, 1, kBatch);
    block_sums_.resize((bootstrap.size() - bootstrap.block_length() + 1) * width_);
    short_prefix_.resize(width_);
  }

  /// Adds series `index` (n entries). Its resample sums are complete once sums() is called.
  void add(std::size_t index, std::span<const double> series) {
    const std::size_t n = bootstrap_.size();
    if (n == 0 || bootstrap_.resamples() == 0) {
      long double total = 0.0L;
      for (const double value : series) total += value;
      totals_[index] = static_cast<double>(total);
      return;
    }
    const std::size_t slot = pending_.size();
    // One sweep over the starts s = 0..n − b: `low` is the prefix sum up to s, `high` up to
    // s + b, each added up in index order as a whole prefix sum would be; on the way, the prefix
    // sums at the short blocks' ends up to n − b. The block sums go to the slot's column of the
    // interleaved table.
    const std::size_t b = bootstrap_.block_length();
    const std::size_t last_start = n - b;
    double* const sums = block_sums_.data() + slot;
    std::vector<long double>& ends = short_prefix_[slot];
    ends.resize(short_ends_.size());
    long double low = 0.0L;
    long double high = 0.0L;
    for (std::size_t k = 0; k < b; ++k) high += series[k];
    std::size_t end = 0;
    for (std::size_t start = 0;; ++start) {
      while (end < short_ends_.size() && short_ends_[end] == start) ends[end++] = low;
      sums[start * width_] = static_cast<double>(high - low);
      if (start == last_start) break;
      low += series[start];
      high += series[start + b];
    }
    // The rest of the prefix sums from n − b on (the same additions in the same order), and the
    // total.
    for (std::size_t i = last_start; i < n; ++i) {
      while (end < short_ends_.size() && short_ends_[end] == i) ends[end++] = low;
      low += series[i];
    }
    while (end < short_ends_.size()) ends[end++] = low;
    totals_[index] = static_cast<double>(low);
    pending_.push_back(index);
    if (pending_.size() == width_) flush();
  }

  /// Completes the sums of every series added: sums() is then read-only, safe from many threads.
  void complete() {
    if (!pending_.empty()) flush();
  }

  /// The sums of every series over the data (kPoint) or over resample r.
  std::span<const double> sums(std::size_t resample) {
    complete();
    if (resample == kPoint) return totals_;
    return std::span<const double>(resampled_).subspan(resample * series_count_, series_count_);
  }

 private:
  static constexpr std::size_t kBatch = 8;

  void flush() {
    switch (pending_.size()) {
      case 1:
        return flush_width<1>();
      case 2:
        return flush_width<2>();
      case 3:
        return flush_width<3>();
      case 4:
        return flush_width<4>();
      case 5:
        return flush_width<5>();
      case 6:
        return flush_width<6>();
      case 7:
        return flush_width<7>();
      default:
        return flush_width<kBatch>();
    }
  }

  /// total[j] += block[j] for the kWidth series of a batch, two at a time: the same IEEE
  /// additions, half the instructions (the compiler does not pair them on its own).
  template <std::size_t kWidth>
  static void add_block(double* total, const double* block) {
    using Pair = double __attribute__((vector_size(16)));
    std::size_t j = 0;
    for (; j + 2 <= kWidth; j += 2) {
      Pair sum;
      Pair term;
      std::memcpy(&sum, total + j, sizeof sum);
      std::memcpy(&term, block + j, sizeof term);
      sum += term;
      std::memcpy(total + j, &sum, sizeof sum);
    }
    if (j < kWidth) total[j] += block[j];
  }

  template <std::size_t kWidth>
  void flush_width() {
    const std::size_t resamples = bootstrap_.resamples();
    accumulators_.assign(resamples * kWidth, 0.0);
    // A draw's kWidth block sums lie side by side (one or two cache lines, added as vectors),
    // and its kWidth totals too: each total still gets its blocks' sums in the order of start.
    const double* const sums = block_sums_.data();
    const std::size_t stride = width_;
    for (const MovingBlockBootstrap::Draw& draw : bootstrap_.full_blocks_by_start()) {
      add_block<kWidth>(accumulators_.data() + std::size_t{draw.resample} * kWidth,
                        sums + std::size_t{draw.start} * stride);
    }
    const std::size_t last = bootstrap_.blocks_per_resample() - 1;
    const std::size_t last_size = bootstrap_.block_size(last);
    const auto end_index = [&](std::size_t position) {
      return static_cast<std::size_t>(
          std::lower_bound(short_ends_.begin(), short_ends_.end(), position) - short_ends_.begin());
    };
    for (std::size_t r = 0; r < resamples; ++r) {
      const std::size_t start = bootstrap_.block_starts(r)[last];
      const std::size_t from = end_index(start);
      const std::size_t to = end_index(start + last_size);
      for (std::size_t j = 0; j < kWidth; ++j) {
        const auto short_block = static_cast<double>(short_prefix_[j][to] - short_prefix_[j][from]);
        resampled_[r * series_count_ + pending_[j]] = accumulators_[r * kWidth + j] + short_block;
      }
    }
    pending_.clear();
  }

  const MovingBlockBootstrap& bootstrap_;
  std::size_t series_count_;
  std::vector<double> totals_;
  std::vector<double> resampled_;        // resample-major
  std::vector<std::size_t> short_ends_;  // where the short blocks start and end, ascending
  // The pending series' block sums at every start, start-major (width_ per start: series j of
  // the batch at start·width_ + j), and per pending series its prefix sums at short_ends_.
  std::size_t width_ = 1;
  std::vector<double> block_sums_;
  std::vector<std::vector<long double>> short_prefix_;
  std::vector<double> accumulators_;  // resample-major, kWidth series interleaved
  std::vector<std::size_t> pending_;
};

/// Evaluates the point estimate and every resample, and turns each figure's resample values into
/// an Estimate. The resamples are split into up to `threads` contiguous ranges, each evaluated on
/// its own thread by its own evaluator `make(part)` (a callable (resample, figures) with its own
/// scratch); each resample's figures are written to their own slots, so the estimates are the
/// same bits whatever the split. What the evaluators share must be read-only meanwhile.
template <class Make>
std::vector<Estimate> parallel_bootstrap_figures(std::size_t figure_count, std::size_t resamples,
                                                 double confidence, unsigned threads, Make&& make) {
  std::vector<double> point(figure_count, kNaN);
  std::vector<double> replicates(figure_count * resamples, kNaN);  // figure-major
  const std::size_t parts =
      std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(resamples, 1));
  std::vector<std::function<void()>> ranges;
  for (std::size_t part = 0; part < parts; ++part) {
    ranges.emplace_back([&, part] {
      auto evaluate = make(part);
      if (part == 0) evaluate(kPoint, std::span<double>(point));
      std::vector<double> row(figure_count);
      for (std::size_t r = part * resamples / parts; r < (part + 1) * resamples / parts; ++r) {
        std::fill(row.begin(), row.end(), kNaN);
        evaluate(r, std::span<double>(row));
        for (std::size_t f = 0; f < figure_count; ++f) replicates[f * resamples + r] = row[f];
      }
    });
  }
  run_tasks(ranges, static_cast<unsigned>(parts));
  std::vector<Estimate> estimates(figure_count);
  for (std::size_t f = 0; f < figure_count; ++f) {
    estimates[f] = bootstrap_estimate(
        point[f], std::span<const double>(replicates).subspan(f * resamples, resamples),
        confidence);
  }
  return estimates;
}

/// parallel_bootstrap_figures on the calling thread, with one evaluator.
template <class Evaluate>
std::vector<Estimate> bootstrap_figures(std::size_t figure_count, std::size_t resamples,
                                        double confidence, Evaluate&& evaluate) {
  return parallel_bootstrap_figures(figure_count, resamples, confidence, 1,
                                    [&](std::size_t) { return std::ref(evaluate); });
}

// ---------------------------------------------------------------------------------------------
// Order statistics of a resample by counting: each defined value gets the rank of its value
// among the distinct values once; a resample is then a count per rank (O(n) to draw, and a scan
// over the distinct values — few for spreads in ticks), from which quantiles and the Hill
// estimator are read, with no sort per resample.

/// The distinct values of a sample, found in one pass with an open-addressing table keyed by the
/// values' bits (0.0 and −0.0 are one value, as == has it; NaN never enters): expected O(1) per
/// value, where sorting the whole sample cost O(n log n). Only membership is asked of the table;
/// ranks come from the distinct values sorted, never from the table's order, so nothing depends
/// on hashing.
class DistinctValues {
 public:
  /// Adds `value` (not NaN) and returns its index in first-seen order.
  std::uint32_t insert(double value) {
    if ((distinct_.size() + 1) * 2 > slots_.size()) grow();
    const std::uint64_t key = key_of(value);
    for (std::size_t slot = home(key);; slot = (slot + 1) & mask_) {
      if (slots_[slot] == kEmpty) {
        slots_[slot] = static_cast<std::uint32_t>(distinct_.size());
        distinct_.push_back(value);
        return slots_[slot];
      }
      if (key_of(distinct_[slots_[slot]]) == key) return slots_[slot];
    }
  }
  /// The distinct values in first-seen order.
  const std::vector<double>& values() const { return distinct_; }

 private:
  static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();

  static std::uint64_t key_of(double value) {
    return std::bit_cast<std::uint64_t>(value == 0.0 ? 0.0 : value);
  }
  std::size_t home(std::uint64_t key) const {
    // SplitMix64's finaliser: nearby values (whole lots, ticks) spread over the table.
    key ^= key >> 30;
    key *= 0xbf58476d1ce4e5b9ULL;
    key ^= key >> 27;
    key *= 0x94d049bb133111ebULL;
    key ^= key >> 31;
    return static_cast<std::size_t>(key) & mask_;
  }
  void grow() {
    slots_.assign(std::max<std::size_t>(slots_.size() * 2, 64), kEmpty);
    mask_ = slots_.size() - 1;
    for (std::size_t index = 0; index < distinct_.size(); ++index) {
      std::size_t slot = home(key_of(distinct_[index]));
      while (slots_[slot] != kEmpty) slot = (slot + 1) & mask_;
      slots_[slot] = static_cast<std::uint32_t>(index);
    }
  }

  std::vector<std::uint32_t> slots_;  // index into distinct_, or kEmpty
  std::size_t mask_ = 0;
  std::vector<double> distinct_;
};

/// What one thread needs to draw resamples of a RankedSample: the counts per rank and scratch.
struct RankCounts {
  std::vector<std::uint32_t> counts;   // per rank, then the undefined values drawn
  std::vector<std::uint32_t> spare;    // the same, for every other index of a block; kept zeroed
  std::vector<std::size_t> positions;  // quantiles' scratch
  std::vector<double> values;
};

/// A sample ranked once; read-only once prepare()d, so that many threads draw resamples of it,
/// each with its own RankCounts.
class RankedSample {
 public:
  explicit RankedSample(std::span<const double> values) : rank_(values.size()) {
    // Each defined value's index among the distinct values (first-seen order), then the
    // distinct values sorted: the rank of a value is its place in that order. For equal values
    // (0.0 and −0.0) the one seen first stands for all.
    DistinctValues distinct;
    std::size_t undefined = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (std::isnan(values[i])) {
        rank_[i] = kUndefined;
        ++undefined;
      } else {
        rank_[i] = distinct.insert(values[i]);
      }
    }
    defined_ = values.size() - undefined;
    const std::vector<double>& seen = distinct.values();
    std::vector<std::uint32_t> order(seen.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<std::uint32_t>(k);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return seen[a] < seen[b]; });
    std::vector<std::uint32_t> rank_of_seen(seen.size());
    sorted_.resize(seen.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      rank_of_seen[order[k]] = static_cast<std::uint32_t>(k);
      sorted_[k] = seen[order[k]];
    }
    // Undefined values are counted in a slot past the last rank, so that drawing has no branch.
    const auto undefined_slot = static_cast<std::uint32_t>(sorted_.size());
    multiplicity_.assign(sorted_.size() + 1, 0);
    for (std::uint32_t& rank : rank_) {
      rank = rank == kUndefined ? undefined_slot : rank_of_seen[rank];
      ++multiplicity_[rank];
    }
    // ln of each value once, for the Hill estimator (−∞ for a zero, which the estimator rejects).
    log_sorted_.resize(sorted_.size());
    for (std::size_t k = 0; k < sorted_.size(); ++k) log_sorted_[k] = std::log(sorted_[k]);
    // Drawing reads the ranks of every index once per resample: at 16 bits (up to 65,535
    // distinct values, e.g. sizes in whole lots) half the memory to stream.
    if (sorted_.size() < std::numeric_limits<std::uint16_t>::max()) {
      narrow_rank_.assign(rank_.begin(), rank_.end());
    }
  }

  /// Gathers each resample's full-block starts, ascending (resample-major), from the bootstrap's
  /// blocks ordered by start: needed before draw() of a resample of `bootstrap`, once.
  void prepare(const MovingBlockBootstrap& bootstrap) {
    if (sorted_for_ == &bootstrap) return;
    sorted_for_ = &bootstrap;
    if (bootstrap.size() == 0) return;
    const std::size_t full = bootstrap.blocks_per_resample() - 1;
    sorted_starts_.resize(bootstrap.resamples() * full);
    std::vector<std::size_t> next(bootstrap.resamples());
    for (std::size_t r = 0; r < next.size(); ++r) next[r] = r * full;
    for (const MovingBlockBootstrap::Draw& draw : bootstrap.full_blocks_by_start()) {
      sorted_starts_[next[draw.resample]++] = draw.start;
    }
  }

  /// Counts into `counts` the ranks drawn by resample r of the prepared bootstrap (or of the
  /// data, kPoint); returns how many defined values were drawn.
  std::size_t draw(const MovingBlockBootstrap& bootstrap, std::size_t resample,
                   RankCounts& counts) const {
    if (resample == kPoint) {
      counts.counts = multiplicity_;
      return defined_;
    }
    if (sorted_for_ != &bootstrap) throw std::logic_error("RankedSample: draw before prepare");
    const std::size_t slots = sorted_.size() + 1;
    counts.counts.assign(slots, 0u);
    // The spare counters are zeroed once; adding them in below zeroes them again for the next
    // resample, which spares a pass over them (as many as the values, for a spread in bp).
    if (counts.spare.size() != 3 * slots) counts.spare.assign(3 * slots, 0u);
    const std::size_t drawn = narrow_rank_.empty()
                                  ? count_ranks(rank_, bootstrap, resample, counts)
                                  : count_ranks(narrow_rank_, bootstrap, resample, counts);
    std::uint32_t* const spare = counts.spare.data();
    for (std::size_t r = 0; r < slots; ++r) {
      counts.counts[r] += spare[r] + spare[slots + r] + spare[2 * slots + r];
      spare[r] = 0;
      spare[slots + r] = 0;
      spare[2 * slots + r] = 0;
    }
    return drawn - counts.counts.back();
  }

  /// sorted_quantile of the drawn values (N of them) at ascending probabilities. Each quantile
  /// needs the order statistics at ⌊h⌋ and ⌊h⌋ + 1 (0-based, h = (N − 1)·p); neighbouring
  /// probabilities can share them, so the positions are gathered first, sorted, and read in one
  /// ascending walk over the rank counts.
  void quantiles(RankCounts& counts, std::size_t drawn, std::span<const double> probabilities,
                 std::span<double> out) const {
    if (drawn == 0) {
      std::fill(out.begin(), out.end(), kNaN);
      return;
    }
    std::vector<std::size_t>& positions = counts.positions;
    std::vector<double>& values = counts.values;
    positions.clear();
    for (const double probability : probabilities) {
      const auto low = static_cast<std::size_t>(static_cast<double>(drawn - 1) * probability);
      positions.push_back(low);
      if (low + 1 < drawn) positions.push_back(low + 1);
    }
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    values.resize(positions.size());
    std::size_t rank = 0;
    std::size_t below = 0;  // drawn values at ranks < rank
    for (std::size_t p = 0; p < positions.size(); ++p) {
      while (below + counts.counts[rank] <= positions[p]) below += counts.counts[rank++];
      values[p] = sorted_[rank];
    }
    const auto at = [&](std::size_t position) {
      const auto found = std::lower_bound(positions.begin(), positions.end(), position);
      return values[static_cast<std::size_t>(found - positions.begin())];
    };
    for (std::size_t q = 0; q < probabilities.size(); ++q) {
      // The same arithmetic as sorted_quantile, so that the point estimate equals it exactly.
      const double h = static_cast<double>(drawn - 1) * probabilities[q];
      const auto low = static_cast<std::size_t>(h);
      const double low_value = at(low);
      out[q] = low + 1 >= drawn
                   ? low_value
                   : low_value + (h - static_cast<double>(low)) * (at(low + 1) - low_value);
    }
  }

  /// The Hill estimator over the drawn values (hill_tail_index's rule), walking down from the
  /// largest: the top k drawn values, then X₍ₖ₊₁₎.
  double hill(const RankCounts& counts, std::size_t drawn) const {
    const std::size_t tail = drawn / kHillTailDivisor;
    if (tail < kHillMinimumTail) return kNaN;
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    std::size_t threshold = kNone;  // the rank of X₍ₖ₊₁₎
    long double log_sum = 0.0L;
    std::size_t taken = 0;
    for (std::size_t rank = sorted_.size(); rank-- > 0;) {
      const std::size_t count = counts.counts[rank];
      if (count == 0) continue;
      if (taken == tail) {
        threshold = rank;
        break;
      }
      const std::size_t take = std::min(count, tail - taken);
      log_sum += static_cast<long double>(take) * log_sorted_[rank];
      taken += take;
      if (taken == tail && count > take) {
        threshold = rank;  // X₍ₖ₊₁₎ equals X₍ₖ₎
        break;
      }
    }
    if (threshold == kNone || !(sorted_[threshold] > 0.0)) return kNaN;
    // The same (double) logarithms on both sides, so equal values give exactly 0 and NaN.
    const long double mean_excess =
        log_sum / static_cast<long double>(tail) - log_sorted_[threshold];
    if (!(mean_excess > 0.0L)) return kNaN;
    return static_cast<double>(1.0L / mean_excess);
  }

 private:
  static constexpr std::uint32_t kUndefined = std::numeric_limits<std::uint32_t>::max();

  /// Adds the ranks of resample r's indices to counts.counts and counts.spare (alternately, so
  /// that runs of equal values do not wait on one counter); returns how many indices were drawn.
  template <typename Rank>
  std::size_t count_ranks(const std::vector<Rank>& ranks, const MovingBlockBootstrap& bootstrap,
                          std::size_t resample, RankCounts& counts) const {
    if (bootstrap.size() == 0) return 0;
    std::uint32_t* const first = counts.counts.data();
    std::uint32_t* const second = counts.spare.data();
    std::uint32_t* const third = second + counts.counts.size();
    std::uint32_t* const fourth = third + counts.counts.size();
    const auto count_block = [&](std::size_t start, std::size_t size) {
      const Rank* block = ranks.data() + start;
      std::size_t i = 0;
      for (; i + 3 < size; i += 4) {
        ++first[block[i]];
        ++second[block[i + 1]];
        ++third[block[i + 2]];
        ++fourth[block[i + 3]];
      }
      for (; i < size; ++i) ++first[block[i]];
    };
    // The full blocks in ascending order of start (a count does not depend on the order), so
    // that the ranks are read front to back, as the memory prefetches them; then the short one.
    const std::size_t full = bootstrap.blocks_per_resample() - 1;
    const std::size_t b = bootstrap.block_length();
    const std::uint32_t* const starts = sorted_starts_.data() + resample * full;
    for (std::size_t k = 0; k < full; ++k) count_block(starts[k], b);
    count_block(bootstrap.block_starts(resample)[full], bootstrap.block_size(full));
    return bootstrap.size();
  }

  std::vector<double> sorted_;  // the distinct defined values, ascending
  std::vector<double> log_sorted_;
  // Of each distinct value in the data, then of the undefined ones.
  std::vector<std::uint32_t> multiplicity_;
  std::size_t defined_ = 0;
  std::vector<std::uint32_t> rank_;         // sorted_.size() for an undefined value
  std::vector<std::uint16_t> narrow_rank_;  // rank_ in 16 bits when every rank fits
  const MovingBlockBootstrap* sorted_for_ = nullptr;
  std::vector<std::uint32_t> sorted_starts_;
};

// ---------------------------------------------------------------------------------------------
// The marginal distribution of a sample (spreads, trade sizes): mean, quantiles and optionally
// the excess kurtosis and the Hill index, all from one set of resamples.

constexpr std::array<double, 5> kQuantileProbabilities{0.05, 0.25, 0.5, 0.75, 0.95};

struct MarginalFigures {
  DistributionFacts distribution;
  Estimate excess_kurtosis;
  Estimate hill_tail_index;
};

/// Excess kurtosis from the sums of (1, z, z², z³, z⁴) of a sample centred by `offset`.
double kurtosis_from_sums(double count, double s1, double s2, double s3, double s4, double offset) {
  if (count < 4.0) return kNaN;
  const double m1 = s1 / count;
  const double mean_square = s2 / count;
  const double variance = central_variance(mean_square, m1, offset);
  if (std::isnan(variance)) return kNaN;
  const double m1_squared = m1 * m1;
  const double fourth = s4 / count - 4.0 * m1 * (s3 / count) + 6.0 * m1_squared * mean_square -
                        3.0 * m1_squared * m1_squared;
  return fourth / (variance * variance) - 3.0;
}

MarginalFigures marginal_figures(std::span<const double> values,
                                 const MovingBlockBootstrap& bootstrap, double confidence,
                                 unsigned threads) {
  const std::size_t n = values.size();
  std::size_t count = 0;
  const long double mean = mean_of_defined(values, count);
  enum : std::size_t { kV, kZ, kZ2, kZ3, kZ4, kSeries };
  SeriesSums sums(bootstrap, kSeries);
  // Each defined value centred once; an undefined one adds 0 to every sum.
  std::vector<double> centred(n);
  std::vector<bool> defined(n);
  for (std::size_t i = 0; i < n; ++i) {
    defined[i] = !std::isnan(values[i]);
    centred[i] = defined[i] ? static_cast<double>(values[i] - mean) : 0.0;
  }
  std::vector<double> series(n);
  const auto add = [&](std::size_t index, auto&& term) {
    for (std::size_t i = 0; i < n; ++i) series[i] = defined[i] ? term(centred[i]) : 0.0;
    sums.add(index, series);
  };
  add(kV, [](double) { return 1.0; });
  add(kZ, [](double z) { return z; });
  add(kZ2, [](double z) { return z * z; });
  add(kZ3, [](double z) { return z * z * z; });
  add(kZ4, [](double z) { return z * z * z * z; });
  sums.complete();
  RankedSample ranked(values);
  ranked.prepare(bootstrap);
  const auto mean_value = static_cast<double>(mean);

  // Figures: mean, q05, q25, median, q75, q95, excess kurtosis, Hill.
  const std::vector<Estimate> estimates =
      parallel_bootstrap_figures(8, bootstrap.resamples(), confidence, threads, [&](std::size_t) {
        return [&, counts = RankCounts{}](std::size_t resample, std::span<double> out) mutable {
          const std::span<const double> s = sums.sums(resample);
          const std::size_t drawn = ranked.draw(bootstrap, resample, counts);
          if (drawn == 0) return;
          out[0] = mean_value + s[kZ] / s[kV];
          ranked.quantiles(counts, drawn, kQuantileProbabilities, out.subspan(1, 5));
          out[6] = kurtosis_from_sums(s[kV], s[kZ], s[kZ2], s[kZ3], s[kZ4], mean_value);
          out[7] = ranked.hill(counts, drawn);
        };
      });
  MarginalFigures figures;
  figures.distribution = {count,        estimates[0], estimates[3], estimates[1],
                          estimates[2], estimates[4], estimates[5]};
  figures.excess_kurtosis = estimates[6];
  figures.hill_tail_index = estimates[7];
  return figures;
}

// ---------------------------------------------------------------------------------------------

/// The decay exponent fit over the lags with finite positive autocorrelation (OLS slope of
/// ln acf on ln lag, negated). Two passes over the qualifying lags; logarithms in double.
double decay_exponent(std::span<const double> acf) {
  std::size_t count = 0;
  double sum_x = 0.0;
  double sum_y = 0.0;
  for (std::size_t h = 0; h < acf.size(); ++h) {
    if (!(std::isfinite(acf[h]) && acf[h] > 0.0)) continue;
    sum_x += std::log(static_cast<double>(h + 1));
    sum_y += std::log(acf[h]);
    ++count;
  }
  if (count < kDecayFitMinimumLags) return kNaN;
  const double mean_x = sum_x / static_cast<double>(count);
  const double mean_y = sum_y / static_cast<double>(count);
  double sxx = 0.0;
  double sxy = 0.0;
  for (std::size_t h = 0; h < acf.size(); ++h) {
    if (!(std::isfinite(acf[h]) && acf[h] > 0.0)) continue;
    const double dx = std::log(static_cast<double>(h + 1)) - mean_x;
    sxx += dx * dx;
    sxy += dx * (std::log(acf[h]) - mean_y);
  }
  return -sxy / sxx;
}

/// How many t have both x_t and x_{t+lag} defined.
std::size_t defined_pairs(std::span<const double> values, std::size_t lag) {
  std::size_t pairs = 0;
  for (std::size_t t = 0; t + lag < values.size(); ++t) {
    if (!std::isnan(values[t]) && !std::isnan(values[t + lag])) ++pairs;
  }
  return pairs;
}

DistributionFacts empty_distribution() {
  const Estimate nan{kNaN, kNaN, kNaN, kNaN};
  return {0, nan, nan, nan, nan, nan, nan};
}

/// A bootstrap that two facts of one market_facts call share — the returns and the imbalance at
/// a horizon, the spread and the depth profile: the same series length and settings give the same
/// resamples, so they are drawn and ordered once, by whichever fact asks first (the other waits).
/// A request of another length or seed gets a bootstrap of its own.
class SharedBootstrap {
 public:
  const MovingBlockBootstrap& get(std::size_t n, const BootstrapSettings& settings,
                                  std::optional<MovingBlockBootstrap>& own) {
    std::call_once(once_, [&] {
      bootstrap_.emplace(n, settings);
      settings_ = settings;
    });
    if (bootstrap_->size() != n || settings_.seed != settings.seed ||
        settings_.resamples != settings.resamples ||
        settings_.block_length != settings.block_length) {
      return own.emplace(n, settings);
    }
    return *bootstrap_;
  }

 private:
  std::once_flag once_;
  std::optional<MovingBlockBootstrap> bootstrap_;
  BootstrapSettings settings_;
};

/// The bootstrap of a series of `n` under `settings`: `shared`'s when given, else `own`.
const MovingBlockBootstrap& bootstrap_for(std::size_t n, const BootstrapSettings& settings,
                                          SharedBootstrap* shared,
                                          std::optional<MovingBlockBootstrap>& own) {
  return shared != nullptr ? shared->get(n, settings, own) : own.emplace(n, settings);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::vector<double> grid_log_returns(std::span<const engine::Nanos> times,
                                     std::span<const double> mids, engine::Nanos horizon) {
  check_same_length(times.size(), mids.size(), "grid_log_returns", "times", "mids");
  const std::size_t per_interval = points_per_interval(times, horizon, "grid_log_returns");
  check_nan_or_positive(mids, false, "grid_log_returns", "mids");
  return log_returns(mids, per_interval);
}

double excess_kurtosis(std::span<const double> values) {
  for (const double value : values) {
    if (std::isinf(value)) {
      throw std::invalid_argument("excess_kurtosis: values must be finite or NaN");
    }
  }
  std::size_t count = 0;
  const long double mean = mean_of_defined(values, count);
  if (count < 4) return kNaN;
  long double m2 = 0.0L;
  long double m4 = 0.0L;
  for (const double value : values) {
    if (std::isnan(value)) continue;
    const long double d = value - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  const auto n = static_cast<long double>(count);
  m2 /= n;
  m4 /= n;
  // Constant up to rounding (central_variance's rule): no shape to measure.
  if (std::isnan(central_variance(static_cast<double>(m2), 0.0, static_cast<double>(mean)))) {
    return kNaN;
  }
  return static_cast<double>(m4 / (m2 * m2) - 3.0L);
}

double hill_tail_index(std::span<const double> magnitudes) {
  check_nan_or_positive(magnitudes, true, "hill_tail_index", "magnitudes");
  const RankedSample ranked(magnitudes);
  const MovingBlockBootstrap none(0, BootstrapSettings{});
  RankCounts counts;
  return ranked.hill(counts, ranked.draw(none, kPoint, counts));
}

double power_law_decay_exponent(std::span<const double> acf) {
  return decay_exponent(acf);
}

std::size_t default_variance_ratio_periods(engine::Nanos horizon) {
  if (horizon <= 0) {
    throw std::invalid_argument("default_variance_ratio_periods: horizon must be > 0 (got " +
                                std::to_string(horizon) + " ns)");
  }
  return static_cast<std::size_t>(std::max<engine::Nanos>(2, engine::kNanosPerHour / horizon));
}

namespace {

ReturnFacts shared_return_facts(std::span<const engine::Nanos> times, std::span<const double> mids,
                                engine::Nanos horizon, const BootstrapSettings& settings,
                                std::size_t variance_ratio_periods, SharedBootstrap* shared) {
  const char* function = "return_facts";
  check_settings(settings, function);
  check_same_length(times.size(), mids.size(), function, "times", "mids");
  const std::size_t per_interval = points_per_interval(times, horizon, function);
  check_nan_or_positive(mids, false, function, "mids");
  if (variance_ratio_periods == 1) {
    throw std::invalid_argument(
        fn(function, "variance_ratio_periods must be >= 2, or 0 for the default (got 1)"));
  }
  const std::size_t k = variance_ratio_periods == 0 ? default_variance_ratio_periods(horizon)
                                                    : variance_ratio_periods;

  const std::vector<double> returns = log_returns(mids, per_interval);
  const std::size_t n = returns.size();
  std::optional<MovingBlockBootstrap> own;
  const MovingBlockBootstrap& bootstrap = bootstrap_for(n, settings, shared, own);

  std::size_t count = 0;
  const long double mean = mean_of_defined(returns, count);
  std::vector<double> absolute(n, kNaN);
  for (std::size_t t = 0; t < n; ++t) {
    if (!std::isnan(returns[t])) absolute[t] = std::fabs(returns[t]);
  }
  std::size_t absolute_count = 0;
  const long double absolute_mean = mean_of_defined(absolute, absolute_count);
  // Centred by the data's means (0 where undefined, so a product with an undefined return
  // vanishes and only pairs of defined returns are summed).
  std::vector<double> z(n, 0.0);
  std::vector<double> a(n, 0.0);
  std::vector<double> defined(n, 0.0);
  for (std::size_t t = 0; t < n; ++t) {
    if (std::isnan(returns[t])) continue;
    z[t] = static_cast<double>(returns[t] - mean);
    a[t] = static_cast<double>(absolute[t] - absolute_mean);
    defined[t] = 1.0;
  }

  enum : std::size_t { kV, kZ, kZ2, kZ3, kZ4, kZero, kA, kA2, kZW, kZZ };
  constexpr std::size_t kAA = kZZ + kReturnAcfLags;
  constexpr std::size_t kSeries = kAA + kAbsoluteReturnAcfLags;
  SeriesSums sums(bootstrap, kSeries);
  std::vector<double> series(n);
  const auto add = [&](std::size_t index, auto&& term) {
    for (std::size_t t = 0; t < n; ++t) series[t] = term(t);
    sums.add(index, series);
  };
  add(kV, [&](std::size_t t) { return defined[t]; });
  add(kZ, [&](std::size_t t) { return z[t]; });
  add(kZ2, [&](std::size_t t) { return z[t] * z[t]; });
  add(kZ3, [&](std::size_t t) { return z[t] * z[t] * z[t]; });
  add(kZ4, [&](std::size_t t) { return z[t] * z[t] * z[t] * z[t]; });
  add(kZero, [&](std::size_t t) { return returns[t] == 0.0 ? 1.0 : 0.0; });
  add(kA, [&](std::size_t t) { return a[t]; });
  add(kA2, [&](std::size_t t) { return a[t] * a[t]; });
  for (std::size_t h = 1; h <= kReturnAcfLags; ++h) {
    add(kZZ + h - 1, [&](std::size_t t) { return t + h < n ? z[t] * z[t + h] : 0.0; });
  }
  for (std::size_t h = 1; h <= kAbsoluteReturnAcfLags; ++h) {
    add(kAA + h - 1, [&](std::size_t t) { return t + h < n ? a[t] * a[t + h] : 0.0; });
  }
  {
    // The variance ratio's Bartlett-weighted lagged products z_t·W_t, W_t = Σ_{j=1..k−1}
    // (1 − j/k)·z_{t+j} = A_t − B_t / k with A_t = Σ z_i and B_t = Σ (i − t)·z_i over
    // i = t+1..t+k−1, from prefix sums of z_i and i·z_i: O(n) whatever k.
    std::vector<long double> prefix(n + 1, 0.0L);
    std::vector<long double> weighted(n + 1, 0.0L);
    for (std::size_t i = 0; i < n; ++i) {
      prefix[i + 1] = prefix[i] + z[i];
      weighted[i + 1] = weighted[i] + static_cast<long double>(i) * z[i];
    }
    const auto periods = static_cast<long double>(k);
    add(kZW, [&](std::size_t t) {
      const std::size_t low = std::min(t + 1, n);
      const std::size_t high = std::min(t + k, n);
      const long double a_t = prefix[high] - prefix[low];
      const long double b_t = (weighted[high] - weighted[low]) - static_cast<long double>(t) * a_t;
      return static_cast<double>(z[t] * (a_t - b_t / periods));
    });
  }

  // What the sums cannot tell: pairs per lag, and an exactly constant series (sd exactly 0).
  const bool constant = defined_values_constant(returns);
  const auto return_offset = static_cast<double>(mean);
  const auto absolute_offset = static_cast<double>(absolute_mean);
  std::array<bool, kAbsoluteReturnAcfLags> lag_defined{};
  for (std::size_t h = 1; h <= kAbsoluteReturnAcfLags; ++h) {
    lag_defined[h - 1] = defined_pairs(returns, h) >= 2;
  }
  sums.complete();
  RankedSample ranked(absolute);
  ranked.prepare(bootstrap);

  // Figures: sd, kurtosis, Hill, acf 1..5, |acf| 1..60, decay, VR, zero share.
  constexpr std::size_t kFigAcf = 3;
  constexpr std::size_t kFigAbs = kFigAcf + kReturnAcfLags;
  constexpr std::size_t kFigDecay = kFigAbs + kAbsoluteReturnAcfLags;
  constexpr std::size_t kFigVr = kFigDecay + 1;
  constexpr std::size_t kFigZero = kFigVr + 1;
  constexpr std::size_t kFigures = kFigZero + 1;
  const std::vector<Estimate> estimates = parallel_bootstrap_figures(
      kFigures, bootstrap.resamples(), settings.confidence, settings.threads, [&](std::size_t) {
        return [&, counts = RankCounts{}](std::size_t resample, std::span<double> out) mutable {
          const std::span<const double> s = sums.sums(resample);
          const bool point = resample == kPoint;
          const double drawn = s[kV];
          if (!(drawn >= 1.0)) return;
          out[2] = ranked.hill(counts, ranked.draw(bootstrap, resample, counts));
          out[kFigZero] = s[kZero] / drawn;
          const double m1 = s[kZ] / drawn;
          if (drawn >= 2.0) {
            // A constant series has sd 0; the ratios below need a variance that is not noise.
            const double raw_variance = std::max(0.0, s[kZ2] / drawn - m1 * m1);
            out[0] = (point && constant) ? 0.0 : std::sqrt(raw_variance * drawn / (drawn - 1.0));
          }
          const double variance = central_variance(s[kZ2] / drawn, m1, return_offset);
          out[1] = kurtosis_from_sums(drawn, s[kZ], s[kZ2], s[kZ3], s[kZ4], return_offset);
          for (std::size_t h = 1; h <= kReturnAcfLags; ++h) {
            if (point && !lag_defined[h - 1]) continue;
            out[kFigAcf + h - 1] = (s[kZZ + h - 1] / drawn - m1 * m1) / variance;
          }
          const double absolute_m1 = s[kA] / drawn;
          const double absolute_variance =
              central_variance(s[kA2] / drawn, absolute_m1, absolute_offset);
          for (std::size_t h = 1; h <= kAbsoluteReturnAcfLags; ++h) {
            if (point && !lag_defined[h - 1]) continue;
            out[kFigAbs + h - 1] =
                (s[kAA + h - 1] / drawn - absolute_m1 * absolute_m1) / absolute_variance;
          }
          out[kFigDecay] = decay_exponent(out.subspan(kFigAbs, kAbsoluteReturnAcfLags));
          if (n > k) {
            const double bartlett = static_cast<double>(k - 1) / 2.0;  // Σ_{j<k} (1 − j/k)
            out[kFigVr] = 1.0 + 2.0 * (s[kZW] / drawn - m1 * m1 * bartlett) / variance;
          }
        };
      });

  ReturnFacts facts{};
  facts.horizon = horizon;
  facts.intervals = n;
  facts.count = count;
  facts.block_length = bootstrap.block_length();
  facts.variance_ratio_periods = k;
  facts.standard_deviation = estimates[0];
  facts.excess_kurtosis = estimates[1];
  facts.hill_tail_index = estimates[2];
  for (std::size_t h = 0; h < kReturnAcfLags; ++h) facts.return_acf[h] = estimates[kFigAcf + h];
  for (std::size_t h = 0; h < kAbsoluteReturnAcfLags; ++h) {
    facts.absolute_return_acf[h] = estimates[kFigAbs + h];
  }
  facts.absolute_acf_decay_exponent = estimates[kFigDecay];
  facts.variance_ratio = estimates[kFigVr];
  facts.zero_return_share = estimates[kFigZero];
  return facts;
}

}  // namespace

ReturnFacts return_facts(std::span<const engine::Nanos> times, std::span<const double> mids,
                         engine::Nanos horizon, const BootstrapSettings& settings,
                         std::size_t variance_ratio_periods) {
  return shared_return_facts(times, mids, horizon, settings, variance_ratio_periods, nullptr);
}

namespace {

SpreadFacts shared_spread_facts(std::span<const double> best_bid, std::span<const double> best_ask,
                                double tick_size, const BootstrapSettings& settings,
                                SharedBootstrap* shared) {
  const char* function = "spread_facts";
  check_settings(settings, function);
  check_same_length(best_bid.size(), best_ask.size(), function, "best_bid", "best_ask");
  check_nan_or_positive(best_bid, false, function, "best_bid");
  check_nan_or_positive(best_ask, false, function, "best_ask");
  if (!(std::isfinite(tick_size) && tick_size > 0.0)) {
    throw std::invalid_argument(
        fn(function, "tick_size must be finite and > 0 (got " + number_text(tick_size) + ")"));
  }
  const std::size_t n = best_bid.size();
  std::vector<double> ticks(n, kNaN);
  std::vector<double> bps(n, kNaN);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(best_bid[i]) || std::isnan(best_ask[i])) continue;
    ticks[i] = (best_ask[i] - best_bid[i]) / tick_size;
    bps[i] = quoted_spread_bps(best_bid[i], best_ask[i], (best_bid[i] + best_ask[i]) / 2.0);
  }
  std::optional<MovingBlockBootstrap> own;
  const MovingBlockBootstrap& bootstrap = bootstrap_for(n, settings, shared, own);
  return {bootstrap.block_length(),
          marginal_figures(ticks, bootstrap, settings.confidence, settings.threads).distribution,
          marginal_figures(bps, bootstrap, settings.confidence, settings.threads).distribution};
}

}  // namespace

SpreadFacts spread_facts(std::span<const double> best_bid, std::span<const double> best_ask,
                         double tick_size, const BootstrapSettings& settings) {
  return shared_spread_facts(best_bid, best_ask, tick_size, settings, nullptr);
}

namespace {

DepthProfile shared_depth_profile(const BandDepths& bid, const BandDepths& ask,
                                  const BootstrapSettings& settings, SharedBootstrap* shared) {
  const char* function = "depth_profile";
  check_settings(settings, function);
  const std::array<std::pair<std::span<const double>, const char*>, 6> inputs{{
      {bid.half_percent, "bid.half_percent"},
      {bid.one_percent, "bid.one_percent"},
      {bid.two_percent, "bid.two_percent"},
      {ask.half_percent, "ask.half_percent"},
      {ask.one_percent, "ask.one_percent"},
      {ask.two_percent, "ask.two_percent"},
  }};
  const std::size_t n = inputs[0].first.size();
  for (const auto& [values, name] : inputs) {
    check_same_length(n, values.size(), function, inputs[0].second, name);
    check_nan_or_positive(values, true, function, name);
  }
  std::vector<double> defined(n, 1.0);
  std::size_t count = n;
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& input : inputs) {
      if (std::isnan(input.first[i])) {
        defined[i] = 0.0;
        --count;
        break;
      }
    }
  }
  std::optional<MovingBlockBootstrap> own;
  const MovingBlockBootstrap& bootstrap = bootstrap_for(n, settings, shared, own);
  SeriesSums sums(bootstrap, 1 + inputs.size());
  sums.add(0, defined);
  std::vector<double> series(n);
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    for (std::size_t i = 0; i < n; ++i) series[i] = defined[i] == 0.0 ? 0.0 : inputs[j].first[i];
    sums.add(1 + j, series);
  }
  // Figures per side (bid, ask, both): mean within ±0.5, ±1, ±2%, share of ±0.5% and ±1%.
  const std::vector<Estimate> estimates =
      bootstrap_figures(15, bootstrap.resamples(), settings.confidence,
                        [&](std::size_t resample, std::span<double> out) {
                          const std::span<const double> s = sums.sums(resample);
                          const double drawn = s[0];
                          if (!(drawn >= 1.0)) return;
                          for (std::size_t side = 0; side < 3; ++side) {
                            std::array<double, 3> band{};
                            for (std::size_t b = 0; b < 3; ++b) {
                              band[b] = side == 2 ? s[1 + b] + s[4 + b] : s[1 + 3 * side + b];
                            }
                            double* figures = out.data() + 5 * side;
                            for (std::size_t b = 0; b < 3; ++b) figures[b] = band[b] / drawn;
                            if (band[2] > 0.0) {
                              figures[3] = band[0] / band[2];
                              figures[4] = band[1] / band[2];
                            }
                          }
                        });
  const auto side_facts = [&](std::size_t side) {
    const Estimate* e = estimates.data() + 5 * side;
    return SideDepthFacts{e[0], e[1], e[2], e[3], e[4]};
  };
  return {count, bootstrap.block_length(), side_facts(0), side_facts(1), side_facts(2)};
}

}  // namespace

DepthProfile depth_profile(const BandDepths& bid, const BandDepths& ask,
                           const BootstrapSettings& settings) {
  return shared_depth_profile(bid, ask, settings, nullptr);
}

TradeFacts trade_facts(const TradeTape& trades, const BootstrapSettings& settings) {
  const char* function = "trade_facts";
  check_settings(settings, function);
  const std::size_t n = trades.times.size();
  check_same_length(n, trades.sizes.size(), function, "times", "sizes");
  check_same_length(n, trades.aggressors.size(), function, "times", "aggressors");
  if (trades.window_end <= trades.window_start) {
    throw std::invalid_argument(fn(function, "window_end (" + std::to_string(trades.window_end) +
                                                 ") must be after window_start (" +
                                                 std::to_string(trades.window_start) + ")"));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && trades.times[i] < trades.times[i - 1]) {
      throw std::invalid_argument(
          fn(function, "times must be non-decreasing (times[" + std::to_string(i) +
                           "] = " + std::to_string(trades.times[i]) + " after " +
                           std::to_string(trades.times[i - 1]) + ")"));
    }
    if (trades.times[i] < trades.window_start || trades.times[i] >= trades.window_end) {
      throw std::invalid_argument(
          fn(function, "times must lie in [window_start, window_end) (times[" + std::to_string(i) +
                           "] = " + std::to_string(trades.times[i]) + ")"));
    }
    if (!(std::isfinite(trades.sizes[i]) && trades.sizes[i] > 0.0)) {
      throw std::invalid_argument(fn(function, "sizes must be finite and > 0 (sizes[" +
                                                   std::to_string(i) +
                                                   "] = " + number_text(trades.sizes[i]) + ")"));
    }
    if (trades.aggressors[i] != engine::Side::kBid && trades.aggressors[i] != engine::Side::kAsk) {
      throw std::invalid_argument(
          fn(function, "aggressors[" + std::to_string(i) + "] is neither kBid nor kAsk"));
    }
  }

  TradeFacts facts{};
  facts.count = n;

  // Trade-level figures: sizes, and the buy share from the same resamples.
  const MovingBlockBootstrap trade_bootstrap(n, settings);
  const MarginalFigures sizes =
      marginal_figures(trades.sizes, trade_bootstrap, settings.confidence, settings.threads);
  facts.size = sizes.distribution;
  facts.size_excess_kurtosis = sizes.excess_kurtosis;
  facts.size_hill_tail_index = sizes.hill_tail_index;
  {
    SeriesSums sums(trade_bootstrap, 1);
    std::vector<double> buys(n);
    for (std::size_t i = 0; i < n; ++i) buys[i] = trades.aggressors[i] == engine::Side::kBid;
    sums.add(0, buys);
    const double total = static_cast<double>(n);
    facts.buy_share = bootstrap_figures(1, trade_bootstrap.resamples(), settings.confidence,
                                        [&](std::size_t resample, std::span<double> out) {
                                          if (n > 0) out[0] = sums.sums(resample)[0] / total;
                                        })[0];
  }

  // The rate over one-minute bins of the window.
  {
    const auto window = static_cast<std::uint64_t>(trades.window_end) -
                        static_cast<std::uint64_t>(trades.window_start);
    constexpr auto kMinute = static_cast<std::uint64_t>(engine::kNanosPerMinute);
    const std::size_t bins = static_cast<std::size_t>((window + kMinute - 1) / kMinute);
    std::vector<double> counts(bins, 0.0);
    std::vector<double> minutes(bins, 1.0);
    minutes.back() =
        static_cast<double>(window - (bins - 1) * kMinute) / static_cast<double>(kMinute);
    for (const engine::Nanos time : trades.times) {
      const auto offset =
          static_cast<std::uint64_t>(time) - static_cast<std::uint64_t>(trades.window_start);
      counts[static_cast<std::size_t>(offset / kMinute)] += 1.0;
    }
    BootstrapSettings bin_settings = settings;
    bin_settings.seed = derive_seed(settings.seed, 1);
    const MovingBlockBootstrap bin_bootstrap(bins, bin_settings);
    SeriesSums sums(bin_bootstrap, 2);
    sums.add(0, counts);
    sums.add(1, minutes);
    facts.rate_per_minute = bootstrap_figures(1, bin_bootstrap.resamples(), settings.confidence,
                                              [&](std::size_t resample, std::span<double> out) {
                                                const std::span<const double> s =
                                                    sums.sums(resample);
                                                out[0] = s[0] / s[1];
                                              })[0];
  }
  return facts;
}

namespace {

ImbalanceFacts shared_imbalance_correlation(
    std::span<const engine::Nanos> times, std::span<const double> mids,
    std::span<const double> bid_depth, std::span<const double> ask_depth, engine::Nanos horizon,
    const BootstrapSettings& settings, SharedBootstrap* shared) {
  const char* function = "imbalance_return_correlation";
  check_settings(settings, function);
  check_same_length(times.size(), mids.size(), function, "times", "mids");
  check_same_length(times.size(), bid_depth.size(), function, "times", "bid_depth");
  check_same_length(times.size(), ask_depth.size(), function, "times", "ask_depth");
  const std::size_t per_interval = points_per_interval(times, horizon, function);
  check_nan_or_positive(mids, false, function, "mids");
  check_nan_or_positive(bid_depth, true, function, "bid_depth");
  check_nan_or_positive(ask_depth, true, function, "ask_depth");

  const std::vector<double> returns = log_returns(mids, per_interval);
  const std::size_t n = returns.size();
  std::vector<double> x(n, kNaN);
  std::vector<double> y(n, kNaN);
  std::vector<double> defined_x;
  std::vector<double> defined_y;
  for (std::size_t j = 0; j < n; ++j) {
    const double bid = bid_depth[j * per_interval];
    const double ask = ask_depth[j * per_interval];
    const double total = bid + ask;
    if (std::isnan(returns[j]) || std::isnan(total) || total == 0.0) continue;
    x[j] = (bid - ask) / total;
    y[j] = returns[j];
    defined_x.push_back(x[j]);
    defined_y.push_back(y[j]);
  }
  std::size_t count = 0;
  const long double mean_x = mean_of_defined(x, count);
  const long double mean_y = mean_of_defined(y, count);
  std::optional<MovingBlockBootstrap> own;
  const MovingBlockBootstrap& bootstrap = bootstrap_for(n, settings, shared, own);
  enum : std::size_t { kV, kX, kY, kXX, kYY, kXY, kSeries };
  SeriesSums sums(bootstrap, kSeries);
  std::vector<double> dx(n, 0.0);
  std::vector<double> dy(n, 0.0);
  std::vector<double> series(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    if (std::isnan(x[j])) continue;
    dx[j] = static_cast<double>(x[j] - mean_x);
    dy[j] = static_cast<double>(y[j] - mean_y);
    series[j] = 1.0;
  }
  sums.add(kV, series);
  sums.add(kX, dx);
  sums.add(kY, dy);
  const auto add_product = [&](std::size_t index, const std::vector<double>& u,
                               const std::vector<double>& v) {
    for (std::size_t j = 0; j < n; ++j) series[j] = u[j] * v[j];
    sums.add(index, series);
  };
  add_product(kXX, dx, dx);
  add_product(kYY, dy, dy);
  add_product(kXY, dx, dy);
  const double point = pearson_correlation(defined_x, defined_y);
  const Estimate correlation = bootstrap_figures(
      1, bootstrap.resamples(), settings.confidence,
      [&](std::size_t resample, std::span<double> out) {
        if (resample == kPoint) {
          out[0] = point;
          return;
        }
        const std::span<const double> s = sums.sums(resample);
        const double drawn = s[kV];
        if (!(drawn >= 2.0)) return;
        const double mx = s[kX] / drawn;
        const double my = s[kY] / drawn;
        const double vx = central_variance(s[kXX] / drawn, mx, static_cast<double>(mean_x));
        const double vy = central_variance(s[kYY] / drawn, my, static_cast<double>(mean_y));
        const double r = (s[kXY] / drawn - mx * my) / std::sqrt(vx * vy);
        if (!std::isnan(r)) out[0] = std::clamp(r, -1.0, 1.0);
      })[0];
  return {horizon, count, correlation};
}

}  // namespace

ImbalanceFacts imbalance_return_correlation(std::span<const engine::Nanos> times,
                                            std::span<const double> mids,
                                            std::span<const double> bid_depth,
                                            std::span<const double> ask_depth,
                                            engine::Nanos horizon,
                                            const BootstrapSettings& settings) {
  return shared_imbalance_correlation(times, mids, bid_depth, ask_depth, horizon, settings,
                                      nullptr);
}

MarketFacts market_facts(const SampledMarket& market, std::span<const engine::Nanos> horizons,
                         const BootstrapSettings& settings) {
  const char* function = "market_facts";
  check_settings(settings, function);
  if (horizons.empty()) throw std::invalid_argument(fn(function, "no horizons given"));
  if (market.quotes) {
    check_same_length(market.times.size(), market.quotes->best_bid.size(), function, "times",
                      "best_bid");
  }
  if (market.depth) {
    check_same_length(market.times.size(), market.depth->bid.one_percent.size(), function, "times",
                      "depth");
  }
  const auto with_seed = [&](std::uint64_t stream) {
    BootstrapSettings derived = settings;
    derived.seed = derive_seed(settings.seed, stream);
    return derived;
  };
  MarketFacts facts;
  facts.returns.resize(horizons.size());
  if (market.depth) facts.imbalance.resize(horizons.size());
  // One bootstrap per horizon (returns and imbalance), and one for the spread and the depth.
  std::vector<SharedBootstrap> at_horizon(horizons.size());
  SharedBootstrap on_grid;
  // Each part writes its own member; the trade tape, the longest on a long run, goes first.
  std::vector<std::function<void()>> parts;
  if (market.trades)
    parts.emplace_back([&] { facts.trades = trade_facts(*market.trades, with_seed(1)); });
  for (std::size_t i = 0; i < horizons.size(); ++i) {
    parts.emplace_back([&, i] {
      facts.returns[i] = shared_return_facts(market.times, market.mid, horizons[i],
                                             with_seed(2 + i), 0, &at_horizon[i]);
    });
    if (market.depth) {
      parts.emplace_back([&, i] {
        facts.imbalance[i] = shared_imbalance_correlation(
            market.times, market.mid, market.depth->bid.half_percent,
            market.depth->ask.half_percent, horizons[i], with_seed(2 + i), &at_horizon[i]);
      });
    }
  }
  if (market.quotes) {
    parts.emplace_back([&] {
      facts.spread = shared_spread_facts(market.quotes->best_bid, market.quotes->best_ask,
                                         market.quotes->tick_size, with_seed(0), &on_grid);
    });
  }
  if (market.depth) {
    parts.emplace_back([&] {
      facts.depth =
          shared_depth_profile(market.depth->bid, market.depth->ask, with_seed(0), &on_grid);
    });
  }
  run_tasks(parts, settings.threads);
  return facts;
}

std::vector<NamedMoment> flatten_moments(const MarketFacts& facts) {
  std::vector<NamedMoment> moments;
  for (NamedFact& fact : flatten_facts(facts)) {
    moments.push_back({std::move(fact.name), fact.estimate.value, fact.estimate.standard_error});
  }
  return moments;
}

std::vector<NamedFact> flatten_facts(const MarketFacts& facts) {
  std::vector<NamedFact> moments;
  const Estimate nan{kNaN, kNaN, kNaN, kNaN};
  const auto push = [&](std::string name, const Estimate& estimate) {
    moments.push_back({std::move(name), estimate});
  };
  for (const ReturnFacts& r : facts.returns) {
    const std::string prefix = "returns." + engine::format_duration(r.horizon) + ".";
    push(prefix + "sd", r.standard_deviation);
    push(prefix + "excess_kurtosis", r.excess_kurtosis);
    push(prefix + "hill_tail_index", r.hill_tail_index);
    for (std::size_t h = 0; h < kReturnAcfLags; ++h) {
      push(prefix + "acf." + std::to_string(h + 1), r.return_acf[h]);
    }
    for (std::size_t h = 0; h < kAbsoluteReturnAcfLags; ++h) {
      push(prefix + "abs_acf." + std::to_string(h + 1), r.absolute_return_acf[h]);
    }
    push(prefix + "abs_acf_decay_exponent", r.absolute_acf_decay_exponent);
    push(prefix + "variance_ratio", r.variance_ratio);
    push(prefix + "zero_share", r.zero_return_share);
  }
  const auto push_distribution = [&](const std::string& prefix, const DistributionFacts& d) {
    push(prefix + "mean", d.mean);
    push(prefix + "median", d.median);
    push(prefix + "q05", d.q05);
    push(prefix + "q25", d.q25);
    push(prefix + "q75", d.q75);
    push(prefix + "q95", d.q95);
  };
  const DistributionFacts no_distribution = empty_distribution();
  push_distribution("spread.ticks.", facts.spread ? facts.spread->ticks : no_distribution);
  push_distribution("spread.bps.", facts.spread ? facts.spread->bps : no_distribution);
  const SideDepthFacts no_depth{nan, nan, nan, nan, nan};
  const std::array<std::pair<const char*, const SideDepthFacts*>, 3> sides{{
      {"bid", facts.depth ? &facts.depth->bid : &no_depth},
      {"ask", facts.depth ? &facts.depth->ask : &no_depth},
      {"both", facts.depth ? &facts.depth->both : &no_depth},
  }};
  for (const auto& [side, d] : sides) {
    const std::string prefix = std::string("depth.") + side + ".";
    push(prefix + "half_pct", d->within_half_percent);
    push(prefix + "one_pct", d->within_one_percent);
    push(prefix + "two_pct", d->within_two_percent);
    push(prefix + "share_half_pct", d->share_half_percent);
    push(prefix + "share_one_pct", d->share_one_percent);
  }
  push("trades.rate_per_minute", facts.trades ? facts.trades->rate_per_minute : nan);
  push_distribution("trades.size.", facts.trades ? facts.trades->size : no_distribution);
  push("trades.size.excess_kurtosis", facts.trades ? facts.trades->size_excess_kurtosis : nan);
  push("trades.size.hill_tail_index", facts.trades ? facts.trades->size_hill_tail_index : nan);
  push("trades.buy_share", facts.trades ? facts.trades->buy_share : nan);
  for (std::size_t i = 0; i < facts.returns.size(); ++i) {
    const std::string name = "imbalance." + engine::format_duration(facts.returns[i].horizon) +
                             ".next_return_correlation";
    push(name, i < facts.imbalance.size() ? facts.imbalance[i].correlation : nan);
  }
  return moments;
}

}  // namespace lmsim::analysis
