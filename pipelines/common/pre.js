// --pre-js of every pipeline: the module hooks itk-wasm's runPipeline* use
// (resetModuleStdout/Stderr, getModuleStdout/Stderr), as the packaged
// @itk-wasm pipelines define them: everything the C++ side prints is both
// logged and captured for the RunPipelineResult's stdout / stderr.
var itkWasmStdout = '';
var itkWasmStderr = '';
Module['resetModuleStdout'] = function () { itkWasmStdout = ''; };
Module['resetModuleStderr'] = function () { itkWasmStderr = ''; };
Module['getModuleStdout'] = function () { return itkWasmStdout; };
Module['getModuleStderr'] = function () { return itkWasmStderr; };
Module['print'] = function (text) { console.log(text); itkWasmStdout += text + '\n'; };
Module['printErr'] = function (text) { console.error(text); itkWasmStderr += text + '\n'; };
// main() returning (any value) must neither set process.exitCode nor exit the
// Node process: the module stays alive and callMain() returns the status.
Module['quit'] = function (status, toThrow) { throw toThrow; };
