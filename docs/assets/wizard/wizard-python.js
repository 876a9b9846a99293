/*
 * The one routine that starts Python for the tools: used by the hosted site's worker
 * (wizard-worker.mjs), the offline copy's worker (wizard-file-worker.js) and the Pyodide tests
 * under Node (tests/node/run_in_pyodide.mjs), so all three start our package the same way.
 *
 *   startWizardPython(loadPyodide, runtime, ourPackage) -> Promise<{pyodide, handle, load}>
 *     loadPyodide  Pyodide's own function (from pyodide.mjs, the classic pyodide.js, or npm), or a
 *                  promise of it (the hosted worker imports the runtime while our wheel downloads).
 *     runtime      settings given to loadPyodide as they are: indexURL (the runtime's folder),
 *                  packageBaseUrl (our wheel's folder), stdLibURL if the standard library has
 *                  another name, createPyodideModule for the offline copy. Our lock file is added
 *                  as lockFileContents, so Pyodide's own loadPackage knows its entries.
 *     ourPackage   {lock, wheel, checksIntegrity}:
 *                    lock   our pyodide-lock.json, parsed (or a promise of it);
 *                    wheel  function (entry) -> promise of the wheel's bytes (ArrayBuffer or
 *                           Uint8Array), where entry is the lock's entry for our package: the file
 *                           is entry.file_name, never a name written here. It is called as soon as
 *                           the lock is known, so the wheel downloads while the runtime starts;
 *                    checksIntegrity  true if wheel() itself checks entry.sha256 (a fetch with
 *                           its integrity option): then a context without Web Crypto (a page on
 *                           plain http from another machine) may still start.
 *     handle       handle(text) -> text: one JSON request to wizard.web.handle, its JSON answer.
 *     load         load(names) -> Promise: loads packages of our lock file that a request needs
 *                  (a response's "needs", such as openpyxl for a workbook); rejects if any did
 *                  not load.
 *   Rejects with an Error whose message is plain words for the page ("the tool's files did not
 *   arrive intact"), never a traceback; the technical cause goes to console.warn for developers.
 *
 * Our wheel is installed without pyodide.loadPackage: its installer imports tarfile and
 * importlib.metadata (and through it email), about a tenth of a second of start-up, and it
 * resolves even when a package fails (it only calls errorCallback), so a refused wheel used to
 * surface later as a Python traceback. Here the wheel's bytes are checked against the lock's
 * sha256 with Web Crypto before anything is unpacked, then pyodide.unpackArchive extracts it into
 * site-packages (where its bytecode's file names point, so tracebacks name the right files) with
 * modules the runtime has already imported. Only that folder's import cache is refreshed:
 * importlib.invalidate_caches() would import importlib.metadata again.
 *
 *   serveWizardPython(scope, start)   (for the two workers)
 *     Answers the worker protocol on scope (the worker's global): {id, type: "init", ...} calls
 *     start(message) -> promise of startWizardPython's result; {id, type: "call", request} calls
 *     handle; {id, type: "load", packages: ["openpyxl"]} calls load. Replies {id, ok: true,
 *     result} or {id, ok: false, error}. Only strings cross.
 *
 * Why a plain script that sets globals, and not an ES module: the offline copy runs on file://
 * pages, where browsers refuse import() and module workers, so its worker is a classic script
 * built from this file's text (tools/offline.py). A file with no import or export is also a valid
 * ES module, so the module worker and Node load the very same bytes with
 * `import "./wizard-python.js"`. Keep it free of import/export, of top-level `this` and of
 * anything that needs sloppy mode (tests/site/test_offline_build.py checks that it parses as a
 * classic script).
 */
