// Scalar N-D image as exchanged through the itk-wasm pipeline ABI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "json.h"

namespace itkwasm {

enum class ComponentType { Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64 };

const char *componentTypeName(ComponentType type);
size_t componentTypeSize(ComponentType type);
bool parseComponentType(const std::string &name, ComponentType &type);

template <class T> struct ComponentTypeOf;
template <> struct ComponentTypeOf<int8_t> { static constexpr ComponentType value = ComponentType::Int8; };
template <> struct ComponentTypeOf<uint8_t> { static constexpr ComponentType value = ComponentType::UInt8; };
template <> struct ComponentTypeOf<int16_t> { static constexpr ComponentType value = ComponentType::Int16; };
template <> struct ComponentTypeOf<uint16_t> { static constexpr ComponentType value = ComponentType::UInt16; };
template <> struct ComponentTypeOf<int32_t> { static constexpr ComponentType value = ComponentType::Int32; };
template <> struct ComponentTypeOf<uint32_t> { static constexpr ComponentType value = ComponentType::UInt32; };
template <> struct ComponentTypeOf<int64_t> { static constexpr ComponentType value = ComponentType::Int64; };
template <> struct ComponentTypeOf<uint64_t> { static constexpr ComponentType value = ComponentType::UInt64; };
template <> struct ComponentTypeOf<float> { static constexpr ComponentType value = ComponentType::Float32; };
template <> struct ComponentTypeOf<double> { static constexpr ComponentType value = ComponentType::Float64; };

// Calls f(T{}) with T the C++ type of `type`.
template <class F>
void dispatchComponentType(ComponentType type, F &&f) {
  switch (type) {
    case ComponentType::Int8: f(int8_t{}); break;
    case ComponentType::UInt8: f(uint8_t{}); break;
    case ComponentType::Int16: f(int16_t{}); break;
    case ComponentType::UInt16: f(uint16_t{}); break;
    case ComponentType::Int32: f(int32_t{}); break;
    case ComponentType::UInt32: f(uint32_t{}); break;
    case ComponentType::Int64: f(int64_t{}); break;
    case ComponentType::UInt64: f(uint64_t{}); break;
    case ComponentType::Float32: f(float{}); break;
    case ComponentType::Float64: f(double{}); break;
  }
}

class Image {
 public:
  unsigned dimension = 3;
  ComponentType componentType = ComponentType::Float32;
  std::string pixelType = "Scalar";
  unsigned components = 1;
  std::string name = "Image";
  std::vector<double> origin;     // dimension
  std::vector<double> spacing;    // dimension
  std::vector<double> direction;  // dimension x dimension, row-major like itk::Matrix
  std::vector<size_t> size;       // dimension
  json::Value metadata = json::Value::array();  // [[key, value], ...]

  Image() = default;
  Image(const Image &) = delete;
  Image &operator=(const Image &) = delete;
  Image(Image &&other) noexcept { *this = std::move(other); }
  Image &operator=(Image &&other) noexcept;
  ~Image() { reset(); }

  size_t numberOfPixels() const;
  size_t byteLength() const { return numberOfPixels() * components * componentTypeSize(componentType); }

  void *data() const { return data_; }
  template <class T> T *dataAs() const { return static_cast<T *>(data_); }

  // View onto memory owned by someone else (the ABI's input store).
  void setExternalData(void *ptr) { reset(); data_ = ptr; owns_ = false; }
  // malloc byteLength() bytes; false when out of memory.
  bool allocate();
  // Takes ownership of `ptr`, given back later with `releaseFunction` (an ITK
  // filter's output buffer, allocated with new[]).
  void adopt(void *ptr, void (*releaseFunction)(void *)) { reset(); data_ = ptr; owns_ = true; release_ = releaseFunction; }
  // Hands the owned buffer to the caller, who gives it back with *how
  // (std::free unless adopt() said otherwise); nullptr when not owned.
  void *release(void (**how)(void *) = nullptr) {
    void *p = owns_ ? data_ : nullptr;
    if (how != nullptr) *how = release_;
    data_ = nullptr;
    owns_ = false;
    release_ = std::free;
    return p;
  }

  // Same geometry, name and metadata; no pixel buffer.
  Image cloneGeometry() const;

 private:
  void reset() {
    if (owns_) release_(data_);
    data_ = nullptr;
    owns_ = false;
    release_ = std::free;
  }
  void *data_ = nullptr;
  bool owns_ = false;
  void (*release_)(void *) = std::free;
};

}  // namespace itkwasm
