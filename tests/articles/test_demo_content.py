"""Our own demo articles (used where no seed folder exists) import cleanly."""

from pathlib import Path

import pytest
from django.conf import settings

from articles.importing import parse_file

DEMO = sorted(Path(settings.BASE_DIR, "articles", "demo_content").glob("*.txt"))


def test_there_are_demo_articles():
    assert len(DEMO) >= 3


@pytest.mark.parametrize("path", DEMO, ids=lambda p: p.name)
def test_demo_article_imports_without_warnings(path):
    article = parse_file(path)
    types = {block["type"] for block in article.body}
    assert article.warnings == []
    assert {"heading", "paragraph", "list"} <= types
    assert len(article.search_description) <= 156


def test_demo_articles_cover_the_importers_traps():
    articles = [parse_file(path) for path in DEMO]
    blocks = [block for article in articles for block in article.body]
    assert any(block["type"] == "table" for block in blocks)
    assert any(
        item["children"]
        for block in blocks
        if block["type"] == "list"
        for item in block["value"]["items"]
    )
    assert any(a.hashtags for a in articles)
    assert any(a.flags for a in articles)
    assert any(d.reason == "comment form" for a in articles for d in a.dropped)
