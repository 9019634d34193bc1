"""One JSON log line per request and per error, sharing a request id."""

import io
import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter

from cms.request_logging import RequestIdFilter, logging_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log(caplog):
    """The JSON lines the production LOGGING would write, read back as dicts."""
    config = logging_config(json=True)
    spec = dict(config["formatters"]["default"])
    assert spec.pop("()") == "pythonjsonlogger.json.JsonFormatter"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**spec))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.INFO, logger="cms.request")
    # The levels the configuration gives Django's loggers (django.request: ERROR).
    for name, logger_config in config["loggers"].items():
        caplog.set_level(logger_config["level"], logger=name)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_a_request_logs_one_json_line(client, json_log):
    response = client.get("/healthz")

    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    lines = [line for line in json_log() if line["name"] == "cms.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == request_id
    assert line["level"] == "INFO"
    assert "time" in line


def test_a_sane_request_id_is_kept_and_a_hostile_one_replaced(client, json_log):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-1234.abc:7"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "x\r\nSet-Cookie: a"})
    too_long = client.get("/healthz", headers={"X-Request-ID": "a" * 129})

    assert kept["X-Request-ID"] == "lb-1234.abc:7"
    assert replaced["X-Request-ID"] != "x\r\nSet-Cookie: a"
    assert len(replaced["X-Request-ID"]) == 32
    assert len(too_long["X-Request-ID"]) == 32
    ids = [line["request_id"] for line in json_log() if line["name"] == "cms.request"]
    assert ids == [r["X-Request-ID"] for r in (kept, replaced, too_long)]


@pytest.mark.urls("tests.cms.urls_faults")
def test_an_error_logs_its_traceback_with_the_request_id(client, json_log):
    client.raise_request_exception = False

    response = client.get("/test-faults/boom/")

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    lines = json_log()
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["name"] == "django.request"
    assert error["request_id"] == request_id
    assert "Traceback" in error["exc_info"]
    assert "RuntimeError: boom for the log test" in error["exc_info"]
    # The request line says the same request ended in a 500.
    (request_line,) = [line for line in lines if line["name"] == "cms.request"]
    assert request_line["status"] == 500
    assert request_line["request_id"] == request_id


@pytest.mark.urls("tests.cms.urls_faults")
def test_every_line_of_a_503_carries_the_request_id(client, json_log):
    """Django logs a 5xx response after the middleware chain has returned."""
    response = client.get("/api/test-faults/db-down/")

    assert response.status_code == 503
    lines = json_log()
    assert {line["name"] for line in lines} == {
        "cms.database",
        "django.request",
        "cms.request",
    }
    assert {line["request_id"] for line in lines} == {response["X-Request-ID"]}


def test_a_404_is_one_line_not_two(client, json_log):
    response = client.get("/api/v2/pages/999999/")

    assert response.status_code == 404
    lines = json_log()
    assert [line["name"] for line in lines] == ["cms.request"]
    assert lines[0]["status"] == 404
