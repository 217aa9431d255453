// median-filter: 3-D box median over (2R+1)^3 voxels, replicate border.
//
//   median-filter <input> <output> --memory-io [--radius R]
//
// Output: same component type and geometry as the input.
//
// The median is computed with a "forgetful selection" comparator network
// (keep (N+3)/2 candidates, repeatedly drop the minimum and the maximum and
// take in the next value) evaluated on SIMD vectors, i.e. on 16 / 8 / 4 / 2
// neighbouring voxels of a row at once. A comparator network selects exactly
// the same element as sorting, so results are bit-identical to a sort-based
// median. Radius 1 (27 values) is fully unrolled; radius 2 runs the same
// network with loops; larger radii fall back to std::nth_element per voxel.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#include "../common/grid.h"
#include "../common/pipeline.h"

namespace {

using itkwasm::Grid3;
using itkwasm::Image;

// ---- vector operations per component type ----------------------------------

template <class T>
struct ScalarOps {
  using V = T;
  static constexpr int L = 1;
  static V load(const T *p) { return *p; }
  static void store(T *p, V v) { *p = v; }
  static V min(V a, V b) { return b < a ? b : a; }
  static V max(V a, V b) { return a < b ? b : a; }
};

#ifdef __wasm_simd128__
#define ITK_WASM_SIMD_OPS(NAME, TYPE, LANES, MIN, MAX)                          \
  struct NAME {                                                                 \
    using V = v128_t;                                                           \
    static constexpr int L = LANES;                                             \
    static V load(const TYPE *p) { return wasm_v128_load(p); }                  \
    static void store(TYPE *p, V v) { wasm_v128_store(p, v); }                  \
    static V min(V a, V b) { return MIN(a, b); }                                \
    static V max(V a, V b) { return MAX(a, b); }                                \
  };
ITK_WASM_SIMD_OPS(OpsI8, int8_t, 16, wasm_i8x16_min, wasm_i8x16_max)
ITK_WASM_SIMD_OPS(OpsU8, uint8_t, 16, wasm_u8x16_min, wasm_u8x16_max)
ITK_WASM_SIMD_OPS(OpsI16, int16_t, 8, wasm_i16x8_min, wasm_i16x8_max)
ITK_WASM_SIMD_OPS(OpsU16, uint16_t, 8, wasm_u16x8_min, wasm_u16x8_max)
ITK_WASM_SIMD_OPS(OpsI32, int32_t, 4, wasm_i32x4_min, wasm_i32x4_max)
ITK_WASM_SIMD_OPS(OpsU32, uint32_t, 4, wasm_u32x4_min, wasm_u32x4_max)
// pmin/pmax are exactly (b < a ? b : a) / (a < b ? b : a), like std::min/max
ITK_WASM_SIMD_OPS(OpsF32, float, 4, wasm_f32x4_pmin, wasm_f32x4_pmax)
ITK_WASM_SIMD_OPS(OpsF64, double, 2, wasm_f64x2_pmin, wasm_f64x2_pmax)
#undef ITK_WASM_SIMD_OPS
template <class T> struct OpsFor { using type = ScalarOps<T>; };
template <> struct OpsFor<int8_t> { using type = OpsI8; };
template <> struct OpsFor<uint8_t> { using type = OpsU8; };
template <> struct OpsFor<int16_t> { using type = OpsI16; };
template <> struct OpsFor<uint16_t> { using type = OpsU16; };
template <> struct OpsFor<int32_t> { using type = OpsI32; };
template <> struct OpsFor<uint32_t> { using type = OpsU32; };
template <> struct OpsFor<float> { using type = OpsF32; };
template <> struct OpsFor<double> { using type = OpsF64; };
#else
template <class T> struct OpsFor { using type = ScalarOps<T>; };
#endif

// ---- forgetful selection ----------------------------------------------------

template <class Ops>
inline void compareSwap(typename Ops::V &a, typename Ops::V &b) {
  typename Ops::V lo = Ops::min(a, b);
  b = Ops::max(a, b);
  a = lo;
}

// Moves the minimum of w[0..k) to w[0] and the maximum to w[k-1], keeping
// the multiset of values.
template <class Ops>
inline void minMaxToEnds(typename Ops::V *w, int k) {
  const int half = k / 2;
  for (int i = 0; i < half; ++i) compareSwap<Ops>(w[i], w[k - 1 - i]);
  for (int i = 1; i < (k + 1) / 2; ++i) compareSwap<Ops>(w[0], w[i]);
  for (int i = half; i < k - 1; ++i) compareSwap<Ops>(w[i], w[k - 1]);
}

template <class Ops>
inline typename Ops::V median3(typename Ops::V a, typename Ops::V b, typename Ops::V c) {
  return Ops::max(Ops::min(a, b), Ops::min(Ops::max(a, b), c));
}

// Median of v[0..n) (n odd); w: scratch of (n + 3) / 2 values.
template <class Ops>
inline typename Ops::V forgetfulMedian(const typename Ops::V *v, int n, typename Ops::V *w) {
  int k = (n - 1) / 2 + 2;
  for (int i = 0; i < k; ++i) w[i] = v[i];
  for (int next = k; next < n; ++next) {
    minMaxToEnds<Ops>(w, k);
    w[0] = v[next];  // the minimum goes, the next value comes in
    --k;             // the maximum goes
  }
  return median3<Ops>(w[0], w[1], w[2]);
}

// Fully unrolled 27-value version (constant loop bounds let the compiler keep
// everything in registers).
template <class Ops>
__attribute__((always_inline)) inline typename Ops::V median27(const typename Ops::V *v) {
  typename Ops::V w[15];
#pragma clang loop unroll(full)
  for (int i = 0; i < 15; ++i) w[i] = v[i];
#pragma clang loop unroll(full)
  for (int next = 15; next < 27; ++next) {
    const int k = 15 - (next - 15);
    minMaxToEnds<Ops>(w, k);
    w[0] = v[next];
  }
  return median3<Ops>(w[0], w[1], w[2]);
}

// ---- sliding-window histogram median (8 / 16-bit integers, radius >= 2) ----
//
// Huang-style: the window slides along x, one (2R+1)^2 column leaves and one
// comes in; counts are kept at three levels (key >> 8, key >> 4, key) so the
// median is found by a short walk from the previous one.
template <class T>
class HistogramMedian {
 public:
  static constexpr unsigned kBits = sizeof(T) * 8;  // 8 or 16
  static constexpr unsigned kKeys = 1u << kBits;

