"""Bulk audits: choose checks and articles, audit them, write a report, save.

`manage.py seo_audit` only turns its options into calls to these functions; the
admin and background tasks call them too. Everything that reads the database
for an audit lives here or in seo.sources, and it reads in batches: a chunk of
~50 pages costs a handful of queries however many pages it holds.

Parallel audits (`jobs > 1`) run in this process and a
concurrent.futures.ProcessPoolExecutor of `jobs - 1` worker processes. The
parent builds the check instances, the site index (its chunks indexed by a
first, short-lived pool of `jobs` forked processes) and the site disclaimers
once, audits the first chunk (which also loads what checks load lazily:
dictionaries, models), closes its database connections and starts the pool
with the "fork" method, whose initializer hands that state to each worker.
Fork is what lets the processes share it: a forked worker starts as a copy of
the parent, pages shared until written, so the initializer's arguments are
never pickled and the site index (about 80 MB at 10,000 articles) is in memory
once, not once per process. `gc.freeze()` before the fork keeps the collector
from writing to those pages, as Python's gc documentation advises for fork
without exec.

Each process loads its chunk of pages by id, audits it, saves the chunk's rows
(one INSERT) if asked, and renders the reports in the run's format. The parent
takes every `jobs`-th chunk itself rather than wait idle for the workers: a
process that only waited would still hold its own copy of every shared page
the workers have written (about 85 MB at 10,000 articles, bench/bulk.py). It
writes the rendered text in selection order, with at most
CHUNKS_AHEAD_PER_JOB chunks per process queued or running, so memory stays
flat however many pages are selected.

Where workers could not see the data (an in-memory SQLite database, or
uncommitted data inside a transaction, as in tests) the audit runs in one
process and says why in `notes`.
"""

from __future__ import annotations

import difflib
import gc
import math
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial
from itertools import islice
from multiprocessing.util import Finalize
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from django.db import connections, reset_queries

from seo import sources
from seo.audit import Auditor, AuditReport
from seo.document import ArticleData, Document
from seo.formats import ArticleFacts, CheckInfo, Failure, Summary, Writer, dumps
from seo.sources import Disclaimers  # where pages are read; still named here

if TYPE_CHECKING:
    from concurrent.futures import Future

    from seo.checks.base import Check
    from seo.registry import Registry
    from seo.site import SiteIndex

T = TypeVar("T")

# Each process holds a chunk's pages, documents and reports at once. 50 pages
# still cost only a handful of queries each; at 200, a 10,000-article --jobs 2
# run peaked 80 MB (PSS) higher and ran no faster (bench/bulk.py).
CHUNK_SIZE = 50
# Each process has at most this many chunks queued or in flight, so a slow
# consumer (writing the report) holds memory flat.
CHUNKS_AHEAD_PER_JOB = 2


class SelectionError(LookupError):
    """An unknown check, tag, page or slug. The message names it, suggests the
    closest existing names and says how to see them all."""


# --- checks ----------------------------------------------------------------


def get_registry() -> Registry:
    """The registry of every check (tests swap it for one of their own)."""
    from seo.checks import registry

    return registry


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.75)
    return f" Did you mean {', '.join(close)}?" if close else ""


def select_checks(
    ids: Sequence[str] = (),
    tags: Sequence[str] = (),
    *,
    registry: Registry | None = None,
    how_to_list: str = "--list-checks",
) -> list[type[Check]]:
    """Checks by id and/or tag (either matches); every check when neither is
    given. Raises SelectionError naming every unknown id and tag, and saying
    where to see them all (`how_to_list`: the CLI option, or the API route)."""
    registry = registry or get_registry()
    known_ids = [check.id for check in registry.all()]
    known_tags = sorted(registry.tags)
    problems = []
    for check_id in dict.fromkeys(ids):
        if check_id not in known_ids:
            problems.append(
                f"Unknown check {check_id!r}.{_did_you_mean(check_id, known_ids)} "
                f"See all {len(known_ids)} checks with {how_to_list}."
            )
    for tag in dict.fromkeys(tags):
        if tag not in known_tags:
            problems.append(
                f"Unknown tag {tag!r}.{_did_you_mean(tag, known_tags)} "
                f"Tags: {', '.join(known_tags) or '(none)'}."
            )
    if problems:
        raise SelectionError("\n".join(problems))
    return registry.select(ids, tags)


