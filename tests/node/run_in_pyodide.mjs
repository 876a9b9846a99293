// Runs our wheel inside the real Pyodide runtime (from node_modules) under Node: no browser.
// Usage: node run_in_pyodide.mjs <dir with pyodide-lock.json and the wheel> <python code>
// Starts Python with the browser's own start-up routine (docs/assets/wizard/wizard-python.js),
// so these tests run the same start-up code as the site, then runs the code and prints the value
// of its last expression (a string) on standard output. (Under Node, Pyodide reads the wheel
// from disk without checking its sha256; tests/browser/test_pipeline.py tests that check.)
import { loadPyodide } from "pyodide";
import path from "node:path";
import "../../docs/assets/wizard/wizard-python.js";

const [packageDir, code] = process.argv.slice(2);
if (!packageDir || !code) {
  console.error("usage: node run_in_pyodide.mjs PACKAGE_DIR PYTHON_CODE");
  process.exit(2);
}
const { pyodide } = await globalThis.startWizardPython(loadPyodide, {
  lockFileURL: path.resolve(packageDir, "pyodide-lock.json"),
  packageBaseUrl: path.resolve(packageDir) + "/",
});
const result = await pyodide.runPythonAsync(code);
process.stdout.write(String(result));
