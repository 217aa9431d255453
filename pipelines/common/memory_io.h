// itk-wasm pipeline ABI: the memory store shared by JavaScript and C++.
//
// JavaScript (itk-wasm's runPipelineEmscripten) fills the *input* side before
// callMain():
//   ptr = itk_wasm_input_array_alloc(0, inputIndex, subIndex, byteLength)
//         then HEAPU8.set(bytes, ptr)      (image: subIndex 0 = pixels, 1 = direction)
//   ptr = itk_wasm_input_json_alloc(0, inputIndex, byteLengthIncludingNul)
//         then stringToUTF8(JSON.stringify(obj), ptr, len)
// and reads the *output* side after callMain() returned 0:
//   UTF8ToString(itk_wasm_output_json_address(0, outputIndex))
//   itk_wasm_output_array_address / _size(0, outputIndex, subIndex)
//
// Lifetime: input buffers are released when a pipeline run finishes
// (Pipeline destructor); output buffers live until the next run starts, so
// JavaScript can copy them out after callMain(). itk_wasm_free_all() drops
// everything. The module (cached per pipeline in itk-wasm's worker) can thus
// be run any number of times without leaking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#if defined(__EMSCRIPTEN__)
#include <emscripten/em_macros.h>
#else
#define EMSCRIPTEN_KEEPALIVE
#endif

extern "C" {
EMSCRIPTEN_KEEPALIVE size_t itk_wasm_input_array_alloc(uint32_t memoryIndex, uint32_t index, uint32_t subIndex, size_t size);
EMSCRIPTEN_KEEPALIVE size_t itk_wasm_input_json_alloc(uint32_t memoryIndex, uint32_t index, size_t size);
EMSCRIPTEN_KEEPALIVE size_t itk_wasm_output_json_address(uint32_t memoryIndex, uint32_t index);
EMSCRIPTEN_KEEPALIVE size_t itk_wasm_output_json_size(uint32_t memoryIndex, uint32_t index);
EMSCRIPTEN_KEEPALIVE size_t itk_wasm_output_array_address(uint32_t memoryIndex, uint32_t index, uint32_t subIndex);
EMSCRIPTEN_KEEPALIVE size_t itk_wasm_output_array_size(uint32_t memoryIndex, uint32_t index, uint32_t subIndex);
EMSCRIPTEN_KEEPALIVE void itk_wasm_free_all();
}

namespace itkwasm {
namespace memory {

// How a block's memory is given back: std::free for what malloc returned, a
// typed delete[] for a buffer ITK allocated (itk::ImportImageContainer uses new[]).
using ReleaseFunction = void (*)(void *);

struct Block {
  void *ptr = nullptr;
  size_t size = 0;
  ReleaseFunction release = std::free;
};

// Input JSON text of input `index` (nullptr when JavaScript set none).
const char *inputJson(uint32_t index, size_t *length);
// The input array block (index, subIndex) that contains address `address`
// (address 0 or an unknown address gives a null block).
Block inputArrayAt(uint32_t index, size_t address);

// Takes ownership of `ptr` (given back with `release`); replaces an earlier output.
void setOutputArray(uint32_t index, uint32_t subIndex, void *ptr, size_t size, ReleaseFunction release = std::free);
void setOutputJson(uint32_t index, const std::string &json);

void freeInputs();
void freeOutputs();

// How an image's JSON names its arrays in the store:
// "data:application/vnd.itk.address,0:<address>".
std::string addressString(const void *ptr);
// The address in such a string; false for anything else.
bool parseAddress(const std::string &text, size_t &address);

}  // namespace memory
}  // namespace itkwasm
