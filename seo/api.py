"""SEO routes for Wagtail 8's v3 API: stored audits, draft audits, the checks.

Mounted at /api/v3/seo/ from `SeoConfig.ready()`. An audit is served in the
JSON report's shape (`seo/formats/schema.json`): `article` is one entry of the
report's `articles`, and the OpenAPI document describes it with that same JSON
Schema, so there is one shape of a report, not two.

Permissions (a bearer token's user; anonymous callers get 401):
- the list of checks: anyone who may use the Wagtail admin;
- a stored audit: those who may edit the page in the admin, as the editor's
  Checks panel shows it to them (findings are not public);
- an audit of posted content: those who may add, edit or publish pages; it
  costs CPU, and site-wide checks name other articles, drafts included;
- a fix of posted content (a finding's `fix`, applied and returned, nothing
  stored): the same.
"""

import copy
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema
from pydantic import field_validator
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, as_validation_error
from wagtail.api.v3.permissions import require_any_permission
from wagtail.models import Page

from articles.api_v3 import ArticleBody, Hashtags
from seo.document import ArticleData, Document
from seo.findings import Level
from seo.fixes import FixError, apply_fix, changed_blocks, changed_fields
from seo.formats import SCHEMA_VERSION, dumps
from seo.formats.json import schema as report_schema
from seo.models import SeoAudit
from seo.storage import SCORE_FIELDS

if TYPE_CHECKING:
    from seo.audit import Auditor

# seo.runner and seo.audit load every check (and what the checks load) when
# they are imported; this module is imported by SeoConfig.ready() in every
# process, management commands included, so the routes import them on use.

router = Router(tags=["seo"], auth=BearerTokenAuth())


# --- the OpenAPI description, from the report's JSON Schema -------------------


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """A schema.json definition with its "#/$defs/..." references resolved, so
    it can stand in an OpenAPI operation on its own."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inline(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


def _report_definition(name: str) -> dict[str, Any]:
    defs = report_schema()["$defs"]
    return _inline(copy.deepcopy(defs[name]), defs)


def audit_schema() -> dict[str, Any]:
    """One audited article, as in the JSON report, with when and by what."""
    return {
        "type": "object",
        "required": ["schema_version", "engine_version", "audited_at", "article"],
        "additionalProperties": False,
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "engine_version": {"type": "string"},
            "audited_at": {"type": "string", "format": "date-time"},
            "article": _report_definition("article"),
        },
    }


def checks_schema() -> dict[str, Any]:
    """`seo_audit --list-checks --format json`, with each check's help text."""
    check = _report_definition("check")
    check["required"] = [*check["required"], "silenced", "help_text"]
    check["properties"] = {
        **check["properties"],
        "silenced": {"type": "boolean", "description": "In SEO_SILENCED_CHECKS."},
        "help_text": {
            "type": "string",
            "description": "Why it matters, the threshold and how to fix it.",
        },
    }
    return {"type": "array", "items": check}


PROBLEM = {
    "content": {"application/problem+json": {"schema": ProblemDetail.json_schema()}}
}


def _responses(ok: dict[str, Any], *errors: int) -> dict[str, Any]:
    descriptions = {
        401: "No valid bearer token.",
        403: "The token's user lacks the permission.",
        404: "No such page, or no stored audit of it.",
        422: "The request is invalid; `errors` names each field.",
    }
    return {
        "responses": {
            200: {"description": "OK", "content": {"application/json": {"schema": ok}}},
            **{
                status: {"description": descriptions[status], **PROBLEM}
                for status in errors
            },
        }
    }


def _json(payload: Any) -> HttpResponse:
    # The report's own encoder: a finding's measured value may be a date or a set.
    return HttpResponse(dumps(payload), content_type="application/json")


# --- the checks ------------------------------------------------------------------


def _require_admin_access(request: HttpRequest) -> None:
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied("Needs access to the Wagtail admin.")


@router.get(
    "/checks/",
    url_name="seo_checks",
    summary="List the SEO checks",
    operation_id="seo_checks_list",
    openapi_extra=_responses(checks_schema(), 401, 403),
)
def list_checks(request: HttpRequest) -> list[dict[str, Any]]:
    _require_admin_access(request)
    from seo import runner

    return [
        info.listing_json() for info in runner.describe_checks(runner.select_checks())
    ]