  HistogramMedian() : fine_(kKeys, 0), mid_(kKeys >> 4, 0), coarse_((kKeys >> 8) + 1, 0) {}

  using U = typename std::make_unsigned<T>::type;
  static constexpr unsigned kSignBit = std::is_signed<T>::value ? 1u << (kBits - 1) : 0u;

  // order-preserving map onto [0, 2^bits) and back
  static unsigned key(T v) { return unsigned(U(v)) ^ kSignBit; }
  static T value(unsigned k) { return T(U(k ^ kSignBit)); }

  void add(unsigned k) {
    ++fine_[k];
    ++mid_[k >> 4];
    ++coarse_[k >> 8];
    if ((k >> 8) < c_) ++below_;
  }
  void remove(unsigned k) {
    --fine_[k];
    --mid_[k >> 4];
    --coarse_[k >> 8];
    if ((k >> 8) < c_) --below_;
  }
  // Key of the value with 0-based rank `rank`.
  unsigned select(unsigned rank) {
    while (below_ > rank) below_ -= coarse_[--c_];
    while (below_ + coarse_[c_] <= rank) below_ += coarse_[c_++];
    unsigned acc = below_;
    unsigned m = c_ << 4;
    while (acc + mid_[m] <= rank) acc += mid_[m++];
    unsigned f = m << 4;
    while (acc + fine_[f] <= rank) acc += fine_[f++];
    return f;
  }

