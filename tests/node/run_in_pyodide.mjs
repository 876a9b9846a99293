// Runs our wheel inside the real Pyodide runtime (from node_modules) under Node: no browser.
// Usage: node run_in_pyodide.mjs <dir with pyodide-lock.json and the wheel> <python code>
// Starts Python with the browser's own start-up routine (docs/assets/wizard/wizard-python.js),
// so these tests run the same start-up code as the site, including its check of the wheel's
// sha256 against the lock file (with Node's Web Crypto), then runs the code and prints the value
// of its last expression (a string) on standard output. A start-up failure prints the routine's
// plain message on standard error and exits with status 3.
import { loadPyodide } from "pyodide";
import fs from "node:fs/promises";
import path from "node:path";
import "../../docs/assets/wizard/wizard-python.js";

const [packageDir, code] = process.argv.slice(2);
if (!packageDir || !code) {
  console.error("usage: node run_in_pyodide.mjs PACKAGE_DIR PYTHON_CODE");
  process.exit(2);
}
let python;
try {
  python = await globalThis.startWizardPython(
    loadPyodide,
    { packageBaseUrl: path.resolve(packageDir) + "/" },
    {
      lock: fs.readFile(path.resolve(packageDir, "pyodide-lock.json"), "utf8").then(JSON.parse),
      wheel: (entry) => fs.readFile(path.resolve(packageDir, entry.file_name)),
    },
  );
} catch (error) {
  console.error(`could not start: ${error.message}`);
  process.exit(3);
}
const result = await python.pyodide.runPythonAsync(code);
process.stdout.write(String(result));
