"""Offline evaluation: retrieval, analysis and drafting runs with scorers and reports."""
