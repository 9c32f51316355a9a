"""nqpf: monitor China's new quality productive forces from news and government reports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nqpf")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
