"""The publishing gate: the SEO review workflow task, the confirmation before
publishing a revision with error-level findings, and the hard block.

Every door audits the content it is about to publish, as the audit on save
does (seo.tasks: without the site-wide checks, whose index reads the whole
library): the editor's submitted form, the revision an API v3 publish, a
workflow approval or a bulk publish makes live.

- Confirmation (the page editor only): a publish whose content has
  error-level findings first answers a page listing them, which re-posts the
  same form with "Publish anyway" or "Back to editing" (`PublishGateMixin`).
- Hard block: the checks a site's SEO publishing policy names
  (`SeoPublishingPolicy`) must not fail (a bad verdict). A user publishing
  one that does is refused, wherever they publish: the editor (and Wagtail's
  revert-and-publish, through `before_publish_page`), a workflow approval
  that publishes (`workflow_approved`, inside the approval's transaction), a
  bulk publish (`before_bulk_action`), API v3 (the registered publish, create
  and edit actions raise `PublishBlocked`, a PermissionDenied, which the API
  answers as a 403 problem+json naming the checks). A superuser may
  override it from the page editor, and only there: an explicit "Publish
  anyway (override)" naming the checks, logged in the page's history as
  `seo.publish_override`. Publishing with no user (the
  editors' own command-line tools, `publish_scheduled`) is not gated.
- The SEO review task (seo.models.SeoReviewTask) audits the submitted
  revision, stores the audit, and approves it itself or waits for a
  moderator, who sees `Review` in the action's modal.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.actions import PublishPageRevisionAction
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page, Revision, Site

from articles.models import ArticlePage
from seo.admin.panel import band
from seo.audit import Auditor, AuditReport
from seo.document import ArticleData, Document
from seo.findings import Level, Status
from seo.models import SeoAudit, SeoPublishingPolicy
from seo.sources import (
    Disclaimers,
    article_from_page,
    article_from_revision,
    load_articles,
)

if TYPE_CHECKING:
    from django.http import HttpResponse

    from seo.models import SeoReviewTaskState

# Form fields the gate's page adds to the re-posted editor form.
CONFIRM = "seo-gate-confirm"
OVERRIDE = "seo-gate-override"
BACK = "seo-gate-back"
OVERRIDE_ACTION = "seo.publish_override"
TEMPLATE = "seo/admin/gate/publish.html"
# The fields the gate's page must not carry over: its own, and the CSRF token
# its form renders afresh.
NOT_REPOSTED = frozenset({CONFIRM, OVERRIDE, BACK, "csrfmiddlewaretoken"})


# --- what an audit says to the gate ---------------------------------------------


@dataclass(frozen=True)
class CheckRef:
    id: str
    title: str

    def __str__(self) -> str:
        return f"{self.title} ({self.id})"

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title}


@dataclass(frozen=True)
class GateFinding:
    check: CheckRef
    level: str
    message: str
    hint: str


def _titles() -> dict[str, str]:
    from seo.checks import registry

    return {check.id: check.title for check in registry.all()}


def findings_of(results: Iterable[dict[str, Any]], lowest: Level) -> list[GateFinding]:
    """The findings at `lowest` level or above in a report's JSON results
    (`AuditReport.as_json()` or `SeoAudit.results`), the most serious first."""
    titles = _titles()
    found = [
        (Level.parse(finding["level"]), number, result["check"], finding)
        for number, result in enumerate(results)
        if result.get("status") != Status.NOT_APPLICABLE
        for finding in result.get("findings") or ()
    ]
    found = [item for item in found if item[0] >= lowest]
    found.sort(key=lambda item: (-item[0], item[1]))
    return [
        GateFinding(
            CheckRef(check_id, titles.get(check_id, check_id)),
            level.label,
            finding.get("message", ""),
            finding.get("hint", ""),
        )
        for level, _, check_id, finding in found
    ]


def audit(data: ArticleData) -> AuditReport:
    """The audit the gate judges by: the audit on save's (no site index)."""
    return Auditor().audit(Document(data))


