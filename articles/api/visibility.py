"""Which pages anonymous readers may see, beyond Wagtail's live-and-public rule."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Now
from django.http import HttpRequest
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.models import Page, PageViewRestriction, Site

from cms.caching import per_generation


def exclude_scheduled(queryset: QuerySet) -> QuerySet:
    """Drop pages whose go-live date is still ahead or whose expiry has passed.

    Wagtail flips `live` only when `publish_scheduled` runs, so between its runs
    a page can be `live` with a future go-live date or an expiry in the past;
    readers must not see it in that window. The dates are not search-indexed
    fields, so the condition is a subquery of `path`, which is (and is unique).
    Not of `pk`: for a page type's rows that is a column of the type's own
    table, and the condition must read page columns only for a listing to be
    selected from the page table alone (`articles.api.pagination`).

    "Now" is the database's clock at each run of the query, so a compiled
    condition stays right however long it is kept (see `compiled_ids`).
    """
    now = Now()
    waiting = Page.objects.filter(Q(go_live_at__gt=now) | Q(expire_at__lte=now))
    return queryset.exclude(path__in=waiting.values("path"))


def public_pages(request: HttpRequest, model: type[Page] = Page) -> QuerySet:
    """The pages of the request's site that API readers may see, as `model`
    rows: Wagtail's get_public_pages_queryset, with the site and the view
    restrictions read once per cache generation (`per_generation`; any change
    to either bumps it) rather than in two queries per request.
    """
    if request.GET.get("site"):  # another site, named: Wagtail looks it up
        return get_public_pages_queryset(request, model=model)
    queryset = model._default_manager.all().live()
    restrictions = per_generation(
        request,
        "view-restrictions",
        lambda: list(PageViewRestriction.objects.select_related("page")),
    )
    for restriction in restrictions:
        # Per request: a login or a password session may let a reader through.
        if not restriction.accept_request(request):
            queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
    site, roots = request_site(request)
    if site is None:
        return queryset.none()
    condition = Q()
    for root in roots:
        condition |= queryset.descendant_of_q(root, inclusive=True)
    return queryset.filter(condition)


def request_site(request: HttpRequest) -> tuple[Site | None, list[Page]]:
    """The request's site and the roots of the page trees it serves, read
    once per cache generation, and kept on the request where Wagtail looks
    for it whenever it needs the site (detail_url, html_url)."""
    site, roots = per_generation(
        request,
        ("site", request._get_raw_host(), request.get_port()),
        lambda: _site_and_roots(request),
    )
    request._wagtail_site = site
    return site, roots


def _site_and_roots(request: HttpRequest) -> tuple[Site | None, list[Page]]:
    """The request's site, and the root pages whose trees it serves: its own,
    and with internationalisation its translations (as Wagtail decides)."""
    site = Site.find_for_request(request)
    if site is None:
        return None, []
    roots = [site.root_page]
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        roots += list(site.root_page.get_translations())
    return site, roots


def anonymous_visible_pages(site: Site) -> QuerySet[Page]:
    """The site's pages an anonymous reader may see, as the API decides it
    for a request (for work done outside one, e.g. a management command)."""
    return exclude_scheduled(
        Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
    )


def compiled_ids(queryset: QuerySet[Page]) -> RawSQL:
    """The queryset's ids as a subquery compiled once, for `pk__in`.

    Django compiles a subquery again in every query that uses it, and the
    visibility conditions (live, site, view restrictions, schedule) take about
    a millisecond to compile; one API response uses them in several queries.
    """
    # Unordered, as Django compiles a subquery: an ORDER BY would keep the
    # planner from joining it.
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return RawSQL(sql, params)
