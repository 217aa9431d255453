#include "memory_io.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <utility>

namespace {

constexpr const char *kAddressPrefix = "data:application/vnd.itk.address,0:";

using Key = std::pair<uint32_t, uint32_t>;  // (index, subIndex)
using Store = std::map<Key, itkwasm::memory::Block>;

// Function-local statics: no static-initialisation-order issues, and
// JavaScript may call the allocators before main() ever ran.
Store &inputArrays() { static Store s; return s; }
Store &inputJsons() { static Store s; return s; }
Store &outputArrays() { static Store s; return s; }
Store &outputJsons() { static Store s; return s; }

void clear(Store &store) {
  for (auto &entry : store) entry.second.release(entry.second.ptr);
  store.clear();
}

size_t allocate(Store &store, Key key, size_t size) {
  auto it = store.find(key);
  if (it != store.end()) {
    it->second.release(it->second.ptr);
    store.erase(it);
  }
  // malloc(0) may return 0, which JavaScript would read as "no array".
  void *ptr = std::malloc(size > 0 ? size : 1);
  if (ptr == nullptr) return 0;
  store[key] = itkwasm::memory::Block{ptr, size};
  return reinterpret_cast<size_t>(ptr);
}

void set(Store &store, Key key, void *ptr, size_t size, itkwasm::memory::ReleaseFunction release = std::free) {
  auto it = store.find(key);
  if (it != store.end()) {
    if (it->second.ptr != ptr) it->second.release(it->second.ptr);
    store.erase(it);
  }
  store[key] = itkwasm::memory::Block{ptr, size, release};
}

itkwasm::memory::Block find(Store &store, Key key) {
  auto it = store.find(key);
  return it == store.end() ? itkwasm::memory::Block{} : it->second;
}

}  // namespace

extern "C" {

size_t itk_wasm_input_array_alloc(uint32_t /*memoryIndex*/, uint32_t index, uint32_t subIndex, size_t size) {
  return allocate(inputArrays(), Key{index, subIndex}, size);
}

size_t itk_wasm_input_json_alloc(uint32_t /*memoryIndex*/, uint32_t index, size_t size) {
  size_t address = allocate(inputJsons(), Key{index, 0}, size);
  if (address != 0 && size > 0) std::memset(reinterpret_cast<void *>(address), 0, size);
  return address;
}

size_t itk_wasm_output_json_address(uint32_t /*memoryIndex*/, uint32_t index) {
  return reinterpret_cast<size_t>(find(outputJsons(), Key{index, 0}).ptr);
}

size_t itk_wasm_output_json_size(uint32_t /*memoryIndex*/, uint32_t index) {
  itkwasm::memory::Block block = find(outputJsons(), Key{index, 0});
  return block.size > 0 ? block.size - 1 : 0;  // without the terminating NUL
}

size_t itk_wasm_output_array_address(uint32_t /*memoryIndex*/, uint32_t index, uint32_t subIndex) {
  return reinterpret_cast<size_t>(find(outputArrays(), Key{index, subIndex}).ptr);
}

size_t itk_wasm_output_array_size(uint32_t /*memoryIndex*/, uint32_t index, uint32_t subIndex) {
  return find(outputArrays(), Key{index, subIndex}).size;
}

void itk_wasm_free_all() {
  itkwasm::memory::freeInputs();
  itkwasm::memory::freeOutputs();
}

}  // extern "C"

namespace itkwasm {
namespace memory {

const char *inputJson(uint32_t index, size_t *length) {
  Block block = find(inputJsons(), Key{index, 0});
  if (block.ptr == nullptr) return nullptr;
  const char *text = static_cast<const char *>(block.ptr);
  if (length) *length = strnlen(text, block.size);
  return text;
}

Block inputArrayAt(uint32_t index, size_t address) {
  if (address == 0) return Block{};
  for (const auto &entry : inputArrays()) {
    if (entry.first.first == index && reinterpret_cast<size_t>(entry.second.ptr) == address) return entry.second;
  }
  return Block{};
}

void setOutputArray(uint32_t index, uint32_t subIndex, void *ptr, size_t size, ReleaseFunction release) {
  set(outputArrays(), Key{index, subIndex}, ptr, size, release);
}

void setOutputJson(uint32_t index, const std::string &json) {
  char *text = static_cast<char *>(std::malloc(json.size() + 1));
  if (text == nullptr) return;
  std::memcpy(text, json.c_str(), json.size() + 1);
  set(outputJsons(), Key{index, 0}, text, json.size() + 1);
}

void freeInputs() {
  clear(inputArrays());
  clear(inputJsons());
}

void freeOutputs() {
  clear(outputArrays());
  clear(outputJsons());
}

std::string addressString(const void *ptr) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%zu", kAddressPrefix, reinterpret_cast<size_t>(ptr));
  return buf;
}

bool parseAddress(const std::string &s, size_t &address) {
  size_t colon = s.rfind(':');
  if (s.compare(0, std::strlen(kAddressPrefix), kAddressPrefix) != 0 || colon == std::string::npos) return false;
  char *end = nullptr;
  unsigned long long a = std::strtoull(s.c_str() + colon + 1, &end, 10);
  if (end == nullptr || *end != '\0') return false;
  address = size_t(a);
  return true;
}

}  // namespace memory
}  // namespace itkwasm