@dataclass(frozen=True)
class Verdict:
    """An audit of content about to be published, and what the gate makes
    of it: the error-level findings to confirm, the policy's failing checks."""

    report: AuditReport
    blocking: tuple[CheckRef, ...] = ()

    @classmethod
    def of(cls, report: AuditReport, required: Iterable[str]) -> Verdict:
        required = set(required)
        titles = _titles()
        failing = tuple(
            CheckRef(result.check_id, titles.get(result.check_id, result.check_id))
            for result in report.results
            if result.check_id in required and result.status is Status.BAD
        )
        return cls(report, failing)

    @property
    def score(self) -> int | None:
        return self.report.scores.overall

    @property
    def band(self) -> str:
        return band(self.score)

    @cached_property
    def results(self) -> list[dict[str, Any]]:
        return [result.as_json() for result in self.report.results]

    @cached_property
    def errors(self) -> list[GateFinding]:
        return findings_of(self.results, Level.ERROR)

    @property
    def blocking_ids(self) -> list[str]:
        return [check.id for check in self.blocking]


class Policy:
    """The checks each site's SEO publishing policy requires, read once.

    Pages are matched to sites by tree path (the deepest root containing the
    page), as their disclaimers are; a page outside every site gets the
    default site's policy. Rows are only read: a site without one requires
    nothing (BaseSiteSetting.for_site would create it)."""

    def __init__(self, by_root: list[tuple[str, frozenset[str]]], default: frozenset):
        self.by_root = sorted(by_root, key=lambda pair: -len(pair[0]))
        self.default = default

    @classmethod
    def load(cls) -> Policy:
        required = {
            site_id: frozenset(checks or ())
            for site_id, checks in SeoPublishingPolicy.objects.values_list(
                "site_id", "blocking_checks"
            )
        }
        sites = list(Site.objects.select_related("root_page"))
        by_root = [
            (site.root_page.path, required.get(site.pk, frozenset())) for site in sites
        ]
        default = next(
            (required.get(s.pk, frozenset()) for s in sites if s.is_default_site),
            frozenset(),
        )
        return cls(by_root, default)

    @property
    def requires_any(self) -> bool:
        return bool(self.default) or any(checks for _, checks in self.by_root)

    def for_path(self, path: str) -> frozenset[str]:
        if path:
            for root, checks in self.by_root:
                if path.startswith(root):
                    return checks
        return self.default


def article_for(page: ArticlePage, path: str) -> ArticleData:
    """A page object (an editor's or API's unsaved form included) as the
    audit reads it, with the disclaimer of the site at `path`."""
    return article_from_page(page, disclaimer=Disclaimers.load().for_path(path))


def judge(data: ArticleData, path: str, policy: Policy | None = None) -> Verdict:
    policy = policy or Policy.load()
    return Verdict.of(audit(data), policy.for_path(path))


def blocked(
    article: Callable[[], ArticleData | None], path: str, policy: Policy | None = None
) -> tuple[CheckRef, ...]:
    """The policy's checks that the article fails; it is not even read when
    the policy of its site requires none."""
    required = (policy or Policy.load()).for_path(path)
    if not required:
        return ()
    data = article()
    if data is None:
        return ()
    return Verdict.of(audit(data), required).blocking


class PublishBlocked(PermissionDenied):
    """Publishing refused: the content fails checks the SEO publishing
    policy requires. API v3 answers it as a 403 problem+json whose detail
    names them."""

    def __init__(self, checks: Iterable[CheckRef], title: str = ""):
        self.checks = tuple(checks)
        what = f"'{title}'" if title else "The article"
        super().__init__(
            f"Publishing refused by the SEO publishing policy: {what} fails "
            f"{refusal_list(self.checks)}. Fix the article first; only a superuser "
            "may override the policy, from the page editor."
        )


def refusal_list(checks: Iterable[CheckRef]) -> str:
    return ", ".join(str(check) for check in checks)


# --- content the editor has judged -------------------------------------------------

# The page the article editor is publishing (or approving), after the gate
# passed it or a superuser overrode it: the guards below, which Wagtail runs
# inside that publish, need not audit it again, nor refuse the override.
_cleared: contextvars.ContextVar[Page | None] = contextvars.ContextVar(
    "seo_gate_cleared", default=None
)


@contextmanager
def cleared(page: Page) -> Iterator[None]:
    token = _cleared.set(page)
    try:
        yield
    finally:
        _cleared.reset(token)


