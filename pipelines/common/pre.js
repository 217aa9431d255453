// --pre-js of every pipeline: the module hooks itk-wasm's runPipeline* use
// (resetModuleStdout/Stderr, getModuleStdout/Stderr). Everything the C++ side
// prints is captured for the RunPipelineResult's stdout / stderr: it belongs
// to the caller, which shows or parses it, so it is not echoed to the console
// (the packaged @itk-wasm pipelines echo it too, e.g. every --interface-json).
var itkWasmStdout = '';
var itkWasmStderr = '';
Module['resetModuleStdout'] = function () { itkWasmStdout = ''; };
Module['resetModuleStderr'] = function () { itkWasmStderr = ''; };
Module['getModuleStdout'] = function () { return itkWasmStdout; };
Module['getModuleStderr'] = function () { return itkWasmStderr; };
Module['print'] = function (text) { itkWasmStdout += text + '\n'; };
Module['printErr'] = function (text) { itkWasmStderr += text + '\n'; };
// main() returning (any value) must neither set process.exitCode nor exit the
// Node process: the module stays alive and callMain() returns the status.
Module['quit'] = function (status, toThrow) { throw toThrow; };
