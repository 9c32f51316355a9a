"""The composite index of new quality productive forces per region and year: frameworks,
panels (yearbook, long tables, stored figures), treatment, weighting, aggregation, and the
audit, uncertainty and inequality analyses of its scores."""