def is_cleared(page: Page) -> bool:
    judged = _cleared.get()
    return judged is not None and (
        judged is page or (page.pk is not None and judged.pk == page.pk)
    )


def log_override(page: Page, user: Any, checks: Iterable[CheckRef], action: str):
    log(
        instance=page,
        action=OVERRIDE_ACTION,
        user=user,
        data={"action": action, "checks": [check.as_json() for check in checks]},
        revision=page.get_latest_revision(),
    )


@hooks.register("register_log_actions")
def register_gate_log_actions(actions) -> None:
    @actions.register_action(OVERRIDE_ACTION)
    class PublishOverride(LogFormatter):
        label = "SEO policy overridden"

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            checks = ", ".join(
                f"{check.get('title')} ({check.get('id')})"
                for check in data.get("checks", ())
            )
            verb = "Approved" if data.get("action") == "approve" else "Published"
            return f"{verb} despite the SEO publishing policy; failing: {checks}"


# --- the page editor --------------------------------------------------------------


class PublishGateMixin:
    """For the article edit and create views: the confirmation and the hard
    block before "Publish", and the hard block before a workflow approval
    that publishes.

    The gate's page carries the editor's whole form as hidden fields, so its
    buttons post it back unchanged: "Publish anyway" with CONFIRM (or a
    superuser's "Publish anyway (override)" with OVERRIDE, the ids of the
    checks overridden), and "Back to editing" with BACK, which shows the
    editor again with the posted form, unsaved, as after a validation error.
    """

    gate_override: tuple[CheckRef, ...] = ()

    def policy_path(self, page: Page) -> str:
        """The tree path that decides the page's site."""
        return page.path or self.parent_page.path

    def form_valid(self, form):
        if self.request.POST.get(BACK) and not self.expects_json_response:
            self.has_unsaved_changes = True
            return self.render_to_response(self.get_context_data())
        return super().form_valid(form)

    def publish_action(self):
        page = self.form.save(commit=False)
        path = self.policy_path(page)
        verdict = judge(article_for(page, path), path)
        refusal = self.gate(verdict, action="publish", confirm=True)
        if refusal is not None:
            return refusal
        with cleared(page):
            response = super().publish_action()
        if self.gate_override:
            log_override(self.page, self.request.user, self.gate_override, "publish")
        return response

    def perform_workflow_action(self):
        state = self.page.current_workflow_state
        if self.workflow_action != "approve" or not (state and state.is_at_final_task):
            return super().perform_workflow_action()
        # Approving the last task publishes the page as the form holds it.
        page = self.form.save(commit=False)
        path = self.policy_path(page)
        refusal = self.gate(judge(article_for(page, path), path), action="approve")
        if refusal is not None:
            return refusal
        with cleared(page):
            response = super().perform_workflow_action()
        if self.gate_override:
            log_override(self.page, self.request.user, self.gate_override, "approve")
        return response

    def gate(
        self, verdict: Verdict, *, action: str, confirm: bool = False
    ) -> HttpResponse | None:
        """None to go ahead; otherwise the response that stops the action."""
        post = self.request.POST
        if verdict.blocking:
            overridden = set(post.get(OVERRIDE, "").split(","))
            if self.request.user.is_superuser and set(verdict.blocking_ids) <= (
                overridden
            ):
                self.gate_override = verdict.blocking
                return None
            return self.gate_page(verdict, action, status=403)
        if confirm and verdict.errors and not post.get(CONFIRM):
            return self.gate_page(verdict, action)
        return None

    def gate_page(self, verdict: Verdict, action: str, status: int = 200):
        if self.expects_json_response:
            return self.json_error_response(
                "seo_gate",
                str(PublishBlocked(verdict.blocking))
                if verdict.blocking
                else "The article has error-level SEO findings: publish from "
                "the editor to confirm.",
            )
        title = self.form.instance.title or self.page.get_admin_display_title()
        context = {
            "verdict": verdict,
            "action": action,
            "title": title,
            "page_title": (
                f"Publishing '{title}' refused"
                if verdict.blocking
                else f"Publish '{title}'?"
            ),
            "header_icon": "warning" if verdict.blocking else "doc-full-inverse",
            "can_override": verdict.blocking and self.request.user.is_superuser,
            "override_value": ",".join(verdict.blocking_ids),
            "reposted": [
                (name, value)
                for name, values in self.request.POST.lists()
                if name not in NOT_REPOSTED
                for value in values
            ],
            "fields": {"confirm": CONFIRM, "override": OVERRIDE, "back": BACK},
        }
        return TemplateResponse(self.request, TEMPLATE, context, status=status)