def describe_checks(checks: Iterable[type[Check]]) -> list[CheckInfo]:
    """What `--list-checks` shows, marking checks that settings silence."""
    from seo import conf

    silenced = conf.silenced_checks()
    return [CheckInfo.of(check, check.id in silenced) for check in checks]


def site_index_for(auditor: Auditor, jobs: int = 1) -> SiteIndex | None:
    """The library-wide index, built only when a selected check needs it, by
    `jobs` processes where they can fork (see `serial_reason`)."""
    if not any(check.needs_site for check in auditor.checks):
        return None
    from seo.site import build_site_index

    if jobs > 1 and serial_reason(jobs) is None:
        return build_site_index(partial(_index_in_workers, jobs))
    return build_site_index()


def serial_reason(jobs: int) -> str | None:
    """Why `jobs > 1` processes cannot fork here (None: they can)."""
    if jobs <= 1:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return "--jobs needs the fork start method, which this platform lacks"
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            return (
                "--jobs ignored inside a transaction: worker processes cannot "
                "see its uncommitted data"
            )
    for alias in connections:
        connection = connections[alias]
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            return (
                "--jobs ignored: the SQLite database is in memory, which worker "
                "processes cannot share"
            )
    return None


def _ready_to_fork(output: TextIO | None = None) -> None:
    """Close the database connections, which children must not share, and
    flush the output streams: children must not inherit unwritten output and
    write it a second time."""
    connections.close_all()
    for stream in (sys.stdout, sys.stderr, output):
        if stream is not None and hasattr(stream, "flush"):
            stream.flush()


# A worker's inbound link counts while it builds chunks of the site index.
_worker_inbound: Mapping[int, int] | None = None


def _start_index_worker(inbound: Mapping[int, int]) -> None:
    global _worker_inbound
    _worker_inbound = inbound
    Finalize(None, connections.close_all, exitpriority=10)


def _index_chunk(page_ids: list[int]) -> list:
    from seo.site import index_articles

    if _worker_inbound is None:
        raise RuntimeError("worker started without the inbound link counts")
    return index_articles(page_ids, _worker_inbound)


def _index_in_workers(
    jobs: int, inbound: Mapping[int, int], chunks: list[list[int]]
) -> Iterator[list]:
    """Chunks of the site index (seo.site.build_site_index's `map_chunks`),
    built in order by `jobs` forked processes. They exit before the audit's
    own pool forks from the finished index. Fork hands them the inbound
    counts without pickling; only the indexed articles travel back."""
    from concurrent.futures import ProcessPoolExecutor

    _ready_to_fork()
    with ProcessPoolExecutor(
        max_workers=max(1, min(jobs, len(chunks))),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_index_worker,
        initargs=(inbound,),
    ) as pool:
        yield from pool.map(_index_chunk, chunks)


# --- pages ------------------------------------------------------------------


