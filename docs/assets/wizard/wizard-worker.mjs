// Module Web Worker that runs Python (Pyodide) for the wizards on a page.
//
// Messages in:  {id, type: "init", indexURL, lockFileURL}  then  {id, type: "call", request: "<json text>"}
//               or {id, type: "load", packages: ["openpyxl"]} (packages of our lock file a request needs)
// Messages out: {id, ok: true, result: "<json text>"}  or  {id, ok: false, error: "<message>"}
//
// Only strings cross the boundary, so no Python object leaks into the page.

// Defines startWizardPython, the start-up routine shared with the offline copy and the Node tests.
import "./wizard-python.js";

let handle = null;
let load = null;

async function init({ indexURL, lockFileURL }) {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const python = await self.startWizardPython(loadPyodide, {
    indexURL,
    lockFileURL,
    packageBaseUrl: new URL(".", lockFileURL).href,
  });
  handle = python.handle;
  load = python.load;
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
      if (!load) throw new Error("Python is not ready");
      await load(event.data.packages);
      self.postMessage({ id, ok: true, result: "" });
    } else {
      throw new Error("unknown message type " + type);
    }
  } catch (error) {
    self.postMessage({ id, ok: false, error: String((error && error.message) || error) });
  }
};
