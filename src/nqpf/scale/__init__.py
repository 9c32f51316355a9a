"""Corpus scale: partitioned extraction on Dask, near-duplicate detection, corroboration."""
