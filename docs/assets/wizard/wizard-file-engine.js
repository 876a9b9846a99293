/*
 * The offline copy's engine: starts Pyodide on the page itself, from files embedded in classic
 * scripts, because browsers block fetch(), import() and workers on pages opened from disk.
 *
 * Included only by the offline build (before wizard-loader.js, only on pages with a tool). It
 * defines window.WizardFileEngine, which the loader prefers when present. Nothing loads until a
 * tool starts: then it adds, in order, the shared start-up routine (wizard-python.js, beside this
 * file), Pyodide's classic loader, the patched Emscripten module (tools/offline.py), and the
 * base64 bundles; answers the runtime's own fetches of those files from memory (checking the
 * wheel's sha256 against the lock file, as Pyodide asks); and starts Python through
 * startWizardPython with createPyodideModule, so Pyodide does not try to import() anything.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var bundleBase = new URL(script.getAttribute("data-bundle"), location.href).href;
  var startupURL = new URL("wizard-python.js", script.src).href;

  function addScript(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = function () { resolve(); };
      tag.onerror = function () {
        reject(new Error("the file " + url.split("/").pop() + " is missing from this copy"));
      };
      document.body.appendChild(tag);
    });
  }

  function decode(base64) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(base64);
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function sha256Matches(bytes, integrity) {
    // Pyodide passes "sha256-<base64>" for packages named in the lock file.
    if (!integrity) return Promise.resolve(true);
    if (!(window.crypto && crypto.subtle)) return Promise.resolve(false);
    return crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
      var text = btoa(String.fromCharCode.apply(null, new Uint8Array(digest)));
      return "sha256-" + text === integrity;
    });
  }

  function installFetchShim() {
    var realFetch = window.fetch ? window.fetch.bind(window) : null;
    var cache = {};
    window.fetch = function (input, init) {
      var url = typeof input === "string" ? input : (input && input.url) || String(input);
      if (url.indexOf(bundleBase) !== 0) {
        return realFetch ? realFetch(input, init) : Promise.reject(new Error("fetch is not available"));
      }
      var name = url.slice(bundleBase.length).split(/[?#]/)[0];
      function answer() {
        var embedded = window.__wizardEmbedded || {};
        if (!(name in embedded)) return Promise.resolve(new Response("", { status: 404 }));
        var bytes = cache[name] || (cache[name] = decode(embedded[name]));
        return sha256Matches(bytes, init && init.integrity).then(function (ok) {
          if (!ok) throw new TypeError("integrity check failed for " + name);
          var type = /\.wasm$/.test(name) ? "application/wasm" : "application/octet-stream";
          return new Response(bytes, { status: 200, headers: { "Content-Type": type } });
        });
      }
      // A library wheel (openpyxl & co.) has a script of its own, added only when Pyodide asks for it.
      if (/\.whl$/.test(name) && !(name in (window.__wizardEmbedded || {}))) {
        return addScript(bundleBase + name + ".b64.js").then(answer, answer);
      }
      return answer();
    };
  }

  window.WizardFileEngine = function () {
    var handle = null;
    var load = null;
    return {
      start: function () {
        window.__pyodideAsmURL = bundleBase + "pyodide.asm.js";
        installFetchShim();
        var bundle = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm.b64.js", "python_stdlib.zip.b64.js",
          "wizard-package.b64.js"];
        return [startupURL]
          .concat(bundle.map(function (name) { return bundleBase + name; }))
          .reduce(function (previous, url) {
            return previous.then(function () { return addScript(url); });
          }, Promise.resolve())
          .then(function () {
            return window.startWizardPython(window.loadPyodide, {
              indexURL: bundleBase,
              packageBaseUrl: bundleBase,
              lockFileContents: window.__wizardLock,
              createPyodideModule: window._createPyodideModule,
            });
          })
          .then(function (python) {
            handle = python.handle;
            load = python.load;
          });
      },
      load: function (names) {
        // Packages of the lock file a request needs (the shared routine checks they loaded).
        if (!load) return Promise.reject(new Error("Python is not ready"));
        return load(names);
      },
      call: function (text) {
        if (!handle) return Promise.reject(new Error("Python is not ready"));
        // Runs on the page's own thread: a quick call, so wrap it in a promise like the worker's.
        return new Promise(function (resolve) { resolve(handle(text)); });
      },
    };
  };
})();
