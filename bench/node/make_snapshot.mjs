// Spike (not used by the site): make a Pyodide memory snapshot with our package imported.
// Usage: node bench/node/make_snapshot.mjs STDLIB_ZIP PACKAGE_DIR OUT_FILE
// Every tool is imported and asked for its first view before the snapshot is taken, because
// the snapshot holds the interpreter's memory but not its file system.
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";

const [stdlib, packageDir, out] = process.argv.slice(2);
const pyodide = await loadPyodide({
  _makeSnapshot: true,
  stdLibURL: path.resolve(stdlib),
  lockFileURL: path.resolve(packageDir, "pyodide-lock.json"),
  packageBaseUrl: path.resolve(packageDir) + "/",
  stdout: () => {},
});
await pyodide.loadPackage("wizard", { messageCallback: () => {} });
const tools = pyodide.runPython(`
import json, wizard.web as w
from wizard import registry
for name in registry.names():
    w.handle(json.dumps({"wizard": name}))
json.dumps(registry.names())
`);
// Workaround for Pyodide issue #5195: loadPackage leaves JavaScript objects that the snapshot
// cannot serialise ("Unexpected hiwire entry"); forget which packages were loaded first.
for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
const snapshot = pyodide.makeMemorySnapshot();
fs.writeFileSync(out, snapshot);
process.stdout.write(JSON.stringify({ bytes: snapshot.length, tools: JSON.parse(tools) }) + "\n");