def select_pages(page_ids: Sequence[int] = (), slugs: Sequence[str] = ()) -> list[int]:
    """Article page ids to audit, in the order asked for (duplicates dropped);
    every article (aliases aside), by id, when nothing is asked for.

    A slug shared by articles under different parents selects all of them.
    """
    from wagtail.models import Page

    from articles.models import ArticlePage

    articles = ArticlePage.objects.all()
    if not page_ids and not slugs:
        return list(
            articles.filter(alias_of__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    problems = []
    selected: dict[int, None] = {}
    found_ids = set(articles.filter(pk__in=page_ids).values_list("pk", flat=True))
    missing = [pk for pk in dict.fromkeys(page_ids) if pk not in found_ids]
    others = {
        page.pk: page
        for page in Page.objects.filter(pk__in=missing).select_related("content_type")
    }
    for pk in dict.fromkeys(page_ids):
        if pk in found_ids:
            selected[pk] = None
        elif pk in others:
            page = others[pk]
            kind = page.content_type.model_class()._meta.verbose_name
            problems.append(f"Page {pk} (“{page.title}”) is a {kind}, not an article.")
        else:
            problems.append(f"No page with ID {pk}.{_article_id_range()}")

    if slugs:
        by_slug: dict[str, list[int]] = {}
        for pk, slug in articles.filter(slug__in=slugs).values_list("pk", "slug"):
            by_slug.setdefault(slug, []).append(pk)
        for slug in dict.fromkeys(slugs):
            if slug in by_slug:
                selected.update(dict.fromkeys(sorted(by_slug[slug])))
            else:
                every_slug = articles.values_list("slug", flat=True).distinct()
                problems.append(
                    f"No article with slug {slug!r}.{_did_you_mean(slug, every_slug)}"
                )
    if problems:
        raise SelectionError("\n".join(problems))
    return list(selected)


def _article_id_range() -> str:
    from django.db.models import Count, Max, Min

    from articles.models import ArticlePage

    stats = ArticlePage.objects.aggregate(n=Count("pk"), low=Min("pk"), high=Max("pk"))
    if not stats["n"]:
        return " There are no articles yet."
    return (
        f" Article IDs run from {stats['low']} to {stats['high']} "
        f"({stats['n']} articles)."
    )


def load_articles(
    page_ids: Sequence[int],
    *,
    disclaimers: Disclaimers | None = None,
    today: date | None = None,
) -> list[ArticleData]:
    """ArticleData for the latest revision (draft content) of each page, in the
    order given; ids that no longer exist are skipped. One chunk of a bulk
    audit: seo.sources.load_articles reads it in a handful of queries."""
    return list(
        sources.load_articles(
            page_ids, disclaimers=disclaimers, today=today, chunk_size=len(page_ids)
        )
    )


class CompactReport(AuditReport):
    """An AuditReport without the article's body, whose JSON form is built
    once: the JSON writer and the store both need it."""

    @cached_property
    def _json(self) -> dict[str, Any]:
        return AuditReport.as_json(self)

    def as_json(self) -> dict[str, Any]:
        return dict(self._json)


def compact(report: AuditReport) -> CompactReport:
    """The report without the article's body and fields: what a writer and
    the store need, and what crosses from a worker process to the parent."""
    article = report.article
    slim = ArticleData(
        title=article.title,
        slug=article.slug,
        page_id=article.page_id,
        revision_id=article.revision_id,
        source=article.source,
        url_path=article.url_path,
        today=article.today,
    )
    return CompactReport(slim, report.results, report.scores, report.engine_version)


@dataclass(frozen=True)
class Rendered:
    """One audited article as it leaves a worker: the report already in the
    run's format, and the figures the summary needs."""

    text: str
    facts: ArticleFacts | None


@dataclass(frozen=True)
class _Job:
    auditor: Auditor
    site: SiteIndex | None
    disclaimers: Disclaimers
    today: date | None
    # Set when chunks are rendered (and saved) where they are audited.
    writer: Writer | None = None
    save: bool = False


# A worker's job, set by the pool's initializer (in the parent it stays None).
_worker_job: _Job | None = None


def _failure(page_id: int, slug: str | None, error: BaseException) -> Failure:
    if slug is None:
        from articles.models import ArticlePage

        slug = (
            ArticlePage.objects.filter(pk=page_id)
            .values_list("slug", flat=True)
            .first()
        )
    return Failure.of(page_id, slug or "", error)


class BrokenDraft(ValueError):
    """A stored draft holding what no report or save can hold."""


def _check_text(article: ArticleData) -> None:
    """Text with no UTF-8 form (a lone surrogate, stored before API v3 refused
    it) cannot be published or previewed: the audit says so instead of scoring
    it, and it would fail later, writing the report or saving the row."""
    try:
        dumps(vars(article)).encode("utf-8")
    except UnicodeEncodeError as error:
        character = ord(error.object[error.start])
        raise BrokenDraft(
            f"the draft holds a lone surrogate (U+{character:04X}), which has no "
            "UTF-8 form; retype that text and save the page again"
        ) from None


def _audit_one(article: ArticleData, job: _Job) -> AuditReport | Failure:
    try:
        # The report quotes only this article's text and the site index's,
        # which holds no text without a UTF-8 form either.
        _check_text(article)
        report = compact(job.auditor.audit(Document(article, job.site)))
    except Exception as error:
        # One broken draft is one failed article, never the end of the run.
        return _failure(article.page_id or 0, article.slug, error)
    return report


def _audit_chunk(
    page_ids: Sequence[int], job: _Job | None = None
) -> list[AuditReport | Failure]:
    job = job or _worker_job
    if job is None:
        raise RuntimeError("worker started without a job")
    try:
        articles = load_articles(page_ids, disclaimers=job.disclaimers, today=job.today)
    except Exception as error:
        if len(page_ids) == 1:
            return [_failure(page_ids[0], None, error)]
        # A draft that cannot be loaded: find it, page by page.
        return [item for pk in page_ids for item in _audit_chunk([pk], job)]
    reports = [_audit_one(article, job) for article in articles]
    # With DEBUG on, Django keeps every query's SQL; a chunk's insert alone is
    # megabytes, and a bulk run would keep thousands of them.
    reset_queries()
    return reports


def _render_chunk(
    page_ids: Sequence[int], job: _Job | None = None
) -> list[Rendered | Failure]:
    """Audit, save and render a chunk where it is audited, so the parent only
    writes text: it would otherwise become the bottleneck of a bulk run."""
    from seo.storage import audit_row, save_rows

    job = job or _worker_job
    if job is None or job.writer is None:
        raise RuntimeError("worker started without a job to render")
    results = _audit_chunk(page_ids, job)
    reports = [r for r in results if not isinstance(r, Failure)]
    context = job.writer.context
    if job.save and reports:
        save_rows([audit_row(report) for report in reports], record_day=False)
        reset_queries()
    return [
        r
        if isinstance(r, Failure)
        else Rendered(job.writer.render(r), context.facts(r))
        for r in results
    ]


def _start_worker(job: _Job) -> None:
    """The pool's initializer: the worker's state for the run (with fork, the
    parent's own objects, not copies made by pickling)."""
    global _worker_job
    _worker_job = job
    # The parent closed its connections before forking; each worker opens its
    # own on first query and closes it when the pool shuts it down.
    Finalize(None, connections.close_all, exitpriority=10)


class PageAudit:
    """The audit of stored pages: iterate it for reports, in selection order.

    `len()` is the number of pages selected (for a progress bar); `notes` says
    why a parallel audit ran in one process, if it did. `rendered()` is the
    bulk path `run()` takes: workers also render and save what they audit.
    A page whose audit fails (a draft stored broken) is reported through
    `on_error` (and kept in `failures`), and the others are still audited.
    """

    def __init__(
        self,
        page_ids: Sequence[int],
        auditor: Auditor,
        *,
        site: SiteIndex | None = None,
        jobs: int = 1,
        chunk_size: int = CHUNK_SIZE,
        today: date | None = None,
        on_error: Callable[[Failure], None] | None = None,
    ):
        self.page_ids = list(page_ids)
        self.auditor = auditor
        self.site = site
        self.jobs = max(1, jobs)
        self.chunk_size = max(1, chunk_size)
        self.today = today
        self.on_error = on_error
        self.notes: list[str] = []
        self.failures: list[Failure] = []

    def _failed(self, failure: Failure) -> None:
        self.failures.append(failure)
        if self.on_error:
            self.on_error(failure)

    def __len__(self) -> int:
        return len(self.page_ids)

    def chunks(self) -> list[list[int]]:
        # Small selections are split finer so every worker gets a share.
        size = min(self.chunk_size, math.ceil(len(self.page_ids) / (self.jobs * 4)))
        size = max(1, size)
        ids = self.page_ids
        return [ids[start : start + size] for start in range(0, len(ids), size)]

    def _results(self, work: Callable[..., list[Any]], job: _Job) -> Iterator[Any]:
        chunks = self.chunks()
        reason = serial_reason(self.jobs)
        if reason:
            self.notes.append(reason)
        if self.jobs > 1 and len(chunks) > 1 and not reason:
            results = _parallel(work, job, chunks, self.jobs)
        else:
            results = (work(chunk, job) for chunk in chunks)
        for chunk_results in results:
            yield from chunk_results

    def _job(self, **options: Any) -> _Job:
        disclaimers = Disclaimers.load()
        return _Job(self.auditor, self.site, disclaimers, self.today, **options)

    def __iter__(self) -> Iterator[AuditReport]:
        for item in self._results(_audit_chunk, self._job()):
            if isinstance(item, Failure):
                self._failed(item)
            else:
                yield item

    def rendered(self, writer: Writer, *, save: bool = False) -> Iterator[Rendered]:
        """Rendered reports; a failed page comes as the writer's form of its
        failure, with no facts to add up."""
        job = self._job(writer=writer, save=save)
        for item in self._results(_render_chunk, job):
            if isinstance(item, Failure):
                self._failed(item)
                yield Rendered(writer.render_failure(item), None)
            else:
                yield item


def _parallel(
    work: Callable[..., list[Any]], job: _Job, chunks: list[list[int]], jobs: int
) -> Iterator[list[Any]]:
    """Each chunk's results, in order: every `jobs`-th chunk audited here, the
    others by a pool of `jobs - 1` forked workers (see the module's
    docstring)."""
    # Imported here: the admin imports this module in every process, and only a
    # parallel run needs the process pool's machinery.
    from concurrent.futures import ProcessPoolExecutor

    # Here, before the fork: the workers then share what the checks load
    # lazily instead of each loading its own copy.
    first = work(chunks[0], job)
    _ready_to_fork(job.writer.stream if job.writer else None)
    gc.freeze()
    pool = None
    try:
        pool = ProcessPoolExecutor(
            max_workers=min(jobs - 1, len(chunks) - 1),
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(job,),
        )
        waiting = enumerate(chunks[1:], start=1)
        # (chunk, its worker's future, or None for the parent's own chunk)
        queued: deque[tuple[list[int], Future | None]] = deque()

        def fill() -> None:
            for index, chunk in islice(
                waiting, jobs * CHUNKS_AHEAD_PER_JOB - len(queued)
            ):
                ours = index % jobs == 0
                queued.append((chunk, None if ours else pool.submit(work, chunk)))

        fill()
        yield first
        while queued:
            chunk, future = queued.popleft()
            fill()
            yield work(chunk, job) if future is None else future.result()
    finally:
        # A run stopped early (an error writing the report) waits only for
        # the chunks already running.
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        gc.unfreeze()


def audit_pages(
    page_ids: Sequence[int],
    auditor: Auditor,
    *,
    site: SiteIndex | None = None,
    jobs: int = 1,
    chunk_size: int = CHUNK_SIZE,
    today: date | None = None,
    on_error: Callable[[Failure], None] | None = None,
) -> PageAudit:
    """Audit stored pages (their latest revision). Nothing runs until the
    result is iterated; `jobs > 1` audits in that many processes."""
    return PageAudit(
        page_ids,
        auditor,
        site=site,
        jobs=jobs,
        chunk_size=chunk_size,
        today=today,
        on_error=on_error,
    )


# --- files ------------------------------------------------------------------


class FileAudit:
    """The audit of source files through the importer, saving nothing.

    A file the importer refuses is reported through `on_error` (and kept in
    `errors`) and the others are still audited.
    """

    def __init__(
        self,
        paths: Sequence[str | Path],
        auditor: Auditor,
        *,
        site: SiteIndex | None = None,
        disclaimer: str | None = None,
        today: date | None = None,
        on_error: Callable[[str], None] | None = None,
    ):
        from articles.importing.reader import find_sources

        self.files, found_errors = find_sources(paths)
        self.auditor = auditor
        self.site = site
        self.disclaimer = disclaimer
        self.today = today
        self.on_error = on_error
        self.errors: list[str] = []
        self._pending_errors = [str(error) for error in found_errors]

    def __len__(self) -> int:
        return len(self.files)

    def _error(self, message: str) -> None:
        self.errors.append(message)
        if self.on_error:
            self.on_error(message)

    def __iter__(self) -> Iterator[AuditReport]:
        from articles.importing.reader import SourceError, parse_file
        from seo.sources import article_from_import

        for message in self._pending_errors:
            self._error(message)
        self._pending_errors = []
        disclaimer = self.disclaimer
        if disclaimer is None:
            disclaimer = Disclaimers.load().default
        for path in self.files:
            try:
                imported = parse_file(path)
            except SourceError as error:
                self._error(str(error))
                continue
            data = article_from_import(
                imported, disclaimer=disclaimer, today=self.today
            )
            yield compact(self.auditor.audit(Document(data, self.site)))


def audit_files(
    paths: Sequence[str | Path],
    auditor: Auditor,
    *,
    site: SiteIndex | None = None,
    disclaimer: str | None = None,
    today: date | None = None,
    on_error: Callable[[str], None] | None = None,
) -> FileAudit:
    """Audit .txt/.html/.md files (or folders of them) as the importer reads
    them. `disclaimer` defaults to the default site's medical disclaimer."""
    return FileAudit(
        paths,
        auditor,
        site=site,
        disclaimer=disclaimer,
        today=today,
        on_error=on_error,
    )


# --- the run ----------------------------------------------------------------


def progress(
    items: Iterable[T], total: int, stream: TextIO | None = None
) -> Iterable[T]:
    """A progress bar around a stream of audited articles (the caller decides
    whether the terminal wants one)."""
    from tqdm import tqdm

    # No monitor thread: the run may fork workers, and forking a process with
    # extra threads risks deadlocks in the children.
    tqdm.monitor_interval = 0
    return tqdm(
        items,
        total=total,
        file=stream or sys.stderr,
        unit="article",
        dynamic_ncols=True,
        leave=False,
    )


def run(
    audit: PageAudit | FileAudit | Iterable[AuditReport],
    writer: Writer,
    summary: Summary,
    *,
    save: bool = False,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> Summary:
    """Write every report as it arrives, save it if asked, and total it up.

    Stored pages take the bulk path: their reports are rendered and saved by
    whichever process audited them, in chunks. The report is complete (header
    to summary) before this returns; the exit status, from `summary`, is the
    caller's business.
    """
    from seo.storage import AuditSaver, record_library_day

    writer.begin()
    if isinstance(audit, PageAudit):
        items: Iterable[Rendered] = audit.rendered(writer, save=save)
        if progress is not None:
            items = progress(items, len(audit))
        for item in items:
            if item.text:
                writer.emit(item.text)
            if item.facts is not None:
                summary.add_facts(item.facts)
        if save:
            record_library_day()
    else:
        saver = AuditSaver(context=summary.context) if save else None
        reports: Iterable[AuditReport] = audit
        if progress is not None and hasattr(audit, "__len__"):
            reports = progress(audit, len(audit))
        for report in reports:
            summary.add(report)
            writer.article(report)
            if saver is not None:
                saver.add(report)
        if saver is not None:
            saver.flush()
    writer.end(summary)
    return summary
