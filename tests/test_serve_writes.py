"""Ingest while serving (issue 13, item 1), with real processes: `nqpf serve` answers a request loop
while `nqpf ingest`, `reprocess`, `index compute` and `forget` run on the same database; writers
succeed, no request fails, and what they store is visible at once."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
DEMO = ROOT / "demo" / "corpus"


def nqpf(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nqpf", *args], capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, bytes]:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        con.request("GET", path)
        response = con.getresponse()
        return response.status, response.read()
    finally:
        con.close()


def total_documents(port: int) -> int:
    status, body = get(port, "/api/documents?limit=1")
    assert status == 200, body
    return json.loads(body)["total"]


class Server:
    def __init__(self, db: Path):
        self.db, self.port = db, free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "nqpf", "serve", "--db", str(db), "--port", str(self.port)],
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if get(self.port, "/api/regions?limit=1")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("the server did not start")

    def stop(self, how: int = signal.SIGINT) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(how)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.stderr.read()


class RequestLoop(threading.Thread):
    """GET requests at about ``rate`` a second over API routes and pages, until stopped."""

    PATHS = ("/api/regions?limit=20", "/api/documents?limit=5", "/api/facts?type=priorities&limit=20",
             "/region/Guangdong", "/", "/api/industries?limit=10", "/facts", "/api/search?q=robot")

    def __init__(self, port: int, rate: float = 20):
        super().__init__(daemon=True)
        self.port, self.pause = port, 1 / rate
        self.done = threading.Event()
        self.failures: list[str] = []
        self.sent = 0

    def run(self) -> None:
        while not self.done.is_set():
            path = self.PATHS[self.sent % len(self.PATHS)]
            self.sent += 1
            try:
                status, body = get(self.port, path)
                if status != 200:
                    self.failures.append(f"{path}: {status} {body[:200]!r}")
            except OSError as err:
                self.failures.append(f"{path}: {err}")
            time.sleep(self.pause)


@pytest.fixture
def served(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    db = tmp_path / "served.duckdb"
    first = sorted(SEEDS.glob("*.txt"))[0]
    assert nqpf("ingest", str(first), "--db", str(db)).returncode == 0
    server = Server(db)
    yield server
    server.stop()


def test_writers_succeed_while_the_server_answers_every_request(served, tmp_path):
    loop = RequestLoop(served.port)
    loop.start()
    try:
        seeds = sorted(SEEDS.glob("*.txt"))
        for batch in (seeds[1:3], seeds[3:]):
            result = nqpf("ingest", *map(str, batch), "--db", str(served.db))
            assert result.returncode == 0, result.stderr
            ended = time.time()
            expected = 1 + seeds.index(batch[-1])
            while total_documents(served.port) != expected:
                assert time.time() - ended <= 5, "the new documents are not visible 5 s after their ingest"
                time.sleep(0.1)
        result = nqpf("ingest", str(DEMO), "--db", str(served.db))
        assert result.returncode == 0, result.stderr
        for args in (("reprocess", "--all"), ("index", "compute", "--from-db")):
            result = nqpf(*args, "--db", str(served.db))
            assert result.returncode == 0, (args, result.stderr)
        # a query command on the served database reads through the server too
        result = nqpf("regions", "--db", str(served.db), "--format", "json")
        assert result.returncode == 0, result.stderr
        assert any(r["code"] == "440000" for r in json.loads(result.stdout))
        before = total_documents(served.port)
        target = seeds[0].stem
        result = nqpf("forget", target, "--db", str(served.db))
        assert result.returncode == 0, result.stderr
        assert total_documents(served.port) == before - 1
        status, body = get(served.port, f"/api/history?target={target}")
        assert status == 404, body
    finally:
        loop.done.set()
        loop.join()
    assert loop.sent >= 20
    assert loop.failures == []


def test_two_writers_at_once_both_succeed(served):
    seeds = sorted(SEEDS.glob("*.txt"))
    procs = [subprocess.Popen([sys.executable, "-m", "nqpf", "ingest", *map(str, part), "--db", str(served.db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for part in (seeds[1:3], [DEMO])]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    demo_docs = len([p for p in DEMO.iterdir() if p.is_file()])
    assert total_documents(served.port) == 3 + demo_docs


def test_a_killed_writer_leaves_nothing_and_blocks_no_one(served, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    text = (SEEDS / sorted(os.listdir(SEEDS))[1]).read_text(encoding="utf-8")
    with corpus.open("w", encoding="utf-8") as f:
        for i in range(400):
            f.write(json.dumps({"id": f"d{i}", "text": f"Report number {i}. {text}"}) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "nqpf", "ingest", str(corpus), "--db", str(served.db),
                             "--batch-size", "50"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    proc.kill()
    proc.wait()
    stored = total_documents(served.port)
    assert (stored - 1) % 50 == 0, "a batch was stored in part"
    result = nqpf("ingest", str(corpus), "--db", str(served.db), timeout=600)
    assert result.returncode == 0, result.stderr
    assert total_documents(served.port) == 401


def test_stopped_or_killed_server_hands_the_file_back(served):
    sidecar = Path(f"{served.db.resolve()}.serving.json")
    assert sidecar.exists()
    assert oct(sidecar.stat().st_mode & 0o777) == "0o600"
    second = nqpf("serve", "--db", str(served.db), "--port", str(free_port()), timeout=60)
    assert second.returncode == 1
    assert "already served by `nqpf serve`" in second.stderr and "Traceback" not in second.stderr
    refused = nqpf("sql", "SELECT 1", "--db", str(served.db))
    assert refused.returncode == 1 and "needs the file to itself" in refused.stderr
    served.stop(signal.SIGTERM)
    assert served.proc.returncode == 0
    assert not sidecar.exists()
    result = nqpf("ingest", str(DEMO), "--db", str(served.db))
    assert result.returncode == 0, result.stderr
    # killed: the sidecar stays, but names a process that is gone, and is passed over
    again = Server(served.db)
    again.proc.kill()
    again.proc.wait()
    assert sidecar.exists()
    result = nqpf("regions", "--db", str(served.db))
    assert result.returncode == 0, result.stderr


def test_forget_through_the_api_needs_the_token(served):
    token = json.loads(Path(f"{served.db.resolve()}.serving.json").read_text())["token"]
    doc = json.loads(get(served.port, "/api/documents?limit=1")[1])["items"][0]["id"]

    def delete(headers: dict[str, str]) -> tuple[int, dict]:
        con = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        con.request("DELETE", f"/api/documents?target={doc}", headers=headers)
        response = con.getresponse()
        return response.status, json.loads(response.read())

    status, body = delete({})
    assert status == 403 and body["ok"] is False
    assert delete({"X-Nqpf-Token": "guess"})[0] == 403
    status, body = delete({"X-Nqpf-Token": token})
    assert status == 200 and body["forgotten"] == [doc]
    assert total_documents(served.port) == 0
    assert delete({"X-Nqpf-Token": token})[0] == 404


def test_the_server_is_not_left_with_the_sidecar_of_a_failed_start(tmp_path):
    db = tmp_path / "x.duckdb"
    assert nqpf("ingest", str(DEMO), "--db", str(db)).returncode == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = nqpf("serve", "--db", str(db), "--port", str(port), timeout=60)
    assert result.returncode == 1 and "cannot listen" in result.stderr
    assert not Path(f"{db.resolve()}.serving.json").exists()
    assert nqpf("regions", "--db", str(db)).returncode == 0


def test_a_reading_command_cannot_write_through_the_server(served):
    from nqpf.store import open_database

    con = open_database(str(served.db))
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        with pytest.raises(Exception, match="read-only"):
            con.execute("DELETE FROM documents")
    finally:
        con.close()
    assert total_documents(served.port) == 1
