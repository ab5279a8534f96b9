// The Hummingbot weight kernel four orders at a time, compiled for AVX2 (this file only) and
// called only on CPUs that have it. It repeats, operation for operation, what Eigen's SSE2 kernel
// computes (Eigen 3.4's pexp_double and its SSE pldexp, pmadd as a multiply and an add), so every
// weight has the same bits; tests/engine/test_hummingbot_kernel.cpp checks that. It includes
// neither Eigen nor other inline library code: an inline function compiled here with AVX
// instructions could otherwise be the copy the linker keeps for the whole program.
#include <cstddef>
#include <cstdint>

// Built with AVX2 on x86-64 only (engine/CMakeLists.txt); elsewhere this file is empty and
// hummingbot_avx2_supported() is false.
#if defined(__AVX2__)
#include <immintrin.h>

namespace lmsim::engine::detail {

void hummingbot_order_weights_avx2(const double* price, const double* amount, std::size_t count,
                                   double mid, double decay, double max_spread, double min_amount,
                                   double* weight);

namespace {

// Eigen's pexp_double, its constants written exactly as Eigen writes them.
inline __m256d eigen_exp(__m256d input) {
  const __m256d one = _mm256_set1_pd(1.0);
  const __m256d two = _mm256_set1_pd(2.0);
  const __m256d half = _mm256_set1_pd(0.5);
  __m256d x = _mm256_min_pd(input, _mm256_set1_pd(709.784));
  x = _mm256_max_pd(x, _mm256_set1_pd(-709.784));
  __m256d fx = _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(1.4426950408889634073599), x), half);
  fx = _mm256_floor_pd(fx);
  const __m256d tmp = _mm256_mul_pd(fx, _mm256_set1_pd(0.693145751953125));
  const __m256d z = _mm256_mul_pd(fx, _mm256_set1_pd(1.42860682030941723212e-6));
  x = _mm256_sub_pd(x, tmp);
  x = _mm256_sub_pd(x, z);
  const __m256d x2 = _mm256_mul_pd(x, x);
  __m256d px = _mm256_set1_pd(1.26177193074810590878e-4);
  px = _mm256_add_pd(_mm256_mul_pd(px, x2), _mm256_set1_pd(3.02994407707441961300e-2));
  px = _mm256_add_pd(_mm256_mul_pd(px, x2), _mm256_set1_pd(9.99999999999999999910e-1));
  px = _mm256_mul_pd(px, x);
  __m256d qx = _mm256_set1_pd(3.00198505138664455042e-6);
  qx = _mm256_add_pd(_mm256_mul_pd(qx, x2), _mm256_set1_pd(2.52448340349684104192e-3));
  qx = _mm256_add_pd(_mm256_mul_pd(qx, x2), _mm256_set1_pd(2.27265548208155028766e-1));
  qx = _mm256_add_pd(_mm256_mul_pd(qx, x2), _mm256_set1_pd(2.00000000000000000009e0));
  x = _mm256_div_pd(px, _mm256_sub_pd(qx, px));
  x = _mm256_add_pd(_mm256_mul_pd(two, x), one);

  // pldexp: 2^fx split into 2^b · 2^b · 2^b · 2^(fx − 3b) with b = floor(fx / 4).
  const __m256d limit = _mm256_set1_pd(2099.0);
  const __m256d clamped =
      _mm256_min_pd(_mm256_max_pd(fx, _mm256_sub_pd(_mm256_setzero_pd(), limit)), limit);
  const __m128i e = _mm256_cvtpd_epi32(clamped);
  const __m128i b = _mm_srai_epi32(e, 2);
  const __m256i bias = _mm256_set1_epi64x(1023);
  const __m256d c =
      _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(b), bias), 52));
  __m256d out = _mm256_mul_pd(_mm256_mul_pd(_mm256_mul_pd(x, c), c), c);
  const __m128i rest = _mm_sub_epi32(_mm_sub_epi32(_mm_sub_epi32(e, b), b), b);
  const __m256d c_rest = _mm256_castsi256_pd(
      _mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(rest), bias), 52));
  out = _mm256_mul_pd(out, c_rest);
  // Eigen's last step, pmax(result, input), catches non-finite inputs.
  return _mm256_max_pd(out, input);
}

inline __m256d weights4(__m256d price, __m256d amount, __m256d mid, __m256d decay,
                        __m256d max_spread, __m256d min_amount) {
  const __m256d sign = _mm256_set1_pd(-0.0);
  const __m256d spread = _mm256_div_pd(_mm256_andnot_pd(sign, _mm256_sub_pd(price, mid)), mid);
  const __m256d weight = _mm256_mul_pd(amount, eigen_exp(_mm256_mul_pd(spread, decay)));
  const __m256d eligible = _mm256_and_pd(_mm256_cmp_pd(spread, max_spread, _CMP_LE_OQ),
                                         _mm256_cmp_pd(amount, min_amount, _CMP_GE_OQ));
  return _mm256_and_pd(eligible, weight);
}

double weight1(double price, double amount, double mid, double decay, double max_spread,
               double min_amount) {
  const double difference = price - mid;
  const double spread = __builtin_fabs(difference) / mid;
  const double weight = amount * __builtin_exp(spread * decay);
  return ((spread <= max_spread) & (amount >= min_amount)) ? weight : 0.0;
}

}  // namespace

void hummingbot_order_weights_avx2(const double* price, const double* amount, std::size_t count,
                                   double mid, double decay, double max_spread, double min_amount,
                                   double* weight) {
  // Which orders Eigen's SSE2 loop (internal::first_aligned, 16-byte packets of two) evaluates
  // in pairs: from the first 16-byte aligned output on, in whole pairs; the others use std::exp.
  const auto address = reinterpret_cast<std::uintptr_t>(weight);
  std::size_t first = count;
  if (address % sizeof(double) == 0) {
    first = std::size_t{(address / sizeof(double)) % 2};
    if (first > count) first = count;
  }
  const std::size_t end = first + (count - first) / 2 * 2;

  const __m256d mids = _mm256_set1_pd(mid);
  const __m256d decays = _mm256_set1_pd(decay);
  const __m256d max_spreads = _mm256_set1_pd(max_spread);
  const __m256d min_amounts = _mm256_set1_pd(min_amount);
  for (std::size_t i = 0; i < first; ++i) {
    weight[i] = weight1(price[i], amount[i], mid, decay, max_spread, min_amount);
  }
  std::size_t i = first;
  for (; i + 4 <= end; i += 4) {
    _mm256_storeu_pd(weight + i, weights4(_mm256_loadu_pd(price + i), _mm256_loadu_pd(amount + i),
                                          mids, decays, max_spreads, min_amounts));
  }
  if (i < end) {
    // One pair left: the same lanes with two unused ones.
    const __m256d prices = _mm256_set_m128d(_mm_set1_pd(mid), _mm_loadu_pd(price + i));
    const __m256d amounts = _mm256_set_m128d(_mm_set1_pd(1.0), _mm_loadu_pd(amount + i));
    _mm_storeu_pd(weight + i, _mm256_castpd256_pd128(weights4(prices, amounts, mids, decays,
                                                              max_spreads, min_amounts)));
    i += 2;
  }
  for (; i < count; ++i) {
    weight[i] = weight1(price[i], amount[i], mid, decay, max_spread, min_amount);
  }
}

}  // namespace lmsim::engine::detail

#endif  // __AVX2__
