"""The article editor with its SEO panel, and the endpoints the panel calls.

The edit and create views are Wagtail's own, with one more side panel and
the publishing gate's checks before publishing (seo.admin.gate). The
live endpoints take the editor's form exactly as Wagtail's preview does
(`PreviewOnEditView`/`PreviewOnCreateView`: same permission checks, same
form binding, required fields deferred) and audit the unsaved page, or apply
one fix to it and answer the blocks and fields the fix changed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.preview import PreviewOnCreateView, PreviewOnEditView

from articles.models import ArticlePage
from seo.document import ArticleData

from .gate import PublishGateMixin
from .panel import PanelAudit, SeoSidePanel, article_of

# A form post is bounded by Django's DATA_UPLOAD_MAX_MEMORY_SIZE and
# DATA_UPLOAD_MAX_NUMBER_FIELDS; a fix's arguments are a few ids and words.
MAX_FIX_BYTES = 10_000
PANEL_BODY = "seo/admin/panel_body.html"


class SeoEditView(PublishGateMixin, EditView):
    def get_side_panels(self):
        panels = super().get_side_panels()
        panels.append(
            SeoSidePanel(
                self.page,
                self.request,
                live_url=reverse("seo_panel:edit", args=[self.page.pk]),
                fix_url=reverse("seo_panel:fix_edit", args=[self.page.pk]),
            )
        )
        return panels


class SeoCreateView(PublishGateMixin, CreateView):
    def get_side_panels(self):
        panels = super().get_side_panels()
        args = [
            self.page_content_type.app_label,
            self.page_content_type.model,
            self.parent_page.pk,
        ]
        panels.append(
            SeoSidePanel(
                self.page,
                self.request,
                live_url=reverse("seo_panel:create", args=args),
                fix_url=reverse("seo_panel:fix_create", args=args),
            )
        )
        return panels


def _errors(form) -> dict[str, list[str]]:
    errors = {
        name: [str(e) for e in problems] for name, problems in form.errors.items()
    }
    for formset in getattr(form, "formsets", {}).values():
        for problem in formset.non_form_errors():
            errors.setdefault(formset.prefix, []).append(str(problem))
    return errors


class LiveAuditMixin:
    """POST the editor's form: 200 with the panel's HTML, 400 naming the
    fields that cannot be read, 403 without permission to edit (or add)."""

    http_method_names = ("post",)

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        # The preview views look the page up, and check permission, in
        # setup(); the admin would answer a refusal with a redirect, which a
        # script cannot read.
        self.refusal = None
        try:
            super().setup(request, *args, **kwargs)
        except PermissionDenied:
            self.refusal = _error("You may not edit this page.", 403)
        except Http404:
            self.refusal = _error("No such page.", 404)
        else:
            if not isinstance(self.object, ArticlePage):
                self.refusal = _error("Only articles have an SEO audit.", 404)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        if self.refusal is not None and request.method in ("POST", "OPTIONS"):
            return self.refusal
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        form = self.get_form(request.POST)
        if not self.validate_form(form):
            return _invalid(form)
        form.save(commit=False)
        return self.respond(self.object)

    def respond(
        self, page: ArticlePage, article: ArticleData | None = None, **extra: Any
    ) -> JsonResponse:
        audit = PanelAudit(page, article=article)
        html = render_to_string(PANEL_BODY, {"audit": audit}, request=self.request)
        return JsonResponse(
            {
                "html": html,
                "score": audit.overall,
                "counts": audit.counts,
                "problems": audit.problems,
                **extra,
            }
        )


def _error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _invalid(form) -> JsonResponse:
    errors = _errors(form)
    fields = ", ".join(errors) or "the form"
    return JsonResponse(
        {"error": f"Cannot audit the form: check {fields}.", "fields": errors},
        status=400,
    )


class FixMixin(LiveAuditMixin):
    """POST the editor's form plus `fix` (the finding's fix as the panel
    shows it): 200 with the fixed blocks' form state and fields, and the
    panel as it will be once they are in the form. Nothing is saved."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        # The fixers register themselves beside their checks on import.
        from seo.fixes import FixError, apply_fix, apply_to_page

        raw = request.POST.get("fix", "")
        try:
            if len(raw) > MAX_FIX_BYTES:
                raise ValueError("too long")
            fix = json.loads(raw)
            fix_id, fix_args = fix["id"], fix.get("args") or {}
            if not isinstance(fix_id, str) or not isinstance(fix_args, dict):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return JsonResponse(
                {"error": 'fix: expected {"id": ..., "args": {...}} as JSON.'},
                status=400,
            )
        form = self.get_form(request.POST)
        if not self.validate_form(form):
            return _invalid(form)
        page = form.save(commit=False)
        before = article_of(page)
        try:
            after = apply_fix(before, fix_id, fix_args)
        except FixError as error:
            # An unknown fix is a bad request; one that no longer matches the
            # form (the writer changed the text since the audit) a conflict.
            status = 400 if error.field[:1] == ("id",) else 409
            return _error(str(error), status, field=error.path)
        earlier = _form_states(page)
        earlier_fields = {name: getattr(page, name) for name in PLAIN_FIELDS}
        # Apply saves nothing: hashtags go back to the form as names, not
        # through the tag manager, which would create or re-case shared tags.
        changed_fields = apply_to_page(page, replace(after, hashtags=before.hashtags))
        if list(after.hashtags) != list(before.hashtags):
            changed_fields.append("hashtags")
        now = _form_states(page)
        blocks = [
            block
            for block_id, block in now.items()
            if _content(earlier.get(block_id)) != _content(block)
        ]
        fields = _field_values(page, after, changed_fields)
        undo_fields = {
            name: list(before.hashtags) if name == "hashtags" else earlier_fields[name]
            for name in fields
        }
        undo_blocks = [
            earlier.get(block["id"]) or {**block, "state": None} for block in blocks
        ]
        return self.respond(
            page,
            after,
            changes={"blocks": blocks, "fields": fields},
            undo={"blocks": undo_blocks, "fields": undo_fields},
        )


