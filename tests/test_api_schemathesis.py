"""Property tests of the API from its own OpenAPI schema, with every schemathesis check: no 500,
every status and error body documented, invalid input refused, valid input accepted, unsupported
methods answered 405 with an Allow header."""

from __future__ import annotations

import atexit
import gc
import tempfile
from pathlib import Path

import pytest
import schemathesis
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

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
# every check on, stated here rather than left to schemathesis' defaults
CONFIG = schemathesis.Config.from_dict({"checks": {"enabled": True}})
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


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
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()


@pytest.mark.property
def test_api_links_between_operations_hold():
    # the stateful phase: follow the links schemathesis infers (a list's ids into the item endpoints)
    machine = schema.as_state_machine()
    machine.run(settings=settings(max_examples=10, stateful_step_count=4, deadline=None,
                                  suppress_health_check=list(HealthCheck)))
