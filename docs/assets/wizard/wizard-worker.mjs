// Module Web Worker that runs Python (Pyodide) for the wizards on a page.
//
// Messages in:  {id, type: "init", indexURL, stdLibURL, lockFileURL}  then  {id, type: "call", request: "<json text>"}
//               or {id, type: "load", packages: ["openpyxl"]} (packages of our lock file a request needs)
// Messages out: {id, ok: true, result: "<json text>"}  or  {id, ok: false, error: "<plain message>"}
//
// Only strings cross the boundary, so no Python object leaks into the page. The protocol
// (serveWizardPython) and the start-up (startWizardPython) are in wizard-python.js, shared with
// the offline copy's worker (wizard-file-worker.js).
//
// On "init" everything is requested at once, without waiting for wizard-python.js: the runtime
// (pyodide.mjs, which then fetches the wasm and the standard library), our lock file and, as
// soon as the lock names it, our wheel.

const startup = import("./wizard-python.js"); // dynamic: it downloads beside the runtime

/** The lock's sha256 (hex) as a fetch integrity value ("sha256-<base64>"). */
function integrity(sha256) {
  const bytes = sha256.match(/../g).map((pair) => parseInt(pair, 16));
  return "sha256-" + btoa(String.fromCharCode(...bytes));
}

/** Ask for the runtime and our lock file; returns what startWizardPython needs. */
function request({ indexURL, stdLibURL, lockFileURL }) {
  const packageBaseUrl = new URL(".", lockFileURL).href;
  // Always asked of the server: a cached lock could name an older wheel than the one it serves.
  const lock = fetch(lockFileURL, { cache: "no-cache" }).then((response) => {
    if (!response.ok) throw new Error(`${response.status} for ${lockFileURL}`);
    return response.json();
  });
  // Web Crypto, which startWizardPython checks the wheel with, exists only in secure contexts; on
  // a plain-http host the fetch checks the same sha256 itself (its integrity option).
  const checksIntegrity = !(self.crypto && self.crypto.subtle);
  const wheel = (entry) =>
    // The sha256 in the address: a new wheel has a new address, so no cache serves an old one.
    fetch(`${packageBaseUrl}${entry.file_name}?sha256=${entry.sha256}`,
      checksIntegrity ? { integrity: integrity(entry.sha256) } : {},
    ).then((response) => {
      if (!response.ok) throw new Error(`${response.status} for ${entry.file_name}`);
      return response.arrayBuffer();
    });
  return {
    loadPyodide: import(indexURL + "pyodide.mjs").then((module) => module.loadPyodide),
    runtime: stdLibURL ? { indexURL, stdLibURL, packageBaseUrl } : { indexURL, packageBaseUrl },
    ourPackage: { lock, wheel, checksIntegrity },
  };
}

let requested = null;

const protocol = startup.then(() => {
  const scope = { postMessage: (message) => self.postMessage(message) };
  self.serveWizardPython(scope, () =>
    self.startWizardPython(requested.loadPyodide, requested.runtime, requested.ourPackage));
  return scope;
});

self.onmessage = (event) => {
  if (event.data.type === "init" && !requested) requested = request(event.data);
  protocol.then(
    (scope) => scope.onmessage(event),
    () => self.postMessage({ id: event.data.id, ok: false, error: "the tool's start-up files could not be fetched" }),
  );
};
