"""nqpf: monitor China's new quality productive forces from news and government reports."""


def __getattr__(name: str) -> str:
    # the version is read from the installed metadata only when asked for: importlib.metadata
    # costs ~50 ms, a quarter of a short command's start-up
    if name != "__version__":
        raise AttributeError(f"module 'nqpf' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nqpf")
    except PackageNotFoundError:  # running from a source tree without an install
        return "0.0.0"
