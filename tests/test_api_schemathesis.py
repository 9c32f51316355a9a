"""Property tests of the API from its own OpenAPI schema: no generated request gets a 500."""

from __future__ import annotations

import atexit
import gc
import tempfile
from pathlib import Path

import pytest
import schemathesis
from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from nqpf.api import create_app
from nqpf.cli import main

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _app():
    # built at import: schemathesis needs the schema when it collects the tests
    db = str(Path(tempfile.mkdtemp(prefix="nqpf-schemathesis-")) / "api.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(SHARED / "seeds"), "--db", db])
    assert result.exit_code == 0, result.output
    return create_app(db)


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@atexit.register
def _release() -> None:
    # close and drop the connection before interpreter shutdown, or duckdb's bindings report leaks
    global APP, schema
    APP.state.db.close()
    APP = schema = None
    gc.collect()


@pytest.mark.property
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_no_server_errors(case):
    case.call_and_validate(checks=[not_a_server_error])
