"""Charts, BPMN, CPSV, JSON-LD, exports and the search index."""