(function () {
  "use strict";

  var PACKAGE = "wizard";

  /** An Error for the page: `plain` is shown to the person, `cause` is logged for developers. */
  function startError(plain, cause) {
    if (cause !== undefined) console.warn("[wizard start-up] " + plain + ":", cause);
    var error = new Error(plain);
    error.plain = true;
    return error;
  }

  function plainly(plain) {
    return function (cause) {
      throw cause && cause.plain ? cause : startError(plain, cause);
    };
  }

  function hex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (byte) { return (byte < 16 ? "0" : "") + byte.toString(16); })
      .join("");
  }

  /** The wheel's bytes, once they match the lock's sha256 (rejects with a plain Error if not). */
  function checkedWheel(ourPackage, entry) {
    return Promise.resolve(ourPackage.wheel(entry))
      .then(function (bytes) {
        // A plain Uint8Array over the same memory (Node's Buffer is a subclass Pyodide refuses).
        return ArrayBuffer.isView(bytes)
          ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
          : new Uint8Array(bytes);
      }, plainly("the tool's files could not be fetched"))
      .then(function (bytes) {
        var subtle = globalThis.crypto && globalThis.crypto.subtle;
        if (!subtle) {
          if (ourPackage.checksIntegrity) return bytes;
          throw startError("this browser cannot check the tool's files here (it needs a secure address)");
        }
        return subtle.digest("SHA-256", bytes).then(function (digest) {
          if (hex(digest) !== String(entry.sha256).toLowerCase()) {
            throw startError("the tool's files did not arrive intact",
              entry.file_name + ": sha256 " + hex(digest) + ", the lock file says " + entry.sha256);
          }
          return bytes;
        });
      });
  }

  // Packages of our lock file that a request needs (a response's "needs", such as openpyxl for a
  // workbook), fetched with the lock's sha256 as Pyodide's integrity check. loadPackage resolves
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

  /** Unpack the wheel into site-packages and make the import system see it. */
  function install(pyodide, bytes) {
    var site = pyodide.pyimport("site");
    var sys = pyodide.pyimport("sys");
    try {
      var folders = site.getsitepackages();
      var sitePackages = folders.get(0);
      folders.destroy();
      pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
      // The folder's finder caches its listing; a fresh listing shows the new package.
      var finders = sys.path_importer_cache;
      var finder = finders.get(sitePackages);
      finders.destroy();
      if (finder) {
        finder.invalidate_caches();
        finder.destroy();
      }
    } finally {
      site.destroy();
      sys.destroy();
    }
  }

  globalThis.startWizardPython = function (loadPyodide, runtime, ourPackage) {
    var lock = Promise.resolve(ourPackage.lock).then(function (data) {
      if (!data || !data.packages || !data.packages[PACKAGE]) throw new Error("no entry for " + PACKAGE);
      return data;
    }).catch(plainly("the tool's files could not be fetched"));
    // Started now, so the wheel downloads and is checked while the runtime starts.
    var wheel = lock.then(function (data) { return checkedWheel(ourPackage, data.packages[PACKAGE]); });
    wheel.catch(function () {}); // (reported below, once the runtime is up or has failed)
    var settings = Object.assign({}, runtime, {
      lockFileContents: lock,
      stdout: function () {},
      stderr: function (line) { console.warn("[python]", line); },
    });
    var python = Promise.resolve(loadPyodide)
      .then(function (load) { return load(settings); })
      .catch(plainly("Python could not start in this browser"));
    return Promise.all([python, wheel]).then(function (ready) {
      var pyodide = ready[0];
      try {
        install(pyodide, ready[1]);
      } catch (cause) {
        throw startError("the tool's files could not be installed", cause);
      }
      var web;
      try {
        web = pyodide.pyimport("wizard.web");
      } catch (cause) {
        throw startError("the tool's Python code could not be loaded", cause);
      }
      return {
        pyodide: pyodide,
        handle: function (text) { return web.handle(text); },
        load: function (names) { return loadLibraries(pyodide, names); },
      };
    });
  };

  globalThis.serveWizardPython = function (scope, start) {
    var python = null;
    scope.onmessage = function (event) {
      var message = event.data;
      function reply(result) { scope.postMessage({ id: message.id, ok: true, result: result }); }
      function refuse(error) {
        scope.postMessage({ id: message.id, ok: false, error: String((error && error.message) || error) });
      }
      if (message.type === "init") {
        Promise.resolve()
          .then(function () { return start(message); })
          .then(function (started) {
            python = started;
            reply("");
          })
          .catch(function (error) {
            refuse(error && error.plain ? error : startError("Python could not start in this browser", error));
          });
      } else if (message.type === "call") {
        if (!python) return refuse(new Error("Python is not ready"));
        var answer;
        try {
          answer = python.handle(message.request);
        } catch (cause) {
          // wizard.web.handle never raises, so this is the runtime itself failing.
          return refuse(startError("Python stopped working", cause));
        }
        reply(answer);
      } else if (message.type === "load") {
        if (!python) return refuse(new Error("Python is not ready"));
        python.load(message.packages).then(function () { reply(""); }, refuse);
      } else {
        refuse(new Error("unknown message type " + message.type));
      }
    };
  };
})();