# --- the other doors ------------------------------------------------------------


class GatedPublishPageRevisionAction(PublishPageRevisionAction):
    """The publish action API v3 runs (registered for Page, which is what the
    v3 publish route looks up): refuses an article that fails the policy."""

    def check(self, skip_permission_checks: bool = False) -> None:
        super().check(skip_permission_checks=skip_permission_checks)
        if self.user is None or not isinstance(self.object, ArticlePage):
            return
        checks = blocked(lambda: article_from_revision(self.revision), self.object.path)
        if checks:
            raise PublishBlocked(checks, self.object.title)


class GatesPublishing:
    """For the article create and edit actions (API v3's create or update
    with "action": "publish"): the submitted form's content must pass the
    policy before anything is saved."""

    def check(self, skip_permission_checks: bool = False) -> None:
        super().check(skip_permission_checks=skip_permission_checks)
        if not self.publish or self.user is None or self.form is None:
            return
        path = self.instance.path or self.parent.path
        checks = blocked(self.submitted_article, path)
        if checks:
            raise PublishBlocked(checks, self.form.instance.title)

    def submitted_article(self) -> ArticleData | None:
        if not self.form.is_valid():
            return None  # the action raises the form's errors itself
        page = self.form.save(commit=False)
        return article_for(page, page.path or self.parent.path)


@hooks.register("before_bulk_action")
def refuse_blocked_bulk_publish(request, action_type, objects, action):
    """A bulk publish (with its draft descendants, if asked) publishes each
    page's latest revision: refuse all of it if one article fails the
    policy. Superusers too: the override is the editor's, one page at a
    time."""
    if action_type != "publish":
        return None
    policy = Policy.load()
    if not policy.requires_any:
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    articles = Page.objects.type(ArticlePage)
    candidates = articles.filter(pk__in=[page.pk for page in pages])
    form = action.cleaned_form
    if form is not None and form.cleaned_data.get("include_descendants"):
        from wagtail.permissions import page_permission_policy

        publishable = page_permission_policy.instances_user_has_permission_for(
            request.user, "publish"
        )
        for page in pages:
            candidates |= (
                articles.descendant_of(page).not_live().filter(pk__in=publishable)
            )
    required = {
        pk: policy.for_path(path) for pk, path in candidates.values_list("pk", "path")
    }
    refused = []
    for data in load_articles(sorted(pk for pk, checks in required.items() if checks)):
        checks = Verdict.of(audit(data), required[data.page_id]).blocking
        if checks:
            refused.append(f"'{data.title}' fails {refusal_list(checks)}")
    if not refused:
        return None
    messages.error(
        request,
        "Nothing was published: the SEO publishing policy blocks "
        + "; ".join(refused)
        + ". Fix these articles first; only a superuser may override the "
        "policy, from the page editor.",
    )
    return redirect(action.next_url)


