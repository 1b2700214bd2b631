"""What pages and outputs show, derived once from the catalog."""
