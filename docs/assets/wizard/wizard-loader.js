/*
 * Starts Python for the wizards on this page and connects their HTML to it.
 *
 * A thin shell: it never decides anything. It sends what the person did to Python
 * (wizard.web.handle) as JSON text, swaps in the HTML that comes back, keeps the answers in the
 * page address (history.pushState), moves focus and offers downloads. Included only on pages
 * whose front matter sets `wizard:` (see overrides/main.html), so other pages load none of this.
 * It is an async script in the page's head: Python starts as soon as it runs, while the rest of
 * the page is still arriving, and the wizards are connected once the page has been parsed.
 *
 * Python runs in a Web Worker, answering the protocol in wizard-python.js (serveWizardPython):
 *  - served over http(s): a module worker, wizard-worker.mjs;
 *  - the offline copy (opened from disk, file://) defines window.WizardFileWorker
 *    (wizard-file-engine.js), which makes a worker from files embedded in the copy; a hosted page
 *    opened from disk without it says plainly that the tool cannot run there.
 *
 * Downloads: each a[data-download="key"] in the HTML is pointed at downloads[key] of the response
 * (a Blob URL); one marked data-start is followed at once (a button that makes a file).
 *
 * Each [data-wizard] container carries data-state = loading | ready | error, with aria-busy
 * while Python is starting or working, and a polite role="status" line that says what is
 * happening. Before Python is ready:
 *  - an address with answers in it (a shared or bookmarked link) shows "Working out your
 *    result" instead of the first question (data-pending="result"), then the view those
 *    answers lead to;
 *  - an answer given in the first view (rendered at build time) is kept, the status line says
 *    so, and it is sent to Python as soon as Python is ready (the latest one, if several).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var START_TIMEOUT_MS = 90000; // slow thin clients fetch ~13 MB on first visit
  var SLOW_NOTICE_MS = 15000;
  var CALL_TIMEOUT_MS = 60000;
  var MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

  var runtimeURL = new URL(script.getAttribute("data-runtime"), location.href).href;
  var packageURL = new URL(script.getAttribute("data-package"), location.href).href;

  function withTimeout(promise, ms, what) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error(what)); }, ms);
      promise.then(
        function (value) { clearTimeout(timer); resolve(value); },
        function (error) { clearTimeout(timer); reject(error); }
      );
    });
  }

  var stdLibURL = script.getAttribute("data-stdlib");

  /**
   * An engine over a worker that speaks the protocol of wizard-python.js: {start(): Promise,
   * call(text): Promise<text>, load(names): Promise} (load: the packages of the site's lock file
   * that a response says it "needs", such as openpyxl for a workbook; the request is then sent
   * once more). open() -> Promise<{worker, init, transfer, files}>: the worker, what its "init"
   * message carries, the buffers in it to transfer rather than copy (optional), and, for a worker
   * that cannot fetch (the offline copy's), files() -> Promise<{files, transfer}> to hand it
   * with "load" (optional).
   */
  function workerEngine(open) {
    var worker = null;
    var files = null;
    var pending = new Map();
    var nextId = 1;
    function failAll(message) {
      pending.forEach(function (entry) { entry.reject(new Error(message)); });
      pending.clear();
    }
    function send(message, transfer) {
      return new Promise(function (resolve, reject) {
        if (!worker) throw new Error("Python is not ready");
        var id = nextId++;
        pending.set(id, { resolve: resolve, reject: reject });
        message.id = id;
        worker.postMessage(message, transfer || []);
      });
    }
    return {
      start: function () {
        return Promise.resolve().then(open).then(function (opened) {
          worker = opened.worker;
          files = opened.files || null;
          worker.onmessage = function (event) {
            var entry = pending.get(event.data.id);
            if (!entry) return;
            pending.delete(event.data.id);
            if (event.data.ok) entry.resolve(event.data.result);
            else entry.reject(new Error(event.data.error));
          };
          worker.onerror = function (event) {
            event.preventDefault();
            failAll("the Python worker stopped (" + (event.message || "blocked by the browser") + ")");
          };
          return send(Object.assign({ type: "init" }, opened.init), opened.transfer);
        });
      },
      call: function (text) { return send({ type: "call", request: text }); },
      load: function (names) {
        if (!files) return send({ type: "load", packages: names });
        return files().then(function (extra) {
          return send({ type: "load", packages: names, files: extra.files }, extra.transfer);
        });
      },
    };
  }

  /** The hosted site's worker (a module worker from this site). */
  function hostedWorker() {
    var init = { indexURL: runtimeURL, lockFileURL: packageURL + "pyodide-lock.json" };
    if (stdLibURL) init.stdLibURL = new URL(stdLibURL, location.href).href;
    return { worker: new Worker(new URL("wizard-worker.mjs", script.src), { type: "module" }), init: init };
  }

  function chooseEngine() {
    if (typeof WebAssembly !== "object") {
      throw new Error("this browser cannot run WebAssembly, which the tool needs");
    }
    if (typeof Worker !== "function") throw new Error("this browser does not allow background workers");
    // The offline copy brings its own worker (wizard-file-engine.js), which works from disk.
    if (typeof window.WizardFileWorker === "function") return workerEngine(window.WizardFileWorker);
    if (location.protocol === "file:") {
      throw new Error("this copy was opened from disk, and it cannot start Python that way");
    }
    return workerEngine(hostedWorker);
  }

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var chunks = [];
    for (var i = 0; i < bytes.length; i += 0x8000) {
      chunks.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
    }
    return btoa(chunks.join(""));
  }

  function collectForm(form, submitter) {
    var fields = {};
    var reads = [];
    var files = {};
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    data.forEach(function (value, name) {
      if (typeof value === "string") {
        (fields[name] = fields[name] || []).push(value);
      } else if (value && (value.size > 0 || value.name)) {
        // A chosen file is sent even when empty, so Python can say it is empty.
        if (value.size > MAX_UPLOAD_BYTES) {
          reads.push(Promise.reject(new Error("The file " + value.name + " is larger than 20 MB.")));
          return;
        }
        reads.push(value.arrayBuffer().then(function (buffer) {
          files[name] = { filename: value.name, base64: toBase64(buffer) };
        }));
      }
    });
    return Promise.all(reads).then(function () { return { fields: fields, files: files }; });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  function Wizard(container, engine) {
    this.container = container;
    this.name = container.getAttribute("data-wizard");
    this.body = container.querySelector(".wizard__body");
    this.status = container.querySelector(".wizard__status");
    this.engine = engine;
    this.started = false; // Python is ready
    this.early = null; // what the person did before then: the arguments of run(), the latest only
    this.blobURLs = [];
    this.busy = false;
    this.baseTitle = document.title;
    container.addEventListener("submit", this.onSubmit.bind(this));
    container.addEventListener("click", this.onClick.bind(this));
  }

  Wizard.prototype.setState = function (state, message) {
    this.container.setAttribute("data-state", state);
    this.container.setAttribute("aria-busy", state === "loading" ? "true" : "false");
    if (message !== undefined) this.status.textContent = message;
  };

  /** A shared link: say that its result is being worked out, instead of showing question 1. */
  Wizard.prototype.awaitResult = function () {
    this.container.setAttribute("data-pending", "result");
    this.body.hidden = true;
    this.status.textContent = "Working out your result\u2026 Python is starting in your browser; it takes a few seconds.";
  };

  /** Python is ready: show the shared link's view, or answer what the person did meanwhile. */
  Wizard.prototype.begin = function (startupMs) {
    this.started = true;
    this.startupMs = startupMs;
    this.setState("ready", "The tool is ready.");
    var early = this.early;
    this.early = null;
    if (early) this.run.apply(this, early);
    else if (location.search.length > 1) this.run("render", location.search.slice(1), null, "replace");
  };

  Wizard.prototype.fail = function (reason) {
    this.container.removeAttribute("data-pending");
    this.body.hidden = false;
    this.setState(
      "error",
      "The interactive tool cannot run here: " + reason + ". Everything else on this page still works; " +
        "the tool runs in current versions of Edge, Chrome and Firefox when the site is opened from its web address."
    );
  };

  Wizard.prototype.request = function (action, query, form) {
    var self = this;
    if (self.busy) return Promise.resolve();
    self.busy = true;
    self.container.setAttribute("aria-busy", "true");
    var payload = {
      wizard: self.name,
      action: action,
      query: query,
      form: (form && form.fields) || {},
      files: (form && form.files) || {},
      // The page's own address (no query or fragment), so a tool can build a link that reproduces it.
      context: { startup_ms: self.startupMs, page: location.href.split(/[?#]/)[0] },
    };
    function ask() {
      return withTimeout(self.engine.call(JSON.stringify(payload)), CALL_TIMEOUT_MS, "Python took too long to answer")
        .then(function (text) { return JSON.parse(text); });
    }
    return ask()
      .then(function (response) {
        // Python may need a library for this request (openpyxl for a workbook): load what it names,
        // then ask once more. If loading fails, show the answer it gave (it says what to do).
        if (!response.needs || !response.needs.length) return response;
        self.status.textContent = "Loading the part of the tool this needs.";
        return withTimeout(self.engine.load(response.needs), START_TIMEOUT_MS, "loading took too long")
          .then(ask, function () { return response; })
          .finally(function () {
            // The new view says what happened; a screen reader must not be left with "Loading".
            self.status.textContent = "";
          });
      })
      .finally(function () {
        self.busy = false;
        self.container.setAttribute("aria-busy", "false");
      });
  };

  Wizard.prototype.apply = function (response, history) {
    var self = this;
    self.blobURLs.forEach(function (url) { URL.revokeObjectURL(url); });
    self.blobURLs = [];
    self.body.innerHTML = response.html;
    self.container.removeAttribute("data-pending");
    self.body.hidden = false;
    var downloads = response.downloads || {};
    Array.prototype.forEach.call(self.body.querySelectorAll("a[data-download]"), function (link) {
      var item = downloads[link.getAttribute("data-download")];
      if (!item) return;
      var blob;
      if (item.base64 !== undefined) {
        var binary = atob(item.base64);
        var bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
        blob = new Blob([bytes], { type: item.mime });
      } else {
        blob = new Blob([item.text], { type: item.mime });
      }
      var url = URL.createObjectURL(blob);
      self.blobURLs.push(url);
      link.href = url;
      link.setAttribute("download", item.filename);
    });
    if (response.query !== null && response.query !== undefined) {
      var address = response.query ? "?" + response.query : location.pathname;
      var current = location.search.replace(/^\?/, "");
      if (history === "push" && response.query !== current) window.history.pushState({ wizard: self.name }, "", address);
      else if (response.query !== current) window.history.replaceState({ wizard: self.name }, "", address);
    }
    document.title = response.title ? response.title + " - " + self.baseTitle : self.baseTitle;
    var target = self.body.querySelector("[data-focus]") || self.body.querySelector("h1, h2, legend");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "nearest" });
    }
    // A view answering a button whose whole point is a file (the paperwork) marks its link
    // data-start: save the file at once, as if the person had followed the link.
    var start = self.body.querySelector("a[data-download][data-start][download]");
    if (start) start.click();
  };

  Wizard.prototype.run = function (action, query, form, history) {
    var self = this;
    if (!self.started) {
      if (self.container.getAttribute("data-state") !== "loading") return Promise.resolve();
      self.early = [action, query, form, history];
      self.status.textContent = "Your answer is kept: it will be used as soon as the tool is ready.";
      return Promise.resolve();
    }
    return self.request(action, query, form).then(
      function (response) { if (response) self.apply(response, history); },
      function (error) { self.fail(error.message); }
    );
  };

  Wizard.prototype.onSubmit = function (event) {
    var form = event.target;
    if (!this.body.contains(form)) return;
    event.preventDefault();
    var self = this;
    var action = form.getAttribute("data-action") || "submit";
    collectForm(form, event.submitter).then(
      function (data) { return self.run(action, location.search.replace(/^\?/, ""), data, "push"); },
      function (error) { self.status.textContent = error.message; }
    );
  };

  Wizard.prototype.onClick = function (event) {
    var target = event.target.closest(
      'a[data-wizard-link], a[href^="#"]:not([data-download]), button[data-copy], button[data-print]'
    );
    if (!target || !this.body.contains(target)) return;
    if (target.matches('a[href^="#"]:not([data-wizard-link])')) {
      // In-page links (an error summary's links to its fields): move focus there without
      // changing the address, which would fire popstate, re-render the view and lose what was typed.
      var field = document.getElementById(target.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    } else if (target.matches("a[data-wizard-link]")) {
      event.preventDefault();
      var query = new URL(target.getAttribute("href"), location.href).search.replace(/^\?/, "");
      this.run("render", query, null, "push");
    } else if (target.matches("button[data-copy]")) {
      var source = document.getElementById(target.getAttribute("data-copy"));
      var self = this;
      copyText(source ? (source.value !== undefined ? source.value : source.innerText) : "").then(function () {
        self.status.textContent = "Copied to the clipboard.";
      });
    } else {
      window.print();
    }
  };

  /** Start Python now; returns the promise of it being ready (rejects with a plain Error). */
  function startEngine() {
    try {
      var engine = chooseEngine();
      return { engine: engine, ready: withTimeout(engine.start(), START_TIMEOUT_MS, "Python did not start within 90 seconds") };
    } catch (error) {
      return { engine: null, ready: Promise.reject(error) };
    }
  }

  /** Connect the page's wizards (once it has been parsed) to the engine started earlier. */
  function connect(started, startedAt) {
    var containers = document.querySelectorAll("[data-wizard]");
    var wizards = Array.prototype.map.call(containers, function (container) {
      var wizard = new Wizard(container, started.engine);
      if (location.search.length > 1) wizard.awaitResult();
      return wizard;
    });
    var slow = setTimeout(function () {
      wizards.forEach(function (wizard) {
        if (wizard.container.getAttribute("data-state") === "loading") {
          wizard.status.textContent = "Still starting Python: this can take a while on a slow connection.";
        }
      });
    }, Math.max(0, SLOW_NOTICE_MS - (performance.now() - startedAt)));
    started.ready.then(
      function () {
        clearTimeout(slow);
        var startupMs = Math.round(performance.now() - startedAt);
        wizards.forEach(function (wizard) { wizard.begin(startupMs); });
      },
      function (error) {
        clearTimeout(slow);
        wizards.forEach(function (wizard) { wizard.fail(error.message); });
      }
    );
    window.addEventListener("popstate", function () {
      wizards.forEach(function (wizard) {
        if (wizard.container.getAttribute("data-state") === "ready") {
          wizard.run("render", location.search.replace(/^\?/, ""), null, "none");
        }
      });
    });
  }

  var startedAt = performance.now();
  var started = startEngine();
  started.ready.catch(function () {}); // (reported on the page by connect)
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { connect(started, startedAt); });
  } else {
    connect(started, startedAt);
  }
})();
