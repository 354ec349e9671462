"""Property-based API tests from the OpenAPI schema (schemathesis, a bounded number of examples per operation):
no 500s, documented status codes and content types. (Driven per operation with hypothesis directly: the
schemathesis pytest plugin does not load under this pytest version.)"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.web.conftest import TOKEN  # noqa: E402

MAX_EXAMPLES = 30


@pytest.fixture(scope="module")
def api_schema(seeded_url: str):  # noqa: ANN201
    from sitrep.web import create_app

    return schemathesis.openapi.from_asgi("/openapi.json", create_app(seeded_url, token=TOKEN))


def _operations() -> list[tuple[str, str]]:
    from sitrep.web.app import create_app  # the schema does not depend on the database: read it from a bare app

    class _NoStore:
        def close(self) -> None: ...

    app = create_app(store=_NoStore())
    return [(m.upper(), p) for p, ops in app.openapi()["paths"].items() for m in ops]


@pytest.mark.parametrize(("method", "path"), _operations())
def test_operation_conforms(api_schema, method: str, path: str) -> None:  # noqa: ANN001
    from schemathesis.checks import content_type_conformance, not_a_server_error, status_code_conformance

    op = api_schema[path][method]

    @given(data=st.data())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(data) -> None:  # noqa: ANN001
        case = data.draw(op.as_strategy())
        if method == "POST" and path == "/api/documents":
            case.headers = {**(case.headers or {}), "Authorization": "Bearer wrong"}  # fuzzing never writes
        case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance])

    run()
