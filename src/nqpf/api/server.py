"""``nqpf serve``: the app on a socket, with the sidecar that sends every other nqpf command
working on the same database through it (``store/remote.py``)."""

from __future__ import annotations

import signal
import socket
import sys

from nqpf.errors import NqpfError


def serve(db_path: str, host: str, port: int, on_ready=lambda: None) -> None:
    """Serve the app over ``db_path`` on ``host:port`` until interrupted. The socket is bound
    before the sidecar is written, so that a command that reads the sidecar finds the server
    listening; the sidecar goes when the server stops. ``on_ready()`` once it listens."""
    import uvicorn

    from nqpf.api import create_app
    from nqpf.store.remote import remove_sidecar, write_sidecar

    app = create_app(db_path)
    try:
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(2048)
    except OSError as err:
        app.state.db.close()
        raise NqpfError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    local = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host in ("::", "[::]") else host)
    if ":" in local and not local.startswith("["):
        local = f"[{local}]"
    write_sidecar(db_path, f"http://{local}:{port}", app.state.token)
    on_ready()
    # uvicorn stops gracefully on SIGTERM, then raises the signal again to the handler it found:
    # the default one would end the process there, before the sidecar is taken away
    signal.signal(signal.SIGTERM, _stop)
    try:
        # uvloop and httptools when installed
        uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
    finally:
        remove_sidecar(db_path)
        app.state.sessions.close_all()
        app.state.db.close()


def _stop(signum: int, frame: object) -> None:
    sys.exit(0)
