import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from articles.importing import SourceError, find_sources, parse_file
from articles.importing.store import ImportConflict, default_parent, store

CREDENTIALS_FILE = settings.BASE_DIR / ".demo-admin"
AUDIT_REPORT = settings.BASE_DIR / "seo-audit.txt"
SHARED_SEEDS = settings.BASE_DIR.parent / "shared" / "seeds"
OWN_DEMO_CONTENT = settings.BASE_DIR / "articles" / "demo_content"


class Command(BaseCommand):
    help = (
        "Prepare the demo: an admin account and the seed articles (or our own demo "
        "articles where no seed folder exists), imported and published. Safe to "
        "run again: nothing is duplicated and editors' changes are kept."
    )

    def handle(self, *args, **options):
        base = os.environ.get("DEMO_BASE_URL", "http://127.0.0.1:8000")
        username, password = self.ensure_admin()
        self.point_site_at(base)
        self.import_articles(self.content_dir())
        report = self.audit_articles()
        self.stdout.write(
            self.style.SUCCESS("\nThe demo is ready once the server below starts:\n")
            + f"  Admin:    {base}/admin/   user “{username}”, password “{password}”\n"
            f"  API v2:   {base}/api/v2/pages/?type=articles.ArticlePage&fields=*\n"
            f"  API v3:   {base}/api/v3/docs/  (OpenAPI: {base}/api/v3/openapi.json)\n"
            f"  Site:     {base}/\n"
            f"  SEO audit of every article: {report} "
            "(again: .venv/bin/python manage.py seo_audit)\n"
        )

    def point_site_at(self, base: str) -> None:
        """Give the default Site the demo server's address, so the URLs Wagtail
        builds from it (API `find` redirects, "view live" in the admin) reach
        the server `make demo` starts rather than localhost:80."""
        url = urlsplit(base)
        site = Site.objects.get(is_default_site=True)
        site.hostname = url.hostname or "localhost"
        site.port = url.port or (443 if url.scheme == "https" else 80)
        site.save(update_fields=["hostname", "port"])

    def audit_articles(self) -> Path:
        """Audit every article and store the results, as an editor's CI would;
        the full report goes to a file, its summary to the terminal."""
        report = AUDIT_REPORT
        try:
            call_command(
                "seo_audit",
                "--all",
                "--save",
                "--output",
                str(report),
                stdout=self.stdout,
                stderr=self.stdout,
                no_color=True,
            )
        except CommandError as error:
            if error.returncode != 1:  # 1: findings at the fail level, expected
                raise
            self.stdout.write(str(error))
        return report

    def ensure_admin(self) -> tuple[str, str]:
        """The admin from DJANGO_SUPERUSER_* variables, or one generated once."""
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not (username and password):
            if CREDENTIALS_FILE.exists():
                username, password = CREDENTIALS_FILE.read_text().split(maxsplit=1)
                password = password.strip()
            else:
                username, password = "admin", secrets.token_urlsafe(12)
                CREDENTIALS_FILE.write_text(f"{username} {password}\n")
                CREDENTIALS_FILE.chmod(0o600)
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", f"{username}@example.com")
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username, email, password)
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        return username, password

    def content_dir(self) -> Path:
        seeds = Path(os.environ.get("SEEDS_DIR", SHARED_SEEDS))
        if seeds.is_dir():
            return seeds
        self.stdout.write(f"No seed folder at {seeds}; importing our demo articles.")
        return OWN_DEMO_CONTENT

    def import_articles(self, folder: Path) -> None:
        parent = default_parent()
        sources, errors = find_sources([folder])
        for error in errors:
            self.stderr.write(self.style.ERROR(f"error: {error}"))
        for source in sources:
            try:
                result = store(parse_file(source), parent, publish=True)
            except ImportConflict:
                self.stdout.write(f"kept editors' changes: {source}")
            except SourceError as error:
                self.stderr.write(self.style.ERROR(f"error: {error}"))
            else:
                self.stdout.write(f"{result.action}: {source} -> “{result.page.title}”")
