"""setup_demo (behind `make demo`): admin, articles published, safe to rerun."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from articles.models import ArticlePage
from home.management.commands import setup_demo
from seo.models import SeoAudit

pytestmark = pytest.mark.django_db


@pytest.fixture
def credentials_file(tmp_path, monkeypatch):
    path = tmp_path / ".demo-admin"
    monkeypatch.setattr(setup_demo, "CREDENTIALS_FILE", path)
    monkeypatch.setattr(setup_demo, "AUDIT_REPORT", tmp_path / "seo-audit.txt")
    return path


def demo() -> str:
    out = StringIO()
    call_command("setup_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_generated_admin_is_kept_across_runs(credentials_file, seeds_dir, monkeypatch):
    monkeypatch.setenv("SEEDS_DIR", str(seeds_dir))
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    first = demo()
    username, password = credentials_file.read_text().split()
    assert f"user “{username}”, password “{password}”" in first
    assert get_user_model().objects.get(username=username).check_password(password)

    second = demo()
    assert f"password “{password}”" in second
    assert ArticlePage.objects.live().count() == 5
    assert second.count("unchanged: ") == 5


def test_the_articles_are_audited_and_the_results_stored(
    credentials_file, seeds_dir, monkeypatch
):
    monkeypatch.setenv("SEEDS_DIR", str(seeds_dir))
    out = demo()
    assert "Audited 5 articles with" in out
    pages = ArticlePage.objects.all()
    audits = SeoAudit.objects.filter(page__in=pages)
    assert sorted(audits.values_list("revision_id", flat=True)) == sorted(
        page.latest_revision_id for page in pages
    )
    report = setup_demo.AUDIT_REPORT.read_text()
    assert all(page.title in report for page in pages)
    # Every seed lacks a medical disclaimer: the report says so for each.
    assert report.count("medical-disclaimer") == 5


def test_superuser_from_environment(credentials_file, seeds_dir, monkeypatch):
    monkeypatch.setenv("SEEDS_DIR", str(seeds_dir))
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "editor")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-demo-passphrase")
    out = demo()
    assert "user “editor”, password “a-long-demo-passphrase”" in out
    assert get_user_model().objects.get(username="editor").is_superuser
    assert not credentials_file.exists()


def test_own_demo_articles_without_a_seed_folder(
    credentials_file, tmp_path, monkeypatch
):
    monkeypatch.setenv("SEEDS_DIR", str(tmp_path / "no-seeds-here"))
    out = demo()
    assert "importing our demo articles" in out
    pages = ArticlePage.objects.live()
    assert pages.count() == len(list(setup_demo.OWN_DEMO_CONTENT.glob("*.txt")))


def test_rerun_keeps_an_editors_changes(credentials_file, seeds_dir, monkeypatch):
    monkeypatch.setenv("SEEDS_DIR", str(seeds_dir))
    demo()
    page = ArticlePage.objects.order_by("pk").first()
    edited = page.get_latest_revision_as_object()
    edited.title = "An editor's better title"
    edited.save_revision().publish()

    out = demo()
    assert "kept editors' changes" in out
    assert ArticlePage.objects.get(pk=page.pk).title == "An editor's better title"


def test_the_default_site_is_the_demo_server(credentials_file, seeds_dir, monkeypatch):
    monkeypatch.setenv("SEEDS_DIR", str(seeds_dir))
    monkeypatch.setenv("DEMO_BASE_URL", "http://127.0.0.1:8123")
    demo()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
