"""Analyses over stored facts: priority matrix, portfolio overlap, comparisons."""
