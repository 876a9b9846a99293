// Module Web Worker that runs Python (Pyodide) for the wizards on a page.
//
// Messages in:  {id, type: "init", indexURL, lockFileURL}  then  {id, type: "call", request: "<json text>"}
//               or {id, type: "load", packages: ["openpyxl"]} (packages of our lock file a request needs)
// Messages out: {id, ok: true, result: "<json text>"}  or  {id, ok: false, error: "<message>"}
//
// Only strings cross the boundary, so no Python object leaks into the page.

let handle = null;
let pyodide = null;

async function init({ indexURL, lockFileURL }) {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  pyodide = await loadPyodide({
    indexURL,
    lockFileURL,
    packageBaseUrl: new URL(".", lockFileURL).href,
    stdout: () => {},
    stderr: (line) => console.warn("[python]", line),
  });
  // loadPackage checks the wheel against the sha256 in our lock file before installing it.
  await pyodide.loadPackage("wizard", { messageCallback: () => {} });
  const web = pyodide.pyimport("wizard.web");
  handle = (request) => web.handle(request);
}

// Loads packages named in our lock file (fetched from the site, sha256-checked by the browser).
// loadPackage resolves even when a package fails, so what was loaded is checked here.
async function load(names) {
  const failures = [];
  await pyodide.loadPackage(names, { messageCallback: () => {}, errorCallback: (message) => failures.push(message) });
  const missing = names.filter((name) => !(name in pyodide.loadedPackages));
  if (failures.length || missing.length) throw new Error("could not load " + missing.concat(failures).join("; "));
}

self.onmessage = async (event) => {
  const { id, type } = event.data;
  try {
    if (type === "init") {
      await init(event.data);
      self.postMessage({ id, ok: true, result: "" });
    } else if (type === "call") {
      if (!handle) throw new Error("Python is not ready");
      self.postMessage({ id, ok: true, result: handle(event.data.request) });
    } else if (type === "load") {
      if (!pyodide) throw new Error("Python is not ready");
      await load(event.data.packages);
      self.postMessage({ id, ok: true, result: "" });
    } else {
      throw new Error("unknown message type " + type);
    }
  } catch (error) {
    self.postMessage({ id, ok: false, error: String((error && error.message) || error) });
  }
};