 private:
  std::vector<uint32_t> fine_, mid_, coarse_;
  unsigned c_ = 0;      // current coarse bin
  unsigned below_ = 0;  // count of values in coarse bins < c_
};

// ---- the filter -------------------------------------------------------------

template <class T>
class MedianFilter {
 public:
  using Ops = typename OpsFor<T>::type;
  using V = typename Ops::V;
  static constexpr int L = Ops::L;
  enum class Method { Network27, Network, Histogram, NthElement };

  MedianFilter(const T *in, T *out, const Grid3 &grid, int radius)
      : in_(in), out_(out), nx_(grid.n[0]), ny_(grid.n[1]), nz_(grid.n[2]), r_(radius), window_(2 * radius + 1),
        n_(window_ * window_ * window_) {}

  void run() {
    Method method = Method::NthElement;
    if (r_ <= 1) method = Method::Network27;  // radius 0 handled in filterRow
    if constexpr (sizeof(T) <= 2 && std::is_integral<T>::value) {
      if (r_ >= 2) method = Method::Histogram;
    } else {
      if (r_ == 2 && L > 1) method = Method::Network;
    }
    const size_t blocks = (nx_ + L - 1) / L;
    stride_ = blocks * L + 2 * size_t(r_);
    // ring of padded z-slices: slot s holds slice loaded_[s]
    slots_.assign(size_t(window_), std::vector<T>());
    loaded_.assign(size_t(window_), -1);
    for (auto &slot : slots_) slot.resize(stride_ * ny_);
    rows_.resize(size_t(window_) * size_t(window_));
    values_.resize(size_t(n_));
    scratch_.resize(size_t(n_ + 3) / 2 + 1);
    nth_.resize(size_t(n_));
    for (size_t z = 0; z < nz_; ++z) {
      for (int dz = -r_; dz <= r_; ++dz) ensureSlice(itkwasm::clampIndex((long long)z + dz, (long long)nz_));
      for (size_t y = 0; y < ny_; ++y) {
        int ri = 0;
        for (int dz = -r_; dz <= r_; ++dz) {
          const long long zz = itkwasm::clampIndex((long long)z + dz, (long long)nz_);
          const T *slice = slots_[size_t(zz % window_)].data();
          for (int dy = -r_; dy <= r_; ++dy)
            rows_[size_t(ri++)] = slice + size_t(itkwasm::clampIndex((long long)y + dy, (long long)ny_)) * stride_;
        }
        // One call per row: WebAssembly engines only switch a function to
        // optimised code on its next call (no on-stack replacement).
        filterRow(method, out_ + (z * ny_ + y) * nx_);
      }
    }
  }

 private:
  __attribute__((noinline)) void filterRow(Method method, T *outRow) {
    switch (method) {
      case Method::Network27: rowNetwork(outRow); break;
      case Method::Network: rowNetwork(outRow); break;
      case Method::Histogram:
        if constexpr (sizeof(T) <= 2 && std::is_integral<T>::value) rowHistogram(outRow);
        break;
      case Method::NthElement: rowNthElement(outRow); break;
    }
  }

  // Padded row p holds x = p - r, so the window of x spans padded x .. x + 2r.
  void rowNetwork(T *outRow) {
    T tail[L];
    const T *const *rows = rows_.data();
    for (size_t x = 0; x < nx_; x += L) {
      V med;
      if (r_ == 1) {
        V v[27];
        for (int i = 0; i < 9; ++i) {
          const T *p = rows[i] + x;
          v[3 * i] = Ops::load(p);
          v[3 * i + 1] = Ops::load(p + 1);
          v[3 * i + 2] = Ops::load(p + 2);
        }
        med = median27<Ops>(v);
      } else if (r_ == 0) {
        med = Ops::load(rows[0] + x);
      } else {
        int vi = 0;
        for (int i = 0; i < window_ * window_; ++i)
          for (int dx = 0; dx < window_; ++dx) values_[size_t(vi++)] = Ops::load(rows[i] + x + dx);
        med = forgetfulMedian<Ops>(values_.data(), n_, scratch_.data());
      }
      if (x + L <= nx_) {
        Ops::store(outRow + x, med);
      } else {
        Ops::store(tail, med);
        std::memcpy(outRow + x, tail, (nx_ - x) * sizeof(T));
      }
    }
  }

