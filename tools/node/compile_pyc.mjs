// Compile Python source to bytecode with the pinned runtime itself: Python 3.14 inside Pyodide
// (node_modules/pyodide), under Node. The host has no Python 3.14, and bytecode is only valid for
// the interpreter that made it, so the compiler must be the runtime the browser runs.
//
// Usage: node tools/node/compile_pyc.mjs JOB_DIR
//
// JOB_DIR/job.json is {"units": [{"source": REL, "output": REL, "filename": NAME}, ...]}: each
// source file (relative to JOB_DIR) is compiled to an unchecked-hash .pyc at output. NAME is the
// file name recorded in the code (what tracebacks show); "{stdlib}" and "{site_packages}" in it
// are replaced by where this runtime imports the standard library and installed packages from.
// With no job.json, nothing is compiled and only the report is printed.
//
// Prints one JSON object on standard output, the runtime's own report: its Pyodide version,
// Python version, importlib.util.MAGIC_NUMBER (hex), cache tag, the two paths above, and how
// many files it compiled. The build checks the .pyc headers and the versions against it.
// A file that does not compile stops the run (exit status 1, the error on standard error).
import { loadPyodide } from "pyodide";
import path from "node:path";

const [jobDir] = process.argv.slice(2);
if (!jobDir) {
  console.error("usage: node compile_pyc.mjs JOB_DIR");
  process.exit(2);
}

const pyodide = await loadPyodide({ stdout: (line) => console.error(line), stderr: (line) => console.error(line) });
pyodide.mountNodeFS("/job", path.resolve(jobDir));
pyodide.globals.set("pyodide_version", pyodide.version);

const report = pyodide.runPython(`
import importlib.util, json, os, site, sys
from importlib._bootstrap_external import _code_to_hash_pyc

stdlib = next(entry for entry in sys.path if entry.endswith(".zip"))
site_packages = site.getsitepackages()[0]
compiled = 0
if os.path.exists("/job/job.json"):
    with open("/job/job.json", encoding="utf-8") as handle:
        units = json.load(handle)["units"]
    for unit in units:
        with open(os.path.join("/job", unit["source"]), "rb") as handle:
            source = handle.read()
        filename = unit["filename"].replace("{stdlib}", stdlib).replace("{site_packages}", site_packages)
        # What py_compile does (SourceLoader.source_to_code): bytes in, so a coding cookie counts.
        code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
        data = _code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)
        output = os.path.join("/job", unit["output"])
        os.makedirs(os.path.dirname(output), exist_ok=True)
        with open(output, "wb") as handle:
            handle.write(data)
        compiled += 1

json.dumps({
    "pyodide": pyodide_version,
    "python": ".".join(map(str, sys.version_info[:3])),
    "magic": importlib.util.MAGIC_NUMBER.hex(),
    "cache_tag": sys.implementation.cache_tag,
    "stdlib": stdlib,
    "site_packages": site_packages,
    "compiled": compiled,
})
`);
process.stdout.write(report + "\n");
