// Module Web Worker that runs Python (Pyodide) for the wizards on a page.
//
// Messages in:  {id, type: "init", indexURL, lockFileURL}  then  {id, type: "call", request: "<json text>"}
// Messages out: {id, ok: true, result: "<json text>"}  or  {id, ok: false, error: "<message>"}
//
// Only strings cross the boundary, so no Python object leaks into the page.

let handle = null;

async function init({ indexURL, lockFileURL }) {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({
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

self.onmessage = async (event) => {
  const { id, type } = event.data;
  try {
    if (type === "init") {
      await init(event.data);
      self.postMessage({ id, ok: true, result: "" });
    } else if (type === "call") {
      if (!handle) throw new Error("Python is not ready");
      self.postMessage({ id, ok: true, result: handle(event.data.request) });
    } else {
      throw new Error("unknown message type " + type);
    }
  } catch (error) {
    self.postMessage({ id, ok: false, error: String((error && error.message) || error) });
  }
};
