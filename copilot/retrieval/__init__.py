"""Embeddings, sparse vectors, the vector index and hybrid retrieval."""
