// Runs our wheel inside the real Pyodide runtime (from node_modules) under Node: no browser.
// Usage: node run_in_pyodide.mjs <dir with pyodide-lock.json and the wheel> <python code>
// Loads the package exactly as the browser does (loadPackage checks the lock's sha256), runs the
// code, and prints the value of its last expression (a string) on standard output.
import { loadPyodide } from "pyodide";
import path from "node:path";

const [packageDir, code] = process.argv.slice(2);
if (!packageDir || !code) {
  console.error("usage: node run_in_pyodide.mjs PACKAGE_DIR PYTHON_CODE");
  process.exit(2);
}
const lockFileURL = path.resolve(packageDir, "pyodide-lock.json");
const pyodide = await loadPyodide({ lockFileURL, packageBaseUrl: path.resolve(packageDir) + "/", stdout: () => {} });
await pyodide.loadPackage("wizard", { messageCallback: () => {}, errorCallback: (m) => console.error(m) });
const result = await pyodide.runPythonAsync(code);
process.stdout.write(String(result));
