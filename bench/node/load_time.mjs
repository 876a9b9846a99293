// Time a cold start of Pyodide under Node, in this fresh process (bench/startup.py runs it).
// Usage: node bench/node/load_time.mjs STDLIB_ZIP|- PACKAGE_DIR|- SNAPSHOT|- [routine]
//   STDLIB_ZIP   the standard library to start with ("-": the stock one in node_modules)
//   PACKAGE_DIR  a folder with pyodide-lock.json and our wheel: also load it and answer a first
//                request ("-": Python only)
//   SNAPSHOT     a memory snapshot made by make_snapshot.mjs to start from ("-": none)
//   routine      install the wheel with the site's start-up routine (wizard-python.js) instead
//                of loadPackage("wizard")
// Prints {"load_ms": loadPyodide(), "ready_ms": until the first answer (or loadPyodide + 1+1)}.
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";
import "../../docs/assets/wizard/wizard-python.js";

const [stdlib, packageDir, snapshot, how] = process.argv.slice(2);
const start = performance.now();
const check = JSON.stringify({ wizard: "check" });
if (how === "routine") {
  const runtime = { packageBaseUrl: path.resolve(packageDir) + "/", stdout: () => {} };
  if (stdlib !== "-") runtime.stdLibURL = path.resolve(stdlib);
  let loaded;
  const timed = (options) => loadPyodide(options).then((pyodide) => { loaded = performance.now(); return pyodide; });
  const python = await globalThis.startWizardPython(timed, runtime, {
    lock: JSON.parse(fs.readFileSync(path.resolve(packageDir, "pyodide-lock.json"), "utf8")),
    wheel: (entry) => fs.promises.readFile(path.resolve(packageDir, entry.file_name)),
  });
  python.handle(check);
  const ready = performance.now();
  process.stdout.write(JSON.stringify({ load_ms: loaded - start, ready_ms: ready - start }) + "\n");
  process.exit(0);
}
const options = { stdout: () => {} };
if (stdlib !== "-") options.stdLibURL = path.resolve(stdlib);
if (packageDir !== "-") {
  options.lockFileURL = path.resolve(packageDir, "pyodide-lock.json");
  options.packageBaseUrl = path.resolve(packageDir) + "/";
}
if (snapshot !== "-") options._loadSnapshot = fs.readFileSync(snapshot);
const pyodide = await loadPyodide(options);
const loaded = performance.now();
if (packageDir === "-") {
  pyodide.runPython("1 + 1");
} else {
  // From a snapshot the package is already imported (its files are not on the file system).
  if (snapshot === "-") await pyodide.loadPackage("wizard", { messageCallback: () => {} });
  const web = pyodide.pyimport("wizard.web");
  web.handle(check);
}
const ready = performance.now();
process.stdout.write(JSON.stringify({ load_ms: loaded - start, ready_ms: ready - start }) + "\n");