# --- a stored audit ----------------------------------------------------------------


def _counts(results: list[dict[str, Any]]) -> dict[str, int]:
    counts = {level.label: 0 for level in Level}
    for result in results:
        for finding in result["findings"]:
            counts[finding["level"]] += 1
    return counts


def _stored_audit(audit: SeoAudit, page: Page) -> dict[str, Any]:
    revision = audit.revision
    content = revision.content if revision is not None else {}
    scores = {"overall": audit.overall_score}
    for category, field in SCORE_FIELDS.items():
        scores[category] = getattr(audit, field)
    return {
        "schema_version": SCHEMA_VERSION,
        "engine_version": audit.engine_version,
        "audited_at": audit.audited_at,
        "article": {
            "page_id": audit.page_id,
            "revision_id": audit.revision_id,
            "title": content.get("title", page.title),
            "slug": content.get("slug", page.slug),
            "source": getattr(page, "source_file", ""),
            "scores": scores,
            "counts": _counts(audit.results),
            "results": audit.results,
        },
    }


@router.get(
    "/audits/{page_id}/",
    url_name="seo_audit_detail",
    summary="The latest stored SEO audit of a page",
    operation_id="seo_audits_detail",
    openapi_extra=_responses(audit_schema(), 401, 403, 404),
)
def get_audit(request: HttpRequest, page_id: int) -> HttpResponse:
    _require_admin_access(request)
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404(f"No page with ID {page_id}.")
    page = page.specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied(f"You may not edit page {page_id}.")
    audit = (
        SeoAudit.objects.filter(page_id=page_id)
        .select_related("revision")
        .order_by("-audited_at", "-pk")
        .first()
    )
    if audit is None:
        raise Http404(
            f"Page {page_id} has no stored audit yet: run "
            f"`manage.py seo_audit --page {page_id} --save`."
        )
    return _json(_stored_audit(audit, page))


# --- an audit of posted content ----------------------------------------------------


class ArticleInput(Schema):
    """An article's fields and blocks, as the audit reads them."""

    title: Annotated[str, Field(min_length=1, max_length=255)]
    body: ArticleBody = Field(default_factory=list)
    slug: Annotated[str, Field(max_length=255)] = ""
    seo_title: Annotated[str, Field(max_length=255)] = ""
    search_description: str = ""
    intro: str = ""
    hashtags: Hashtags = Field(default_factory=list)
    focus_keyphrase: Annotated[str, Field(max_length=100)] = ""
    keyphrase_synonyms: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list
    )
    canonical_url: Annotated[str, Field(max_length=200)] = ""
    noindex: bool = False
    cornerstone: bool = False
    target_grade: Annotated[int, Field(ge=1, le=18)] | None = None
    reviewer: Annotated[str, Field(max_length=255)] = Field(
        "", description="The medical reviewer's name and credentials."
    )
    last_reviewed: date | None = None

    @field_validator("keyphrase_synonyms")
    @classmethod
    def strip_synonyms(cls, values: list[str]) -> list[str]:
        return [value.strip() for value in values if value.strip()]

    def article_data(self, disclaimer: str) -> ArticleData:
        # This schema's fields are ArticleData's, by the same names.
        fields = self.model_dump(include=set(ArticleInput.model_fields) - {"body"})
        return ArticleData.from_fields(
            fields,
            body=[item.model_dump(mode="json") for item in self.body],
            site_disclaimer=disclaimer,
        )


class ArticleAuditInput(ArticleInput):
    """An article as the audit reads it; nothing is stored."""

    checks: list[str] = Field(
        default_factory=list, description="Check ids to run; all when empty."
    )
    tags: list[str] = Field(
        default_factory=list, description="Run the checks with these tags."
    )
    site_checks: bool = Field(
        False,
        description="Also run the site-wide checks against the stored library "
        "(duplicates, cannibalization, links): slower.",
    )


