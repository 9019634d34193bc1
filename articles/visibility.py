"""Which pages a reader may see: one rule for rendered pages, listings and APIs.

A page is visible when it is live, every view restriction on it or above it
accepts the request (as in Wagtail: a logged-in user passes a login
restriction, a password session a password one), and neither it nor any
ancestor is waiting to go live (`go_live_at` ahead) or expired (`expire_at`
passed). Wagtail flips `live` only when `publish_scheduled` runs, and its
routing and its querysets look at the page's own `live` flag alone, so without
this a page stays readable after it expires, and a scheduled or expired
section keeps serving its children.
"""

from django.db.models import Q, QuerySet
from django.db.models.functions import Now
from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction, Site


def waiting_q() -> Q:
    """Pages scheduled for later or already expired.

    "Now" is the database's clock when the query runs, so a queryset (or its
    compiled SQL) built once stays right however long it is kept.
    """
    now = Now()
    return Q(go_live_at__gt=now) | Q(expire_at__lte=now)


def waiting_sections() -> list[str]:
    """Paths of the waiting pages that have children, outermost only.

    One small query (the partial indexes on `go_live_at` and `expire_at` hold
    only the pages that have a date): waiting sections are rare, so this is
    usually empty and the reader's query gets no extra condition at all.
    """
    paths = Page.objects.filter(waiting_q(), numchild__gt=0).values_list(
        "path", flat=True
    )
    outermost: list[str] = []
    for path in sorted(paths):  # a section sorts before its descendants
        if not any(path.startswith(kept) for kept in outermost):
            outermost.append(path)
    return outermost


def exclude_scheduled(queryset: QuerySet) -> QuerySet:
    """Drop pages that are scheduled or expired, themselves or by an ancestor.

    Both conditions are on `path`, the one column that Wagtail's search
    backends can filter on (the dates are not search fields), so the result
    can still be searched. The page's own dates are a subquery, judged by the
    database's clock whenever the query runs. Waiting sections are looked up
    now, in one query (see `waiting_sections`): build the queryset per
    request, not once for good.
    """
    waiting = Page.objects.filter(waiting_q())
    queryset = queryset.exclude(path__in=waiting.values("path"))
    for path in waiting_sections():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def exclude_restricted(
    queryset: QuerySet, request: HttpRequest | None = None
) -> QuerySet:
    """Drop pages under a view restriction the request does not pass; with no
    request, under any restriction (what an anonymous reader gets)."""
    if request is None:
        return queryset.public()
    for restriction in PageViewRestriction.objects.select_related("page"):
        if not restriction.accept_request(request):
            queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
    return queryset


def exclude_hidden(queryset: QuerySet, request: HttpRequest | None = None) -> QuerySet:
    """The pages of `queryset` the request's reader may see (see the module)."""
    return exclude_scheduled(exclude_restricted(queryset.live(), request))


def visible_pages(
    request: HttpRequest | None = None, model: type[Page] = Page
) -> QuerySet:
    """Every page of `model` the request's reader may see, on any site.

    Callers that serve one site scope it themselves (`descendant_of` the
    site's root), as the API does from the request's host or `?site=`.
    """
    return exclude_hidden(model.objects.all(), request)


def is_scheduled_or_expired(page: Page) -> bool:
    """Whether the page or an ancestor waits to go live or has expired."""
    return page.get_ancestors(inclusive=True).filter(waiting_q()).exists()


def anonymous_visible_pages(site: Site) -> QuerySet[Page]:
    """The site's pages an anonymous reader may see, as the API decides it
    for a request (for work done outside one, e.g. a management command)."""
    return exclude_scheduled(
        Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
    )