@hooks.register("before_publish_page")
def refuse_blocked_admin_publish(request, page):
    """Wagtail's other page views that publish (reverting to an earlier
    revision and publishing it) run this hook after saving the revision as a
    draft: refuse the publish there too. The article editor's own gate has
    judged its publish already."""
    if not isinstance(page, ArticlePage) or is_cleared(page):
        return None
    checks = blocked(lambda: article_for(page, page.path), page.path)
    if not checks:
        return None
    messages.error(
        request,
        f"{PublishBlocked(checks, page.title)} The changes were saved as a draft.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def refuse_blocked_workflow_publish(sender, instance, user=None, **kwargs) -> None:
    """`workflow_approved` receiver: a finished workflow has just published
    its page's latest revision, inside the approval's transaction. Raising
    rolls the approval and the publish back. The page editor refuses before
    getting here (with the override); this catches the other approvals (the
    dashboard's, or a task that approves itself)."""
    if user is None:
        return
    page = instance.content_object
    if not isinstance(page, Page):
        return
    page = page.specific
    if not isinstance(page, ArticlePage) or is_cleared(page):
        return
    revision = page.get_latest_revision()
    checks = blocked(lambda: article_from_revision(revision), page.path)
    if checks:
        raise PublishBlocked(checks, page.title)


# --- the SEO review task ------------------------------------------------------------


@dataclass
class Review:
    """An SEO review of one revision: what its task state shows the
    moderator, and whether the task approves it itself."""

    score: int | None
    threshold: int
    findings: list[GateFinding] = field(default_factory=list)
    notes: int = 0
    blocking: tuple[CheckRef, ...] = ()
    audit_id: int | None = None
    # Why the task waited, as recorded when it started (the threshold or the
    # policy may have changed since).
    stored_reason: str | None = None

    @classmethod
    def of_results(
        cls,
        score: int | None,
        results: list[dict[str, Any]],
        threshold: int,
        **extra: Any,
    ) -> Review:
        shown = findings_of(results, Level.WARNING)
        notes = len(findings_of(results, Level.INFO)) - len(shown)
        return cls(score, threshold, shown, notes, **extra)

    @classmethod
    def of_task_state(cls, state: SeoReviewTaskState) -> Review:
        threshold = state.task.specific.threshold
        stored = state.audit
        if stored is not None:
            return cls.of_results(
                stored.overall_score,
                stored.results,
                threshold,
                audit_id=stored.pk,
                stored_reason=state.reason,
            )
        # The stored audit is gone (a rewritten revision drops it): read the
        # revision again, storing nothing.
        data = article_from_revision(state.revision)
        if data is None:
            return cls(None, threshold, stored_reason=state.reason)
        report = audit(data)
        return cls.of_results(
            report.scores.overall,
            Verdict(report).results,
            threshold,
            stored_reason=state.reason,
        )

    @property
    def band(self) -> str:
        return band(self.score)

    @property
    def errors(self) -> list[GateFinding]:
        return [finding for finding in self.findings if finding.level == "error"]

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.errors:
            count = len(self.errors)
            reasons.append(f"{count} error-level finding{'s' if count != 1 else ''}.")
        if self.score is None or self.score < self.threshold:
            score = "none" if self.score is None else self.score
            reasons.append(
                f"The overall score ({score}) is below the threshold of "
                f"{self.threshold}."
            )
        if self.blocking:
            reasons.append(
                "It fails checks the SEO publishing policy requires: "
                f"{refusal_list(self.blocking)}."
            )
        return reasons

    @property
    def reason(self) -> str:
        """Why the task waits for a moderator; empty if it does not."""
        if self.stored_reason is not None:
            return self.stored_reason
        return " ".join(self.reasons)

    @property
    def passes(self) -> bool:
        return self.stored_reason is None and not self.reasons

    @property
    def summary(self) -> str:
        return (
            f"SEO review: score {self.score} (threshold {self.threshold}), "
            "no error-level findings."
        )


def unpublishable_by(page: Page, user: Any) -> str:
    """Why `user` may not publish `page`, or "" if they may (or if no one
    publishes: the system does)."""
    if user is None or page.permissions_for_user(user).can_publish():
        return ""
    return (
        "It passes the SEO review, but approving this last step publishes the "
        f"article, which {user.get_username()} may not do: a moderator approves it."
    )


def review_revision(revision: Revision, threshold: int) -> Review:
    """Audit a submitted revision, store the audit (as the audit on save
    would), and judge it against the task's threshold and the policy."""
    from seo.storage import audit_row, content_hash, save_rows

    data = article_from_revision(revision)
    if data is None:
        return Review(None, threshold, stored_reason="The page no longer exists.")
    report = audit(data)
    save_rows([audit_row(report, content_hash=content_hash(revision.content))])
    audit_id = (
        SeoAudit.objects.filter(page_id=data.page_id, revision_id=revision.pk)
        .values_list("pk", flat=True)
        .first()
    )
    path = Page.objects.filter(pk=data.page_id).values_list("path", flat=True).first()
    checks = Verdict.of(report, Policy.load().for_path(path or "")).blocking
    return Review.of_results(
        report.scores.overall,
        Verdict(report).results,
        threshold,
        blocking=checks,
        audit_id=audit_id,
    )
