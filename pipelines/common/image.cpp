#include "image.h"

namespace itkwasm {

namespace {
struct TypeInfo {
  ComponentType type;
  const char *name;
  size_t size;
};
const TypeInfo kTypes[] = {
    {ComponentType::Int8, "int8", 1},     {ComponentType::UInt8, "uint8", 1},
    {ComponentType::Int16, "int16", 2},   {ComponentType::UInt16, "uint16", 2},
    {ComponentType::Int32, "int32", 4},   {ComponentType::UInt32, "uint32", 4},
    {ComponentType::Int64, "int64", 8},   {ComponentType::UInt64, "uint64", 8},
    {ComponentType::Float32, "float32", 4}, {ComponentType::Float64, "float64", 8},
};
}  // namespace

const char *componentTypeName(ComponentType type) {
  for (const auto &t : kTypes)
    if (t.type == type) return t.name;
  return "unknown";
}

size_t componentTypeSize(ComponentType type) {
  for (const auto &t : kTypes)
    if (t.type == type) return t.size;
  return 0;
}

bool parseComponentType(const std::string &name, ComponentType &type) {
  for (const auto &t : kTypes) {
    if (name == t.name) {
      type = t.type;
      return true;
    }
  }
  return false;
}

Image &Image::operator=(Image &&other) noexcept {
  if (this == &other) return *this;
  reset();
  dimension = other.dimension;
  componentType = other.componentType;
  pixelType = std::move(other.pixelType);
  components = other.components;
  name = std::move(other.name);
  origin = std::move(other.origin);
  spacing = std::move(other.spacing);
  direction = std::move(other.direction);
  size = std::move(other.size);
  metadata = std::move(other.metadata);
  data_ = other.data_;
  owns_ = other.owns_;
  release_ = other.release_;
  other.data_ = nullptr;
  other.owns_ = false;
  other.release_ = std::free;
  return *this;
}

size_t Image::numberOfPixels() const {
  size_t n = 1;
  for (size_t s : size) n *= s;
  return n;
}

bool Image::allocate() {
  reset();
  size_t bytes = byteLength();
  data_ = std::malloc(bytes > 0 ? bytes : 1);
  owns_ = data_ != nullptr;
  return data_ != nullptr;
}

Image Image::cloneGeometry() const {
  Image out;
  out.dimension = dimension;
  out.componentType = componentType;
  out.pixelType = pixelType;
  out.components = components;
  out.name = name;
  out.origin = origin;
  out.spacing = spacing;
  out.direction = direction;
  out.size = size;
  out.metadata = metadata;
  return out;
}

}  // namespace itkwasm
