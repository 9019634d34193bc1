"""manage.py seo_audit: audit articles, in the manner of Django's `check`.

The command only reads options and reports; seo.runner does the work, so the
admin and background tasks audit through the same functions. `--fix` applies
every finding's fix and saves each changed article as a new revision
(seo.fixing does the work); `--dry-run` prints the changes instead.
"""

from __future__ import annotations

from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.core.management.color import color_style, no_style

from seo import fixing, runner
from seo.audit import Auditor
from seo.findings import Level
from seo.formats import FORMATS, Context, Failure, Summary, get_writer, writable

FAIL_LEVELS = ("warning", "error")


class _Raw:
    """Write through Django's OutputWrapper without the newline it appends to
    every write: report writers stream fragments (a JSON array, XML)."""

    def __init__(self, wrapper: OutputWrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> int:
        self.wrapper.write(text, ending="")
        return len(text)

    def flush(self) -> None:
        self.wrapper.flush()


class Command(BaseCommand):
    help = (
        "Audit articles for SEO, readability, headings, hashtags and health-content "
        "problems. Audits every article's latest revision unless told otherwise; "
        "exits with status 1 when a finding reaches --fail-level or a score falls "
        "below --fail-under."
    )

    def add_arguments(self, parser):
        what = parser.add_argument_group("what to audit (default: --all)")
        what.add_argument(
            "--page",
            type=int,
            action="append",
            dest="pages",
            default=[],
            metavar="ID",
            help="An article page by ID (repeatable).",
        )
        what.add_argument(
            "--slug",
            action="append",
            dest="slugs",
            default=[],
            help="An article page by slug (repeatable).",
        )
        what.add_argument(
            "--all",
            action="store_true",
            dest="all_pages",
            help="Every article (the default).",
        )
        what.add_argument(
            "--file",
            nargs="+",
            action="extend",
            dest="files",
            default=[],
            metavar="PATH",
            help="Source files (.txt, .html, .md) or folders of them, read through "
            "the importer; nothing is saved. Check a draft before importing it.",
        )

        which = parser.add_argument_group("which checks (default: all)")
        which.add_argument(
            "--check",
            action="append",
            dest="checks",
            default=[],
            metavar="ID",
            help="Run this check (repeatable).",
        )
        which.add_argument(
            "--tag",
            "-t",
            action="append",
            dest="tags",
            default=[],
            help="Run the checks with this tag (repeatable).",
        )
        which.add_argument(
            "--list-checks",
            action="store_true",
            help="List the (selected) checks and exit.",
        )

        output = parser.add_argument_group("output")
        output.add_argument("--format", choices=FORMATS, default="text")
        output.add_argument(
            "--output", "-o", metavar="FILE", help="Write the report here, not stdout."
        )

        limits = parser.add_argument_group("exit status")
        limits.add_argument(
            "--fail-level",
            choices=FAIL_LEVELS,
            default="error",
            help="Exit with status 1 when any finding is at this level or above. "
            "Default: error.",
        )
        limits.add_argument(
            "--fail-under",
            type=int,
            metavar="SCORE",
            help="Exit with status 1 when any article's overall score (0-100) is "
            "below SCORE.",
        )

        bulk = parser.add_argument_group("bulk audits")
        bulk.add_argument(
            "--jobs",
            "-j",
            type=int,
            default=1,
            metavar="N",
            help="Index the library and audit stored pages in N processes. Default: 1.",
        )
        bulk.add_argument(
            "--save",
            action="store_true",
            help="Store each result (one SeoAudit row per page revision; "
            "re-auditing a revision updates its row).",
        )

        fixes = parser.add_argument_group("fixes")
        fixes.add_argument(
            "--fix",
            action="store_true",
            help="Apply every fix the (selected) checks offer, until none is left, "
            "and save each changed article as a new draft revision. Prints what "
            "changed instead of a report.",
        )
        fixes.add_argument(
            "--dry-run",
            action="store_true",
            help="With --fix: save nothing; print a unified diff of each article's "
            "changed fields and blocks.",
        )
        fixes.add_argument(
            "--publish",
            action="store_true",
            help="With --fix: publish each fixed revision, on live pages without "
            "unpublished changes (others keep the fix as a draft).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.check_options(options)
        try:
            checks = runner.select_checks(options["checks"], options["tags"])
        except runner.SelectionError as error:
            raise CommandError(str(error)) from None

        if options["list_checks"]:
            self.list_checks(checks, options)
            return

        auditor = Auditor(checks)
        if not auditor.checks:
            raise CommandError(
                "No checks to run: every selected check is silenced by "
                "SEO_SILENCED_CHECKS."
                if checks
                else "No checks are registered."
            )
        if options["fix"]:
            self.fix(auditor, options)
            return
        context = Context.for_auditor(
            auditor,
            fail_level=Level.parse(options["fail_level"]),
            fail_under=options["fail_under"],
            verbosity=options["verbosity"],
        )
        summary = Summary(context)
        pages: list[int] = []
        if not options["files"]:
            try:
                pages = runner.select_pages(options["pages"], options["slugs"])
            except runner.SelectionError as error:
                raise CommandError(str(error)) from None
        # Only once the selection is known to be good: on a large library the
        # index takes seconds to build.
        site = self.site_index(auditor, summary, options["jobs"])
        if options["files"]:
            audit = runner.audit_files(
                options["files"],
                auditor,
                site=site,
                on_error=lambda message: self.source_error(summary, message),
            )
        else:
            audit = runner.audit_pages(
                pages,
                auditor,
                site=site,
                jobs=options["jobs"],
                on_error=lambda failure: self.article_error(summary, failure),
            )

        with ExitStack() as stack:
            stream, style, to_terminal = self.open_output(options, stack)
            writer = get_writer(options["format"])(stream, context, style)
            progress = None
            if self.wants_progress(options, to_terminal):
                progress = partial(runner.progress, stream=self.stderr._out)
            runner.run(audit, writer, summary, save=options["save"], progress=progress)

        for note in getattr(audit, "notes", []):
            self.stderr.write(self.style.WARNING(note))
        if options["verbosity"] >= 1 and (
            options["output"] or options["format"] != "text"
        ):
            # The text report ends with this line already.
            self.stderr.write(summary.line())
            if options["output"]:
                self.stderr.write(f"Report written to {options['output']}.")
        if summary.failed:
            raise CommandError(summary.failure_message(), returncode=1)

    def check_options(self, options: dict[str, Any]) -> None:
        chose_pages = bool(options["pages"] or options["slugs"])
        self.check_fix_options(options)
        if options["files"] and (chose_pages or options["all_pages"]):
            raise CommandError(
                "--file audits source files; it cannot be combined with --page, "
                "--slug or --all."
            )
        if options["all_pages"] and chose_pages:
            raise CommandError("--all audits every article; drop --page and --slug.")
        if options["files"] and options["save"]:
            raise CommandError(
                "--save stores audits of stored pages; a --file audit is never "
                "saved. Import the file first (manage.py import_articles), then "
                "audit the page."
            )
        if options["jobs"] < 1:
            raise CommandError(f"--jobs must be 1 or more, not {options['jobs']}.")
        fail_under = options["fail_under"]
        if fail_under is not None and not 0 <= fail_under <= 100:
            raise CommandError(
                f"--fail-under must be a score from 0 to 100, not {fail_under}."
            )

    def check_fix_options(self, options: dict[str, Any]) -> None:
        if not options["fix"]:
            for name in ("dry_run", "publish"):
                if options[name]:
                    flag = "--" + name.replace("_", "-")
                    raise CommandError(f"{flag} goes with --fix.")
            return
        if options["files"]:
            raise CommandError(
                "--fix saves revisions of stored pages; a --file is never saved. "
                "Import it first (manage.py import_articles), then fix the page."
            )
        refused = [
            flag
            for flag, given in (
                ("--save", options["save"]),
                ("--output", options["output"]),
                ("--format", options["format"] != "text"),
                ("--fail-under", options["fail_under"] is not None),
                ("--jobs", options["jobs"] != 1),
            )
            if given
        ]
        if refused:
            raise CommandError(
                f"--fix prints the changes it makes, not a report: drop "
                f"{', '.join(refused)}. Audit again afterwards for a report."
            )

    def fix(self, auditor: Auditor, options: dict[str, Any]) -> None:
        try:
            pages = runner.select_pages(options["pages"], options["slugs"])
        except runner.SelectionError as error:
            raise CommandError(str(error)) from None
        try:
            site = fixing.site_for_fixes(auditor)
        except Exception as error:
            reason = writable(f"{type(error).__name__}: {error}")
            raise CommandError(
                f"The site index could not be built ({reason}); fix with "
                "--check to leave out the site-wide checks."
            ) from None
        dry_run = options["dry_run"]
        verbosity = options["verbosity"]

        def done(result: fixing.ArticleFix) -> None:
            if dry_run:
                self.stdout.write(result.line())
                for line in result.diff:
                    self.stdout.write(self.diff_style(line))
            elif verbosity >= 1:
                self.stdout.write(result.line())
                if verbosity >= 2:
                    for line in result.diff:
                        self.stdout.write(self.diff_style(line))

        def failed(failure: Failure) -> None:
            message = fixing.failure_message(failure)
            self.stderr.write(self.style.ERROR(f"error: {message}"))

        summary = fixing.fix_pages(
            pages,
            auditor,
            site=site,
            dry_run=dry_run,
            publish=options["publish"],
            on_article=done,
            on_error=failed,
        )
        if verbosity >= 1:
            self.stdout.write(summary.line())
        if summary.failures:
            count = len(summary.failures)
            labels = ", ".join(failure.label for failure in summary.failures[:10])
            more = "" if count <= 10 else f" and {count - 10} more"
            raise CommandError(
                f"{count} article{'s' if count != 1 else ''} could not be fixed: "
                f"{labels}{more}.",
                returncode=1,
            )

    def diff_style(self, line: str) -> str:
        if line.startswith(("+++", "---")):
            return self.style.MIGRATE_HEADING(line)
        if line.startswith("+"):
            return self.style.SUCCESS(line)
        if line.startswith("-"):
            return self.style.ERROR(line)
        return line

    def list_checks(self, checks, options: dict[str, Any]) -> None:
        writer = get_writer(options["format"])
        if not writer.lists_checks:
            raise CommandError(
                f"--list-checks has no {options['format']} form; use text, json or csv."
            )
        with ExitStack() as stack:
            stream, style, _ = self.open_output(options, stack)
            writer.write_checks(stream, runner.describe_checks(checks), style)

    def open_output(
        self, options: dict[str, Any], stack: ExitStack
    ) -> tuple[TextIO, Any, bool]:
        """The report's stream, the style to colour it with, and whether it
        goes to a terminal. Colour follows Django: a terminal, or --force-color."""
        path = options["output"]
        if not path:
            return _Raw(self.stdout), self.style, self.stdout.isatty()
        try:
            # newline="" lets the csv module write its own line endings.
            stream = stack.enter_context(
                Path(path).open("w", encoding="utf-8", newline="")  # noqa: SIM115
            )
        except OSError as error:
            raise CommandError(
                f"--output {path}: cannot write ({error.strerror})."
            ) from None
        style = color_style(force_color=True) if options["force_color"] else no_style()
        return stream, style, False

    def wants_progress(self, options: dict[str, Any], report_on_terminal: bool) -> bool:
        # A bar only on a terminal, and not over a report printing to it.
        return (
            options["verbosity"] >= 1
            and self.stderr.isatty()
            and not report_on_terminal
        )

    def source_error(self, summary: Summary, message: str) -> None:
        summary.add_source_error(message)
        self.stderr.write(self.style.ERROR(f"error: {message}"))

    def article_error(self, summary: Summary, failure: Failure) -> None:
        summary.add_failure(failure)
        self.stderr.write(self.style.ERROR(f"error: {failure.message()}"))

    def site_index(self, auditor: Auditor, summary: Summary, jobs: int = 1) -> Any:
        """The library-wide index, or None when it cannot be built (a draft
        stored broken): the site-wide checks are skipped, the others run, and
        the run fails saying so."""
        try:
            return runner.site_index_for(auditor, jobs)
        except Exception as error:
            reason = writable(f"{type(error).__name__}: {error}")
            message = (
                f"the site index could not be built ({reason}): site-wide checks "
                "were skipped"
            )
            summary.add_site_error(message)
            self.stderr.write(self.style.ERROR(f"error: {message}"))
            return None
