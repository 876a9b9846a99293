/*
 * The offline copy's worker. tools/offline.py builds the worker's code as one classic script:
 * this file first, then Pyodide's classic loader (pyodide.js), the patched Emscripten module
 * (pyodide.asm.js) and the shared start-up routine (wizard-python.js). The page
 * (wizard-file-engine.js) starts it from a blob: address and sends "init" with the runtime's
 * files as embedded in the copy:
 *
 *   {id, type: "init", bundleURL, files: {name: Uint8Array}, lock: <our pyodide-lock.json>}
 *
 * then the same protocol as the hosted worker (serveWizardPython in wizard-python.js), where a
 * "load" message also carries the library wheels it may need ({files: {name: Uint8Array}}). The
 * runtime's own requests for files under bundleURL (the wasm, the standard library, and any
 * package Pyodide is asked to load) are answered from those files, checked against the sha256
 * Pyodide asks for; nothing is fetched.
 */
(function () {
  "use strict";

  // Pyodide refuses to start in a classic worker, which it recognises by importScripts working.
  // This worker never imports a script (all its code is in this one file), so it has none.
  self.importScripts = function () {
    throw new Error("this worker imports no scripts");
  };

  function sha256Matches(bytes, integrity) {
    // Pyodide passes "sha256-<base64>" for packages named in the lock file.
    if (!integrity) return Promise.resolve(true);
    if (!(self.crypto && crypto.subtle)) return Promise.resolve(false);
    return crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
      return "sha256-" + btoa(String.fromCharCode.apply(null, new Uint8Array(digest))) === integrity;
    });
  }

  function serveFiles(bundleURL, files) {
    var realFetch = self.fetch.bind(self);
    self.fetch = function (input, init) {
      var url = typeof input === "string" ? input : (input && input.url) || String(input);
      if (url.indexOf(bundleURL) !== 0) return realFetch(input, init);
      var name = url.slice(bundleURL.length).split(/[?#]/)[0];
      if (!(name in files)) return Promise.resolve(new Response("", { status: 404 }));
      var bytes = files[name];
      return sha256Matches(bytes, init && init.integrity).then(function (ok) {
        if (!ok) throw new TypeError("integrity check failed for " + name);
        var type = /\.wasm$/.test(name) ? "application/wasm" : "application/octet-stream";
        return new Response(bytes, { status: 200, headers: { "Content-Type": type } });
      });
    };
  }

  var files = {}; // every file handed over so far, by name

  function start(message) {
    serveFiles(message.bundleURL, files);
    self.__pyodideAsmURL = message.bundleURL + "pyodide.asm.js"; // (read by the patched module)
    return self.startWizardPython(
      self.loadPyodide,
      { indexURL: message.bundleURL, packageBaseUrl: message.bundleURL, createPyodideModule: self._createPyodideModule },
      {
        lock: message.lock,
        wheel: function (entry) {
          if (!(entry.file_name in files)) throw new Error(entry.file_name + " is not in this copy");
          return files[entry.file_name];
        },
      }
    );
  }

  // The rest of the code (wizard-python.js among it) is in this same script, after this file, so
  // by the time a message arrives it has all run.
  var protocol = null;
  self.onmessage = function (event) {
    if (!protocol) {
      protocol = { postMessage: function (reply) { self.postMessage(reply); } };
      self.serveWizardPython(protocol, start);
    }
    if (event.data.files) Object.assign(files, event.data.files); // ("init" and "load" carry files)
    protocol.onmessage(event);
  };
})();
