"""Knowledge base: load, chunk, ingest."""
