// Like run_in_pyodide.mjs, with a chosen standard library: the precompiled python_stdlib.zip the
// site ships (tools/bytecode.py), or "-" for the stock one from node_modules.
// Usage: node run_precompiled.mjs STDLIB_ZIP|- PACKAGE_DIR PYTHON_CODE
// Prints the value of the code's last expression (a string) on standard output.
import { loadPyodide } from "pyodide";
import path from "node:path";

const [stdlib, packageDir, code] = process.argv.slice(2);
if (!stdlib || !packageDir || !code) {
  console.error("usage: node run_precompiled.mjs STDLIB_ZIP|- PACKAGE_DIR PYTHON_CODE");
  process.exit(2);
}
const options = {
  lockFileURL: path.resolve(packageDir, "pyodide-lock.json"),
  packageBaseUrl: path.resolve(packageDir) + "/",
  stdout: () => {},
};
if (stdlib !== "-") options.stdLibURL = path.resolve(stdlib);
try {
  const pyodide = await loadPyodide(options);
  await pyodide.loadPackage("wizard", { messageCallback: () => {}, errorCallback: (m) => console.error(m) });
  const result = await pyodide.runPythonAsync(code);
  process.stdout.write(String(result));
} catch (error) {
  // Only the message (a Python traceback), not Node's echo of the minified line that threw.
  console.error(String((error && error.message) || error));
  process.exit(1);
}