  void rowHistogram(T *outRow) {
    using H = HistogramMedian<T>;
    const unsigned rank = unsigned(n_ - 1) / 2;
    const size_t w = size_t(window_);
    for (size_t p = 0; p < w; ++p)
      for (const T *row : rows_) hist_.add(H::key(row[p]));
    for (size_t x = 0;; ++x) {
      outRow[x] = H::value(hist_.select(rank));
      if (x + 1 == nx_) break;
      for (const T *row : rows_) {
        hist_.remove(H::key(row[x]));
        hist_.add(H::key(row[x + w]));
      }
    }
    for (size_t p = nx_ - 1; p < nx_ - 1 + w; ++p)
      for (const T *row : rows_) hist_.remove(H::key(row[p]));
  }

  void rowNthElement(T *outRow) {
    const size_t n = size_t(n_);
    for (size_t x = 0; x < nx_; ++x) {
      size_t vi = 0;
      for (const T *row : rows_)
        for (int dx = 0; dx < window_; ++dx) nth_[vi++] = row[x + size_t(dx)];
      std::nth_element(nth_.begin(), nth_.begin() + long(n / 2), nth_.end(), [](T a, T b) { return a < b; });
      outRow[x] = nth_[n / 2];
    }
  }

  // Loads slice z into its ring slot, padded by r (replicated) on both sides
  // in x and up to the SIMD block size on the right.
  void ensureSlice(long long z) {
    const size_t slot = size_t(z % window_);
    if (loaded_[slot] == z) return;
    loaded_[slot] = z;
    T *dst = slots_[slot].data();
    for (size_t y = 0; y < ny_; ++y) {
      const T *src = in_ + (size_t(z) * ny_ + y) * nx_;
      T *row = dst + y * stride_;
      for (int i = 0; i < r_; ++i) row[i] = src[0];
      std::memcpy(row + r_, src, nx_ * sizeof(T));
      for (size_t i = size_t(r_) + nx_; i < stride_; ++i) row[i] = src[nx_ - 1];
    }
  }

  struct NoHistogram {};
  using Histogram = typename std::conditional<(sizeof(T) <= 2 && std::is_integral<T>::value), HistogramMedian<T>,
                                              NoHistogram>::type;

  const T *in_;
  T *out_;
  size_t nx_, ny_, nz_;
  int r_, window_, n_;
  size_t stride_ = 0;
  std::vector<std::vector<T>> slots_;
  std::vector<long long> loaded_;
  std::vector<const T *> rows_;
  std::vector<V> values_, scratch_;
  std::vector<T> nth_;
  Histogram hist_;
};

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("median-filter",
                             "3-D box median filter over (2R+1)^3 voxels; the border is handled by replicating the "
                             "edge voxels. The output has the input's component type and geometry.",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The median filtered image");
  pipeline.addParameter("radius", "INT", "Box radius in voxels along each axis", "1");
  ITK_WASM_PARSE(pipeline);

  const long long radius = pipeline.intValue("radius");
  if (radius < 0 || radius > 50)
    return pipeline.fail(itkwasm::kValidationError, "--radius: %lld is outside [0, 50]", radius);

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;

  Image output = input.cloneGeometry();
  if (!output.allocate()) return pipeline.fail(itkwasm::kProcessingError, "median-filter: out of memory");
  if (grid.voxels() > 0) {
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      using T = decltype(tag);
      MedianFilter<T> filter(input.dataAs<T>(), output.dataAs<T>(), grid, int(radius));
      filter.run();
    });
  }
  return pipeline.writeImage("output", output);
}
