from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from articles.api.visibility import anonymous_visible_pages
from articles.related import refresh_rankings


class Command(BaseCommand):
    help = (
        "Compute the stored related-article rankings of every published article "
        "that has none or a stale one, so no API reader waits for one. Rankings "
        "are otherwise computed on first read; run this after a bulk import."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Compute every ranking again, fresh ones included.",
        )

    def handle(self, *args, **options):
        sites = list(Site.objects.select_related("root_page"))
        if not sites:
            raise CommandError("No site is configured: there are no public pages.")
        for site in sites:
            count = refresh_rankings(
                anonymous_visible_pages(site), stale_only=not options["all"]
            )
            self.stdout.write(f"{site}: {count} rankings computed")
