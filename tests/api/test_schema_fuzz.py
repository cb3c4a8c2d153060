"""Schemathesis against the open API, in this process (the Django WSGI app, no server): it
sends requests made from the schema, valid and not, to every operation, and checks each
answer against the schema (status code, content type, headers, body) and that nothing is a
server error. A bounded number of examples an operation keeps the run under a minute.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from schemathesis.checks import positive_data_acceptance

from api.views import api
from config.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = 50

# The schema /api/v1/openapi.json serves (tests/api/test_protocol.py reads it there), made
# here when the module loads, before any database: schemathesis makes a test of each operation.
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
)
schema.app = application


@pytest.fixture(autouse=True)
def _served_to_schemathesis(registry, settings):
    # Its WSGI client says it is "localhost"; nothing is throttled here.
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.API_THROTTLE_RATE = "1000000/min"
    # As Django's test client does: the end of a request must not close the connection, which
    # holds the test's transaction (on PostgreSQL it would, being inside one).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_the_api_answers_every_request_as_its_schema_says(case):
    # A list's cursor is opaque: any text is valid by the schema, and only those the API
    # gave are accepted (400 for the others). The check that a request valid by the schema
    # is accepted holds for the operations without one.
    parameters = {parameter["name"] for parameter in case.operation.definition.raw["parameters"]}
    excluded = [positive_data_acceptance] if "cursor" in parameters else []
    case.call_and_validate(excluded_checks=excluded)
