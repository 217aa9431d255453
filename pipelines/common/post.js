// --post-js of every pipeline: the filesystem helpers itk-wasm's
// runPipeline* call on a pipeline module (fs_* for TextFile / BinaryFile
// inputs and outputs, mountDir / unmountDir for runPipelineNode's mountDirs),
// with the same behaviour as in the packaged @itk-wasm pipelines.
Module['mountContainingDir'] = function (filePath) {
  if (!ENVIRONMENT_IS_NODE) return;
  var path = require('path');
  var containingDir = path.dirname(filePath);
  if (containingDir === '/') throw new Error('Cannot mount root directory');
  var currentDir = '/';
  var parts = containingDir.split(path.sep);
  for (var ii = 1; ii < parts.length; ii++) {
    currentDir += parts[ii];
    if (!FS.analyzePath(currentDir).exists) FS.mkdir(currentDir);
    currentDir += '/';
  }
  FS.mount(NODEFS, { root: containingDir }, currentDir);
  return currentDir + path.basename(filePath);
};
Module['unmountContainingDir'] = function (filePath) {
  if (!ENVIRONMENT_IS_NODE) return;
  var path = require('path');
  FS.unmount(path.dirname(filePath));
};
Module['mountDir'] = function (dir) {
  if (!ENVIRONMENT_IS_NODE) return;
  if (dir === '/') throw new Error('Cannot mount root directory');
  var path = require('path');
  var currentDir = '/';
  var parts = dir.split(path.sep);
  for (var ii = 1; ii < parts.length; ii++) {
    currentDir += parts[ii];
    if (!FS.analyzePath(currentDir).exists) FS.mkdir(currentDir);
    currentDir += '/';
  }
  FS.mount(NODEFS, { root: dir }, currentDir);
  return currentDir;
};
Module['unmountDir'] = function (dir) {
  if (!ENVIRONMENT_IS_NODE) return;
  FS.unmount(dir);
};
Module['fs_mkdirs'] = function (dirs) {
  var currentDir = '/';
  var parts = dirs.split('/');
  for (var ii = 1; ii < parts.length; ++ii) {
    currentDir += parts[ii];
    if (!FS.analyzePath(currentDir).exists) FS.mkdir(currentDir);
    currentDir += '/';
  }
};
Module['fs_readFile'] = function (path, opts) { return FS.readFile(path, opts); };
Module['fs_writeFile'] = function (path, data, opts) { return FS.writeFile(path, data, opts); };
Module['fs_unlink'] = function (path) { return FS.unlink(path); };
Module['fs_open'] = function (path, flags, mode) { return FS.open(path, flags, mode); };
Module['fs_stat'] = function (path) { return FS.stat(path); };
Module['fs_read'] = function (stream, buffer, offset, length, position) {
  return FS.read(stream, buffer, offset, length, position);
};
Module['fs_close'] = function (stream) { return FS.close(stream); };
