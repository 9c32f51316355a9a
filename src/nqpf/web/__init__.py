"""Server-rendered pages: map, region, industry and document pages, search."""
