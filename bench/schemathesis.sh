#!/bin/sh
# Schemathesis over API v3, run once by hand (CI runs the short, derandomized
# tests/api/test_openapi_schemathesis.py instead): every phase, the stateful one
# included, up to 200 examples per operation, with a superuser's bearer token.
#
#   bench/schemathesis.sh [REPORT_DIR]        (default /tmp/schemathesis-report)
#
# The server is the one bench/_services.py starts: gunicorn with the production
# settings, a private PostgreSQL and Redis on spare 127.0.0.1 ports, a fresh
# database with the seed articles imported and published (a throwaway copy:
# schemathesis creates, edits and deletes pages in it), and a bearer token from
# `manage.py api_tokens create`. The failed-login lockout is raised so that
# schemathesis's requests without or with a wrong token do not lock out the
# address for the rest of the run. Everything is stopped at the end.
#
# It prints schemathesis's own summary, then the count of responses with a
# 5xx status, by operation, from the NDJSON report.
set -eu
cd "$(dirname "$0")/.."
REPORT_DIR=$(realpath -m "${1:-/tmp/schemathesis-report}")
mkdir -p "$REPORT_DIR"
export REPORT_DIR

.venv/bin/python bench/_services.py --token --log "$REPORT_DIR/gunicorn.log" \
    --env LOGIN_FAILURE_LIMIT=1000000 -- sh -c '
    .venv/bin/schemathesis run "$BASE_URL/api/v3/openapi.json" --url "$BASE_URL" \
        --phases examples,coverage,fuzzing,stateful --max-examples 200 \
        --checks not_a_server_error --continue-on-failure \
        --header "Authorization: Bearer $API_TOKEN" \
        --header "X-Forwarded-Proto: https" \
        --workers 2 --seed 11 --request-timeout 60 --suppress-health-check all \
        --report ndjson,junit --report-dir "$REPORT_DIR"' || status=$?
echo "schemathesis exit status: ${status:-0}"
# Every response schemathesis recorded, from its NDJSON report: the total, and
# each 5xx with its operation, request and the start of its body.
.venv/bin/python - "$REPORT_DIR" <<'PY'
import base64, collections, glob, json, os, sys

report = max(glob.glob(os.path.join(sys.argv[1], "ndjson-*.ndjson")), key=os.path.getmtime)
statuses, errors, phases = collections.Counter(), [], collections.Counter()
for line in open(report):
    try:
        event = json.loads(line).get("ScenarioFinished")
    except ValueError:  # a line cut short by an interrupted run
        continue
    if not event:
        continue
    recorder = event["recorder"]
    for case_id, interaction in recorder.get("interactions", {}).items():
        response = interaction.get("response") or {}
        status = response.get("status_code", 0)
        statuses[status // 100 * 100 if status else 0] += 1
        phases[event["phase"]] += 1
        if status >= 500:
            case = recorder["cases"][case_id]["value"]
            content = response.get("content") or {}
            body = content.get("$base64", "")
            body = base64.b64decode(body).decode(errors="replace") if body else ""
            errors.append(
                (recorder["label"], status, event["phase"], interaction["request"]["uri"],
                 json.dumps(case.get("body"))[:300], body[:300])
            )
print(f"\nresponses recorded: {sum(statuses.values())}, by class "
      + ", ".join(f"{k or 'none'}: {v}" for k, v in sorted(statuses.items()))
      + "; by phase " + ", ".join(f"{k}: {v}" for k, v in phases.items()))
print(f"5xx responses: {len(errors)}")
for label, status, phase, uri, body, answer in errors:
    print(f"- {status} {label} ({phase}) {uri}\n    body {body}\n    answer {answer}")
PY
exit "${status:-0}"
