/*
 * The one routine that starts Python for the tools: used by the hosted site's worker
 * (wizard-worker.mjs), the offline copy's engine (wizard-file-engine.js) and the Pyodide tests
 * under Node (tests/node/run_in_pyodide.mjs), so all three start our package the same way.
 *
 *   startWizardPython(loadPyodide, where) -> Promise<{pyodide, handle}>
 *     loadPyodide  Pyodide's own function (from pyodide.mjs, the classic pyodide.js, or npm).
 *     where        where the runtime and our package come from, given to loadPyodide as it is:
 *                  indexURL (the runtime's folder), packageBaseUrl (our wheel's folder), our lock
 *                  file as lockFileURL or lockFileContents (it holds the wheel's sha256), and, for
 *                  the offline copy, createPyodideModule. Leave out what the caller does not set.
 *     handle       handle(text) -> text: one JSON request to wizard.web.handle, its JSON answer.
 *     load         load(names) -> Promise: loads packages of our lock file that a request needs
 *                  (rejects if any did not load).
 *   Rejects if the runtime cannot start or our package cannot be loaded or imported.
 *
 * Why a plain script that sets a global, and not an ES module: the offline copy runs on file://
 * pages, where browsers refuse import() and module scripts, so it must load this as a classic
 * <script> (allowed by the Content-Security-Policy as 'self'). A file with no import or export
 * is also a valid ES module, so the module worker and Node load the very same bytes with
 * `import "./wizard-python.js"`; no build step rewrites it. Keep it free of import/export, of
 * top-level `this` and of anything that needs sloppy mode (tests/site/test_offline_build.py
 * checks that it parses as a classic script).
 */
(function () {
  "use strict";

  // Packages of our lock file that a request needs (a response's "needs", such as openpyxl for a
  // workbook), fetched with the lock's sha256 as loadPackage does for ours. loadPackage resolves
  // even when a package fails (a hash mismatch, a missing file), so what was loaded is checked.
  function loadLibraries(pyodide, names) {
    var failures = [];
    return pyodide.loadPackage(names, {
      messageCallback: function () {},
      errorCallback: function (message) { failures.push(message); },
    }).then(function () {
      var missing = names.filter(function (name) { return !(name in pyodide.loadedPackages); });
      if (failures.length || missing.length) {
        throw new Error("could not load " + missing.concat(failures).join("; "));
      }
    });
  }

  globalThis.startWizardPython = function (loadPyodide, where) {
    var settings = Object.assign({}, where, {
      stdout: function () {},
      stderr: function (line) { console.warn("[python]", line); },
    });
    return loadPyodide(settings).then(function (pyodide) {
      // loadPackage asks for the wheel with the sha256 in our lock file as the fetch's integrity:
      // the browser checks it (the offline copy's fetch shim checks it itself). Under Node,
      // Pyodide reads the file from disk and checks nothing.
      return pyodide.loadPackage("wizard", { messageCallback: function () {} }).then(function () {
        var web = pyodide.pyimport("wizard.web");
        return {
          pyodide: pyodide,
          handle: function (text) { return web.handle(text); },
          load: function (names) { return loadLibraries(pyodide, names); },
        };
      });
    });
  };
})();
