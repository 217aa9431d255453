// Thresholds given as numbers (double, e.g. HU) as the pixel type's own
// bounds: ITK's threshold filters take InputPixelType limits, and a plain
// cast would move them (-100.5 -> -100 on int16 would admit -100.5 < v).
// For every pixel value v of type T: lower <= v <= upper exactly when
// lo <= v <= hi.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

namespace itkwasm {

// False when no value of T lies in [lower, upper].
template <class T>
bool thresholdRange(double lower, double upper, T &lo, T &hi) {
  if (!(lower <= upper)) return false;
  if constexpr (std::is_floating_point<T>::value) {
    T l = T(lower), h = T(upper);
    if (double(l) < lower) l = std::nextafter(l, std::numeric_limits<T>::infinity());
    if (double(h) > upper) h = std::nextafter(h, -std::numeric_limits<T>::infinity());
    if (!(l <= h)) return false;
    lo = l;
    hi = h;
    return true;
  } else {
    // 2^digits is max() + 1, exactly representable as a double.
    const double beyondMax = std::ldexp(1.0, std::numeric_limits<T>::digits);
    const double min = double(std::numeric_limits<T>::min());
    const double l = std::ceil(lower), h = std::floor(upper);
    if (l >= beyondMax || h < min || l > h) return false;
    lo = l <= min ? std::numeric_limits<T>::min() : T(l);
    hi = h >= beyondMax ? std::numeric_limits<T>::max() : T(h);
    return true;
  }
}

}  // namespace itkwasm
