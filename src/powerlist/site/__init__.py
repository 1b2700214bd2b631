"""The site: pages, rendering and the MkDocs adapter."""
