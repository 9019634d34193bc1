import json
import sys
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from wagtail.models import Page

from articles.importing import SourceError, find_sources, parse_file, wordpress
from articles.importing.store import ImportConflict, default_parent, store
from articles.importing.wordpress_import import import_export


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .html and .md files (or folders of them) as draft "
        "ArticlePages, or a whole WordPress export (WXR .xml). Re-importing a file "
        "updates its pages with new revisions."
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
            "--media-dir",
            type=Path,
            help="WordPress exports: a copy of the site's wp-content/uploads, where "
            "attachments are read from (nothing is downloaded).",
        )
        parser.add_argument(
            "--redirects",
            action="store_true",
            help="WordPress exports: redirect each old permalink to its new page.",
        )
        parser.add_argument(
            "--parent",
            type=int,
            help="ID of the page to import under (default: the article index).",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        sources, errors = find_sources(options["paths"])
        for error in errors:
            self.stderr.write(self.style.ERROR(f"error: {error}"))
        parent = None if options["dry_run"] else self.parent(options["parent"])

        if options["max_bytes"] is not None and options["max_bytes"] < 1:
            raise CommandError("--max-bytes must be a positive number of bytes")
        media_dir = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir}: no such directory")
        failed = len(errors)
        failed_items = 0
        for source in sources:
            # A .xml file can only be an export: scan() says why when it is not.
            if source.suffix.lower() == ".xml" or wordpress.is_wxr(source):
                try:
                    export = wordpress.scan(source, max_bytes=options["max_bytes"])
                except SourceError as error:
                    failed += 1
                    self.stderr.write(self.style.ERROR(f"error: {error}"))
                    continue
                failed_items += self.import_wordpress(export, parent, options)
                continue
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
        problems = []
        if failed:
            problems.append(f"{failed} of {total} sources failed to import")
        if failed_items:
            problems.append(f"{failed_items} WordPress items failed to import")
        if problems:
            message = "; ".join(problems)
            raise CommandError(f"{message[0].upper()}{message[1:]}.")

    def import_wordpress(self, export: wordpress.Export, parent, options) -> int:
        """Import a scanned WordPress export; the number of its items that failed."""
        source = export.path
        total = sum(export.counts.values())
        with self.progress_bar(total, source.name) as bar:
            summary = import_export(
                export,
                parent,
                media_dir=options["media_dir"],
                redirects=options["redirects"],
                force=options["force"],
                dry_run=options["dry_run"],
                progress=bar.update if bar else None,
                report=partial(self.report_item, source, options["format"]),
            )
        self.report_wordpress(source, summary, options["format"])
        return summary.failed

    def progress_bar(self, total: int, name: str):
        """tqdm on a terminal; nothing in a pipe or CI log."""
        if not sys.stderr.isatty():
            return nullcontext()
        from tqdm import tqdm

        return tqdm(total=total, desc=name, unit=" items", file=sys.stderr)

    def report_item(self, source, output_format, outcome) -> None:
        if output_format == "json":
            line = {
                "source": f"{source}#{outcome.post_id}",
                "action": outcome.action,
                "page_id": outcome.page_id,
                "title": outcome.title,
            }
            if outcome.reason:
                line["reason"] = outcome.reason
            if outcome.action == "would import":
                line["article"] = outcome.article.as_json()
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        elif outcome.action == "failed":
            self.stderr.write(
                self.style.ERROR(f"error: post {outcome.post_id}: {outcome.reason}")
            )
        elif self.verbosity > 1 or outcome.action == "would import":
            page = f" -> page {outcome.page_id}" if outcome.page_id else ""
            self.stdout.write(
                f"{outcome.action}: post {outcome.post_id}{page} “{outcome.title}”"
            )

    def report_wordpress(self, source, summary, output_format) -> None:
        if output_format == "json":  # JSON Lines: the summary is one more line
            self.stdout.write(
                json.dumps(
                    {
                        "source": str(source),
                        "summary": dict(summary.actions),
                        "skipped": dict(summary.skipped),
                        "images": dict(summary.images),
                        "missing_media": summary.missing_media,
                        "redirects": summary.redirects,
                    },
                    ensure_ascii=False,
                )
            )
            return
        counts = [
            f"{summary.actions[action]} {action}"
            for action in ("created", "updated", "unchanged", "would import", "failed")
            if summary.actions[action]
        ]
        skipped = ", ".join(
            f"{number} {reason}" for reason, number in summary.skipped.items() if number
        )
        self.stdout.write(f"{source}: {', '.join(counts) or 'nothing imported'}")
        if skipped:
            self.stdout.write(f"  skipped: {skipped}")
        images = ", ".join(f"{n} {what}" for what, n in summary.images.items() if n)
        if images:
            self.stdout.write(f"  images: {images}")
        if summary.missing_media:
            missing = summary.missing_media
            shown = ", ".join(missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            self.stdout.write(
                self.style.WARNING(
                    f"  warning: {len(missing)} attachment file(s) not in "
                    f"--media-dir, their images left out: {shown}{more}"
                )
            )
        if summary.redirects:
            self.stdout.write(f"  redirects: {summary.redirects} old permalinks")

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
