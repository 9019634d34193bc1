"""Clean articles stored before the link rules of articles/url_safety.py.

Import, the admin and API v3 refuse unsafe links and script as they save, but
rows saved before those rules existed keep what they were given. This pass
reads every article's body, canonical and source URLs, and every revision of
it, and rewrites only what holds script: a link's unsafe address is dropped
(its text stays), a rich-text value with a handler or a scripting element goes
through Wagtail's whitelist, and an unsafe URL field is emptied. Rich text
without script is kept as stored, and a body without any is not written at
all. Run it once after upgrading; it is repeatable, and a second run finds
nothing.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction
from wagtail.models import Revision

from articles.models import ArticlePage
from articles.url_safety import is_safe_url, sanitise_value

URL_FIELDS = ("canonical_url", "source_url")


def as_stored(data: list) -> list:
    """Block data as stored JSON holds it: a block read as a value gives back
    dates and decimals, one left unread its stored strings."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def cleaned(body_raw: list, urls: dict[str, str]) -> dict:
    """What to change in one stored version of an article: its body's raw
    data, when script was found in it, and each unsafe URL field, as ""."""
    stream_block = ArticlePage._meta.get_field("body").stream_block
    value = stream_block.to_python(body_raw)
    # Every block read as a value before and after, so that only the cleaning
    # can tell them apart (a block read fills in its defaults).
    before = as_stored([child.get_prep_value() for child in value])
    sanitise_value(stream_block, value, only_unsafe=True)
    after = as_stored([child.get_prep_value() for child in value])
    changes = {"body": after} if after != before else {}
    for name, url in urls.items():
        if url and not is_safe_url(url):
            changes[name] = ""
    return changes


class Command(BaseCommand):
    help = (
        "Remove unsafe links and script from articles stored before the link "
        "rules: bodies, canonical and source URLs, and every revision. Link text "
        "stays; nothing else changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Name what would be cleaned; write nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        content_type = ContentType.objects.get_for_model(ArticlePage)
        articles = revisions = failed = 0
        pages = ArticlePage.objects.order_by("pk").only(
            "pk", "title", "body", *URL_FIELDS
        )
        # A few articles in memory at a time, however large the library.
        for page in pages.iterator(chunk_size=100):
            try:
                with transaction.atomic():
                    changes, cleaned_revisions = self.clean_page(
                        page, content_type, dry_run
                    )
            except (DatabaseError, ValueError, TypeError) as error:
                failed += 1
                self.stderr.write(
                    f'page {page.pk} "{page.title}": not cleaned, {error}'
                )
                continue
            if changes or cleaned_revisions:
                articles += 1
                revisions += cleaned_revisions
                what = ", ".join(changes) or "no live fields"
                self.stdout.write(
                    f'page {page.pk} "{page.title}": {what}; '
                    f"{cleaned_revisions} revision(s)"
                )
        verb = "Would clean" if dry_run else "Cleaned"
        summary = f"{verb} {articles} article(s) and {revisions} revision(s)"
        if failed:
            raise CommandError(f"{summary}; {failed} could not be read (above).")
        self.stdout.write(f"{summary}.")

    def clean_page(self, page, content_type, dry_run) -> tuple[dict, int]:
        page_changes = cleaned(
            list(page.body.raw_data), {name: getattr(page, name) for name in URL_FIELDS}
        )
        if page_changes and not dry_run:
            for name, value in page_changes.items():
                setattr(page, name, value)
            # No full_clean: only these fields change, whatever else is stored.
            page.save(update_fields=list(page_changes), clean=False)
        count = 0
        for revision in Revision.objects.filter(
            content_type=content_type, object_id=str(page.pk)
        ).order_by("pk"):
            content = revision.content
            body = content.get("body")
            body_raw = json.loads(body) if isinstance(body, str) else body or []
            changes = cleaned(
                body_raw, {name: content.get(name) or "" for name in URL_FIELDS}
            )
            if not changes:
                continue
            count += 1
            if not dry_run:
                if "body" in changes:
                    changes["body"] = json.dumps(changes["body"])
                revision.content = {**content, **changes}
                revision.save(update_fields=["content"])
        return page_changes, count
