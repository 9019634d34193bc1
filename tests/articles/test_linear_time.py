"""Long adversarial input: the importer and the audit finish, and stay correct.

Each example is a short random unit (hashtags, spaces, punctuation, markup)
repeated into tens of kilobytes, the shapes that made a regex or a loop take
time growing with the square of the input (one line of 20,000 hashtags took
over 4 minutes; a 2.8 MB front matter over 15). With linear work every example
here takes well under a second; the deadline is generous (machines vary), so a
failure means work that grows faster than the input, not a slow machine. Time
per kilobyte is measured by bench/importer_scaling.py, not here.
"""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importing import SourceError, cleanup, html, markdown, plaintext
from articles.importing.reader import parse_file
from articles.limits import MAX_BLOCKS

pytestmark = [pytest.mark.slow]

LONG = settings(
    max_examples=8,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)

# Pieces the adversarial lines are made of: tags, separators that end or
# continue them, and characters the regexes treat specially.
TOKENS = [
    "#tag",
    "#Massage",
    "#1",
    "#_",
    "#",
    "##",
    "a",
    "Word",
    " ",
    "  ",
    "\t",
    ".",
    "!",
    "?",
    ",",
    ":",
    "&#39;",
    "/page#top",
    "é",
    "_",
    "-",
    "'",
    "’",
    "(",
    "*",
    "•",
    "1.",
    # What the furniture, title and step rules look for.
    ", a",
    "[vc_row]",
    "**",
    "Home >",
    "✅",
    "(1)",
    "woman holding",
    "consult your doctor",
    "How to do it:",
    "###",
    "the safest",
]
units = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map("".join)
repeats = st.integers(min_value=1_000, max_value=5_000)


def long_line(unit: str, count: int) -> str:
    return (unit * count)[:80_000]


class TestHashtagCleanup:
    @LONG
    @given(unit=units, count=repeats)
    def test_extract_hashtags_on_long_lines(self, unit, count):
        line = long_line(unit, count)
        text, tags, inline = cleanup.extract_hashtags(line)
        assert tags == cleanup.HASHTAG.findall(line)
        # Every tag is either gone (a run at an end) or turned into words.
        assert not cleanup.HASHTAG.search(text)
        assert len(inline) <= len(tags)
        origins = cleanup.hashtag_origins(line)
        assert len(origins) == len(text)
        assert origins == sorted(origins)
        assert all(0 <= origin < len(line) for origin in origins)

    @settings(LONG, max_examples=2)
    @given(count=st.integers(min_value=5_000, max_value=10_000))
    def test_a_line_of_thousands_of_hashtags(self, count):
        line = "Relief starts here " + " ".join(f"#tag{n}" for n in range(count))
        text, tags, inline = cleanup.extract_hashtags(line + " today.")
        assert len(tags) == count
        assert len(inline) == count  # inside the sentence: each becomes words
        assert text.startswith("Relief starts here tag 0 tag 1 ")
        text, tags, inline = cleanup.extract_hashtags(line)
        assert (text, len(tags), inline) == ("Relief starts here", count, [])


def article_text(unit: str, count: int) -> str:
    opening = "Massage for Sciatica\n\nMassage eases tight muscles.\n\n"
    return f"{opening}{long_line(unit, count)}\n"


def imports_or_refuses(parse, text: str, source: str) -> None:
    try:
        article = parse(text, source)
    except SourceError as error:
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal.startswith(f"{source}: ")
        return
    assert article.title
    assert article.body
    kinds = {"paragraph", "heading", "list", "table", "quote", "disclaimer", "steps"}
    for block in article.body:
        assert block["type"] in kinds
    for flag in article.flags:
        assert 0 <= flag.block < len(article.body)