def _auditor(data: ArticleAuditInput) -> "Auditor":
    from seo import runner
    from seo.audit import Auditor

    try:
        checks = runner.select_checks(
            data.checks, data.tags, how_to_list="GET /api/v3/seo/checks/"
        )
    except runner.SelectionError as error:
        loc = ("body", "checks" if data.checks else "tags")
        raise as_validation_error(error, str(error), loc=loc) from error
    auditor = Auditor(checks)
    if not auditor.checks:
        raise as_validation_error(
            ValueError(), "Every selected check is silenced.", loc=("body", "checks")
        )
    return auditor


@router.post(
    "/audit/",
    url_name="seo_audit_run",
    summary="Audit an article's fields and blocks without storing anything",
    operation_id="seo_audit_run",
    openapi_extra=_responses(audit_schema(), 401, 403, 422),
)
@require_any_permission(Page, ("add", "change", "publish"))
def run_audit(request: HttpRequest, data: ArticleAuditInput) -> HttpResponse:
    from seo import runner
    from seo.audit import ENGINE_VERSION, AuditReport

    auditor = _auditor(data)
    site = runner.site_index_for(auditor) if data.site_checks else None
    article = data.article_data(runner.Disclaimers.load().default)
    report: AuditReport = auditor.audit(Document(article, site))
    return _json(
        {
            "schema_version": SCHEMA_VERSION,
            "engine_version": ENGINE_VERSION,
            "audited_at": timezone.now(),
            "article": report.as_json(),
        }
    )


# --- a fix of posted content -----------------------------------------------------


class FixInput(Schema):
    """A finding's `fix`, as the audit's JSON gives it (its label is optional)."""

    id: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="The fix's id."
    )
    label: str = Field("", description="Ignored: the button text shown.")
    args: dict[str, Any] = Field(
        default_factory=dict,
        description="The fix's args: what to change, and the text expected there.",
    )


class ArticleFixInput(ArticleInput):
    """An article and one fix to apply to it; nothing is stored."""

    fix: FixInput


def _article_json(data: ArticleInput, article: ArticleData) -> dict[str, Any]:
    """The article in its input's shape, with the fixed fields and blocks."""
    out = data.model_dump(mode="json", exclude={"fix"})
    out.update(
        title=article.title,
        seo_title=article.seo_title,
        search_description=article.search_description,
        intro=article.intro,
        hashtags=list(article.hashtags),
        body=[dict(block) for block in article.body],
    )
    return out


def fix_schema() -> dict[str, Any]:
    """The fixed article (the request's article, without `fix`) and what the
    fix changed."""
    article = ArticleInput.model_json_schema()
    article = _inline(article, article.pop("$defs", {}))
    location = {
        "type": "object",
        "required": ["block", "block_id"],
        "additionalProperties": False,
        "properties": {
            "block": {"type": "integer", "description": "The block's index."},
            "block_id": {"type": ["string", "null"]},
        },
    }
    return {
        "type": "object",
        "required": ["article", "changed_fields", "changed_blocks"],
        "additionalProperties": False,
        "properties": {
            "article": article,
            "changed_fields": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The article's fields the fix changed (body: "
                "any block).",
            },
            "changed_blocks": {
                "type": "array",
                "items": location,
                "description": "The blocks the fix changed or added.",
            },
        },
    }


@router.post(
    "/fix/",
    url_name="seo_fix_run",
    summary="Apply one finding's fix to an article's fields and blocks, "
    "storing nothing",
    description="Post the article as for `/audit/`, with `fix` copied from a "
    "finding of its audit. The answer is the article with the fix applied, in "
    "the same shape, and what changed. A fix whose article has changed since "
    "the audit (the block is gone, its text differs) is refused with 422 "
    "naming the field of `fix` that no longer matches.",
    operation_id="seo_fix_run",
    openapi_extra=_responses(fix_schema(), 401, 403, 422),
)
@require_any_permission(Page, ("add", "change", "publish"))
def run_fix(request: HttpRequest, data: ArticleFixInput) -> HttpResponse:
    article = data.article_data("")
    try:
        fixed = apply_fix(article, data.fix.id, data.fix.args)
    except FixError as error:
        raise as_validation_error(
            error, str(error), loc=("body", "fix", *error.field)
        ) from error
    return _json(
        {
            "article": _article_json(data, fixed),
            "changed_fields": changed_fields(article, fixed),
            "changed_blocks": changed_blocks(article, fixed),
        }
    )
