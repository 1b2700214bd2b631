// Lint BPMN files with bpmnlint's recommended rules (runs offline, from .cache/node).
// usage: node tests/bpmnlint.cjs DIR_WITH_node_modules FILE...
// prints {file: [{rule, id, message, category}], ...}, including moddle's import warnings
const path = require("node:path");
const fs = require("node:fs");
const local = require("node:module").createRequire(path.join(path.resolve(process.argv[2]), "package.json"));
const { Linter } = local("bpmnlint");
const NodeResolver = local("bpmnlint/lib/resolver/node-resolver");
const { BpmnModdle } = local("bpmn-moddle");

async function main() {
  const out = {};
  for (const file of process.argv.slice(3)) {
    // one linter a file: some rules keep what they saw between runs
    const linter = new Linter({ config: { extends: "bpmnlint:recommended" }, resolver: new NodeResolver({ require: local }) });
    const found = (out[file] = []);
    const { rootElement, warnings = [] } = await new BpmnModdle().fromXML(fs.readFileSync(file, "utf8"));
    for (const w of warnings) found.push({ rule: "import", message: w.message });
    const results = await linter.lint(rootElement);
    for (const [rule, reports] of Object.entries(results)) {
      for (const r of reports) found.push({ rule, id: r.id, message: r.message, category: r.category });
    }
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => { console.error(e); process.exit(2); });