class TestFormats:
    @LONG
    @given(unit=units, count=repeats)
    def test_plain_text(self, unit, count):
        imports_or_refuses(plaintext.parse, article_text(unit, count), "a.txt")

    @LONG
    @given(unit=units, count=repeats)
    def test_plain_text_one_line_each(self, unit, count):
        text = "\n".join([unit] * count)
        imports_or_refuses(
            plaintext.parse, f"Title\n\nSome text here.\n{text}", "a.txt"
        )

    @LONG
    @given(unit=units, count=repeats)
    def test_plain_text_that_opens_with_the_long_line(self, unit, count):
        # The first lines are where the title rules look: a tag suffix search
        # on one 40 KB line of ", a b" ending in "!" took 7 s before it was bounded.
        text = f"{long_line(unit, count)}\n\nMassage eases tight muscles.\n"
        imports_or_refuses(plaintext.parse, text, "a.txt")

    @settings(LONG, max_examples=1)
    @given(count=st.integers(min_value=24_000, max_value=25_000))
    def test_a_first_line_of_comma_separated_tags(self, count):
        text = "Title" + ", a b" * count + "!\n\nMassage eases tight muscles.\n"
        imports_or_refuses(plaintext.parse, text, "a.txt")

    @LONG
    @given(unit=units, count=repeats)
    def test_markdown(self, unit, count):
        imports_or_refuses(markdown.parse, article_text(unit, count), "a.md")

    @LONG
    @given(unit=units, count=repeats, closed=st.booleans())
    def test_huge_front_matter(self, unit, count, closed):
        lines = "".join(f"tags: {unit}\n  - {unit}\n" for _ in range(count // 4))
        end = "---\n" if closed else ""
        text = f"---\ntitle: Massage\n{lines}{end}\nMassage eases tight muscles.\n"
        imports_or_refuses(markdown.parse, text, "a.md")

    @LONG
    @given(unit=units, count=repeats)
    def test_html(self, unit, count):
        opening = "<h1>Massage</h1><p>Massage eases tight muscles.</p>"
        markup = f"{opening}<p><b>{long_line(unit, count)}</b></p>"
        imports_or_refuses(html.parse, markup, "a.html")

    @LONG
    @given(
        tags=st.lists(
            st.sampled_from(["div", "b", "ul", "li", "p", "span"]),
            min_size=1,
            max_size=4,
        ),
        depth=st.integers(min_value=100, max_value=5_000),
    )
    def test_deeply_nested_html(self, tags, depth):
        opening = "".join(f"<{tag}>" for tag in tags) * depth
        closing = "".join(f"</{tag}>" for tag in reversed(tags)) * depth
        markup = f"<h1>Massage</h1>{opening}Massage eases tight muscles.{closing}"
        imports_or_refuses(html.parse, markup, "a.html")


class TestAudit:
    @LONG
    @given(unit=units, count=st.integers(min_value=500, max_value=3_000))
    def test_audit_of_adversarial_prose(self, unit, count):
        from seo.audit import Auditor
        from seo.document import Document
        from seo.site import SiteIndex
        from seo.sources import article_from_import

        try:
            article = plaintext.parse(article_text(unit, count), "a.txt")
        except SourceError:
            return
        data = article_from_import(article)
        report = Auditor().audit(Document(data, SiteIndex.from_articles([data])))
        assert report.results
        assert 0 <= report.scores.overall <= 100


@pytest.mark.django_db
def test_parse_file_refuses_over_the_block_cap_after_linear_work(tmp_path):
    path = tmp_path / "many.txt"
    path.write_text("Title\n\n" + "Short line here.\n\n" * (MAX_BLOCKS + 1))
    with pytest.raises(SourceError, match="over the 1,000 an article may hold"):
        parse_file(path)


class TestAuditOfMarkup:
    # 80 KB of unclosed <h2> took about 170 s before headings stopped at the
    # next opening tag; it takes milliseconds now.
    @settings(LONG, max_examples=5)
    @given(
        unit=st.sampled_from(["<h2>", "<h2 ", "<b>", "<strong>x</b>", "<h3>x</h2>"]),
        count=st.integers(min_value=16_000, max_value=20_000),
    )
    def test_unclosed_tags_in_rich_text(self, unit, count):
        # Rich text reaches the audit from the API as well as from imports.
        from seo.audit import audit
        from seo.document import ArticleData

        value = f"<p>{long_line(unit, count)}</p>"
        body = [{"type": "paragraph", "value": value}]
        report = audit(ArticleData(title="Massage", body=body))
        assert {result.check_id for result in report.results} >= {"paragraph-headings"}


# Shapes that took time growing with the square of the input (or worse) in the
# furniture, caption, Markdown, steps and claim rules, found by attacking them:
# whitespace the regexes could split many ways, an unclosed mark retried to the
# end of the line, a rescan per steps block, a chain of superlatives. At 160 KB
# some took minutes; each takes well under a second now.
OGHAM_SPACE = "\u1680"  # whitespace that is no line break
ADVERSARIAL_LINES = {
    "breadcrumbs": "home" + ("> " + OGHAM_SPACE * 20 + "x") * 6 + ">" + "y" * 70,
    "share buttons": ("share" + OGHAM_SPACE * 12) * 8 + "x",
    "date line": "updated" + OGHAM_SPACE * 400 + "x",
    "markdown heading": "# x" + (" " + OGHAM_SPACE) * 80_000 + "y",
    "markdown bold": "**a " * 40_000,
    "file-name alt text": "a_" * 80_000 + "!",
    "shortcodes": "[vc_x " * 26_000,
    "stuck furniture": "x" + (" " + OGHAM_SPACE) * 80_000 + "[top",
    "breadcrumbs without home": "a > " * 40_000 + "b",
    "alt text stuck to a line": ("a" * 40 + " ") * 4_000 + "Ab",
    "steps": "1. Calf stretch\n\nStand tall.\n\n2. Heel raise\n\nRise up.\n\n" * 2_500,
}


@pytest.mark.parametrize("shape", sorted(ADVERSARIAL_LINES))
@settings(LONG, max_examples=1)
@given(copies=st.just(1))
def test_the_furniture_and_markdown_rules_on_adversarial_input(shape, copies):
    line = ADVERSARIAL_LINES[shape] * copies
    imports_or_refuses(
        plaintext.parse, f"Title\n\nSome text here.\n\n{line}\n", "a.txt"
    )
    markup = f"<h1>Title</h1><p>Some text here.</p><p>{line}</p>"
    imports_or_refuses(html.parse, markup, "a.html")


@settings(LONG, max_examples=1)
@given(count=st.just(15_000))
def test_a_chain_of_superlatives(count):
    from seo.checks.health import OverstatedClaims
    from tests.seo.factories import document, paragraph

    result = OverstatedClaims().run(document(paragraph("safest and " * count + "x.")))
    assert result.findings == ()
