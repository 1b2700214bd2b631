"""The core: models, rules and diagnostics, YAML source and validation, flows, the catalog."""
