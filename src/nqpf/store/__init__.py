"""The embedded database: documents, reference tables and one table per fact kind."""

from nqpf.store.database import DB_ENV, default_db_path, open_database
from nqpf.store.schema import SCHEMA_VERSION

__all__ = ["DB_ENV", "SCHEMA_VERSION", "default_db_path", "open_database"]
