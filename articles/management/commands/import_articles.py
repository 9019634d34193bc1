import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from wagtail.models import Page

from articles.importing import SourceError, find_sources, parse_file
from articles.importing.store import ImportConflict, default_parent, store


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .html and .md files (or folders of them) as draft "
        "ArticlePages. Re-importing a file updates its page with a new revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or directories to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be imported; write nothing.",
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="Output: readable text, or one JSON object per file (JSON Lines).",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish after importing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite pages that editors have changed since their last import.",
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            help="Refuse files larger than this many bytes (default: the "
            "IMPORT_MAX_FILE_BYTES setting, 5 MB).",
        )
        parser.add_argument(
            "--parent",
            type=int,
            help="ID of the page to import under (default: the article index).",
        )

    def handle(self, *args, **options):
        sources, errors = find_sources(options["paths"])
        for error in errors:
            self.stderr.write(self.style.ERROR(f"error: {error}"))
        parent = None if options["dry_run"] else self.parent(options["parent"])

        if options["max_bytes"] is not None and options["max_bytes"] < 1:
            raise CommandError("--max-bytes must be a positive number of bytes")
        failed = len(errors)
        for source in sources:
            try:
                article = parse_file(source, max_bytes=options["max_bytes"])
                if options["dry_run"]:
                    self.report_dry_run(article, options["format"])
                else:
                    result = store(
                        article,
                        parent,
                        publish=options["publish"],
                        force=options["force"],
                    )
                    self.report_stored(article, result, options["format"])
            except (SourceError, ImportConflict) as error:
                failed += 1
                self.stderr.write(self.style.ERROR(f"error: {error}"))
            except (DatabaseError, ValidationError) as error:
                # The file's transaction was rolled back; the others go on.
                failed += 1
                reason = " ".join(str(error).split()) or type(error).__name__
                self.stderr.write(
                    self.style.ERROR(f"error: {source}: could not be stored ({reason})")
                )

        total = len(sources) + len(errors)
        if failed:
            raise CommandError(f"{failed} of {total} sources failed to import.")

    def parent(self, page_id: int | None) -> Page:
        if page_id is None:
            try:
                return default_parent()
            except LookupError as error:
                raise CommandError(str(error)) from error
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"--parent {page_id}: no page with that ID")
        return page.specific

    def report_dry_run(self, article, output_format):
        if output_format == "json":
            self.stdout.write(json.dumps(article.as_json(), ensure_ascii=False))
            return
        data = article.article
        self.stdout.write(f"{data.source}: “{data.title}” (/{data.slug}/)")
        self.write_details(article)

    def report_stored(self, article, result, output_format):
        if output_format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "source": article.article.source,
                        "action": result.action,
                        "page_id": result.page.pk,
                        "title": result.page.title,
                        "published": result.published,
                        "dropped": len(article.dropped),
                        "flags": len(article.flags),
                        "warnings": article.warnings,
                    },
                    ensure_ascii=False,
                )
            )
            return
        state = "published" if result.published else "draft"
        self.stdout.write(
            f"{result.action}: {article.article.source} -> page {result.page.pk} "
            f"“{result.page.title}” ({state})"
        )
        self.write_details(article)

    def write_details(self, article):
        data = article.article
        counts = {}
        for block in data.body:
            counts[block["type"]] = counts.get(block["type"], 0) + 1
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stdout.write(f"  blocks: {summary}")
        if data.hashtags:
            self.stdout.write(
                f"  hashtags: {' '.join('#' + tag for tag in data.hashtags)}"
            )
        for dropped in article.dropped:
            self.stdout.write(
                f"  dropped line {dropped.line} ({dropped.reason}): {dropped.text}"
            )
        for flag in article.flags:
            self.stdout.write(
                self.style.WARNING(f"  flag line {flag.line}: {flag.reason}")
            )
        for warning in article.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
