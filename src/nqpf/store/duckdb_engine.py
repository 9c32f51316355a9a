"""DuckDB's engine, imported without the Python layer of the ``duckdb`` package.

Since 2.0 the ``duckdb`` package is a Python layer (relational API, expression builder, its version
read through ``importlib.metadata``) over the C extension ``_duckdb``, which alone holds what nqpf
uses: connections, statements, results and exceptions. Importing the package costs 3-4x the
extension (0.12-0.14 s against 0.03-0.04 s on the 2-core machine), which was most of the start-up
of a read command such as ``nqpf region``. The names below are the very objects the package
re-exports, so a connection made here is a ``duckdb.DuckDBPyConnection`` for any code that does
import the package. A build without the separate extension falls back to the package.
"""

from __future__ import annotations

try:
    import _duckdb as _engine
except ImportError:  # pragma: no cover - a duckdb build that keeps its engine inside the package
    import duckdb as _engine

CatalogException = _engine.CatalogException
DuckDBPyConnection = _engine.DuckDBPyConnection
Error = _engine.Error
InterruptException = _engine.InterruptException
InvalidInputException = _engine.InvalidInputException
OutOfMemoryException = _engine.OutOfMemoryException
__version__: str = _engine.__version__
connect = _engine.connect

__all__ = ["CatalogException", "DuckDBPyConnection", "Error", "InterruptException", "InvalidInputException",
           "OutOfMemoryException", "__version__", "connect", "error_class"]


def error_class(name: str) -> type[Error]:
    """DuckDB's exception class called ``name`` (``ConstraintException``...), or :class:`Error` if there is none."""
    found = getattr(_engine, name, None)
    return found if isinstance(found, type) and issubclass(found, Error) else Error
