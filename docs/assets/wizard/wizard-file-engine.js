/*
 * The offline copy's Python: a Web Worker made from files embedded in the copy, because browsers
 * block fetch(), import() and workers from files on pages opened from disk, but do allow a worker
 * from a blob: address (the Content-Security-Policy's worker-src allows blob:). Python then
 * starts off the page's own thread, as on the hosted site, so the page stays responsive.
 *
 * Included only by the offline build, only on pages with a tool, before Material's scripts
 * (overrides/main.html): Material's offline search replaces window.Worker on file:// pages with
 * an iframe (its iframe-worker shim), so this keeps the browser's own Worker first. It defines
 * window.WizardFileWorker() -> Promise<{worker, init}>, which the loader (wizard-loader.js) uses
 * instead of the hosted worker. Nothing loads until a tool starts and the page has been parsed
 * (its own scripts have run: on disk nothing needs downloading, so starting earlier would only
 * slow them down). Then it adds the copy's classic scripts (tools/offline.py writes them):
 *  - wizard-worker-source.js: the worker's code as one text (window.__wizardWorkerSource):
 *    wizard-file-worker.js, Pyodide's classic loader, the patched Emscripten module and the
 *    shared start-up routine (wizard-python.js);
 *  - the base64 bundles of the wasm, the standard library and our wheel with its lock file
 *    (window.__wizardEmbedded, window.__wizardLock). The "init" message hands them over decoded,
 *    their memory transferred rather than copied: copying 19 MB of base64 text into a message
 *    held the page's thread for about a tenth of a second, decoding takes a fifth of that.
 * The library wheels of the lock file (openpyxl & co., each in its own `<file>.b64.js`) are
 * added only when a request needs a library: the worker cannot read files, so the loader hands
 * them over with its "load" message (files() below).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var bundleBase = new URL(script.getAttribute("data-bundle"), location.href).href;
  var BrowserWorker = window.Worker;
  var SCRIPTS = ["wizard-worker-source.js", "pyodide.asm.wasm.b64.js", "python_stdlib.zip.b64.js",
    "wizard-package.b64.js"];

  function addScript(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = function () { resolve(); };
      tag.onerror = function () {
        reject(new Error("the file " + url.split("/").pop() + " is missing from this copy"));
      };
      document.head.appendChild(tag);
    });
  }

  function decode(base64) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(base64);
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function parsed() {
    return new Promise(function (resolve) {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { resolve(); });
      else resolve();
    });
  }

  /** The embedded files, decoded, and their buffers (to transfer); the page keeps none of them. */
  function takeEmbedded() {
    var embedded = window.__wizardEmbedded || {};
    window.__wizardEmbedded = undefined;
    var files = {};
    var transfer = [];
    Object.keys(embedded).forEach(function (name) {
      files[name] = decode(embedded[name]);
      transfer.push(files[name].buffer);
    });
    return { files: files, transfer: transfer };
  }

  /** The library wheels the lock names (every entry but ours), each time those not handed over yet. */
  var handedOver = {};
  function libraryFiles() {
    var packages = (window.__wizardLock && window.__wizardLock.packages) || {};
    var names = Object.keys(packages)
      .filter(function (name) { return name !== "wizard" && !handedOver[packages[name].file_name]; })
      .map(function (name) { return packages[name].file_name; });
    return Promise.all(names.map(function (name) { return addScript(bundleBase + name + ".b64.js"); }))
      .then(function () {
        names.forEach(function (name) { handedOver[name] = true; });
        return takeEmbedded();
      });
  }

  window.WizardFileWorker = function () {
    if (typeof BrowserWorker !== "function") throw new Error("this browser does not allow background workers");
    return parsed().then(function () {
      return Promise.all(SCRIPTS.map(function (name) { return addScript(bundleBase + name); }));
    }).then(function () {
      var source = new Blob([window.__wizardWorkerSource], { type: "text/javascript" });
      var worker = new BrowserWorker(URL.createObjectURL(source));
      window.__wizardWorkerSource = undefined; // (the page needs it no more)
      var embedded = takeEmbedded();
      return {
        worker: worker,
        init: { bundleURL: bundleBase, files: embedded.files, lock: window.__wizardLock },
        transfer: embedded.transfer,
        files: libraryFiles,
      };
    });
  };
})();