def _content(block: dict[str, Any] | None) -> tuple | None:
    return (block["type"], block["state"]) if block else None


PLAIN_FIELDS = ("title", "seo_title", "search_description", "intro")


def _form_states(page: ArticlePage) -> dict[str, dict[str, Any]]:
    """Each body block as the editor's block widgets take it, by block id."""
    stream_block = page.body.stream_block
    return {
        child.id: {
            "id": child.id,
            "index": index,
            "type": child.block_type,
            "state": stream_block.child_blocks[child.block_type].get_form_state(
                child.value
            ),
        }
        for index, child in enumerate(page.body)
    }


def _field_values(page: ArticlePage, after, changed: list[str]) -> dict[str, Any]:
    """The plain fields a fix changed, hashtags included, as the form holds
    them."""
    return {
        name: list(after.hashtags) if name == "hashtags" else getattr(page, name)
        for name in changed
        if name != "body"
    }


class LiveAuditOnEdit(LiveAuditMixin, PreviewOnEditView):
    pass


class LiveAuditOnCreate(LiveAuditMixin, PreviewOnCreateView):
    pass


class FixOnEdit(FixMixin, PreviewOnEditView):
    pass


class FixOnCreate(FixMixin, PreviewOnCreateView):
    pass


@require_GET
def hashtag_suggestion(request: HttpRequest) -> JsonResponse:
    """The CamelCase form of what the writer is typing in the hashtags field,
    as the hashtag checks would suggest it."""
    # Imported here: the check modules load when the registry is first read,
    # not in every process that loads the admin's URLs.
    from seo.checks.hashtags import camel_case, segment

    typed = request.GET.get("q", "")[:100].strip().lstrip("#")
    words = [word for part in typed.split() for word in segment(part)]
    suggestion = camel_case(words) if words else ""
    return JsonResponse({"typed": typed, "suggestion": suggestion})
