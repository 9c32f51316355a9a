"""Reading inputs: files, directories, JSONL corpora and stdin become ``Document``s or ``ReadError``s."""

from nqpf.ingest.dates import normalise_published, published_from_text
from nqpf.ingest.encoding import UnreadableInput, decode_text
from nqpf.ingest.readers import (
    CORPUS_SUFFIXES,
    DEFAULT_MAX_BYTES,
    MAX_BYTES_ENV,
    detect_language,
    max_bytes_from_env,
    read_bytes,
    read_inputs,
    title_from_text,
)

__all__ = [
    "CORPUS_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "MAX_BYTES_ENV",
    "UnreadableInput",
    "decode_text",
    "detect_language",
    "max_bytes_from_env",
    "normalise_published",
    "published_from_text",
    "read_bytes",
    "read_inputs",
    "title_from_text",
]
