"""Time per kilobyte of the importer and the audit on growing adversarial input.

    .venv/bin/python bench/importer_scaling.py             # 1 KB .. 1 MB, + 5 MB
    .venv/bin/python bench/importer_scaling.py --max-kb 256 --no-5mb
    .venv/bin/python bench/importer_scaling.py --only hashtags-line

Each input family is built at 1, 4, 16, 64, 256 and 1024 KB (and a realistic
article near the 5 MB import cap). For each size it prints the import time
(the format's parser: the step the size and block caps guard, so it is timed
past them) and the audit time (a `Document` and every registered check, the
site-wide ones included through a `SiteIndex` of the one article), each in
milliseconds per kilobyte. Linear work shows as a flat column; the last line
of each family gives the largest/smallest ratio of time per KB. An input family
whose time per KB grows with its size is super-linear: the ratio says by how
much. A family stops early when one step takes over --budget seconds, so a
regression shows as a line that says so instead of a run that never ends.

Not a test: figures depend on the machine (and on what else runs on it: read
the columns, not one figure). Target: time per KB flat, every ratio under 3
(the smallest sizes carry fixed costs, so ratios below 1 are normal).
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

KB = 1024
SIZES_KB = [1, 4, 16, 64, 256, 1024]
SEEDS = Path(os.environ.get("SEEDS_DIR", Path(__file__).parents[2] / "shared/seeds"))

PROSE = (
    "Massage therapy can ease sciatica by relaxing the muscles around the nerve. "
    "It also improves blood flow, which helps tissues heal. "
)


def repeat_to(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def hashtags_line(size: int) -> tuple[str, str]:
    """One line of N hashtags under a short article (the issue's N² case)."""
    head = f"Massage for Sciatica\n\n{PROSE}\n\n"
    tags, count, length = [], 0, len(head)
    while length < size:
        tags.append(f"#tag{count} ")
        length += len(tags[-1])
        count += 1
    return ".txt", head + "".join(tags) + "\n"


def hashtags_inline(size: int) -> tuple[str, str]:
    """Hashtags inside one long sentence, each becoming words plus a flag."""
    head = f"Massage for Sciatica\n\n{PROSE}\n\n"
    body = repeat_to("relief with #MassageTherapy and #sciaticapain today ", size)
    return ".txt", head + body.rsplit(" ", 1)[0] + ".\n"


def hashtags_bold_html(size: int) -> tuple[str, str]:
    """Hashtags in bold text: the styles must be carried through cleanup."""
    unit = "<b>relief #MassageTherapy</b> and <i>#sciatica pain</i> eased. "
    return ".html", f"<h1>Title</h1><p>{PROSE}{repeat_to(unit, size)}</p>"


def front_matter(size: int) -> tuple[str, str]:
    """A huge front matter: a tag list, then a closing ---."""
    head, items, count = "---\ntitle: Massage\ntags:\n", [], 0
    length = len(head)
    while length < size:
        items.append(f"  - tag {count}\n")
        length += len(items[-1])
        count += 1
    return ".md", head + "".join(items) + f"---\n\n{PROSE}\n"


def front_matter_unclosed(size: int) -> tuple[str, str]:
    """A front matter that never closes: it must be read as Markdown."""
    return ".md", "---\n" + repeat_to("key: value\n", size) + f"\n{PROSE}\n"


def front_matter_long_value(size: int) -> tuple[str, str]:
    """One front matter line holding the whole size."""
    value = repeat_to("word, ", size)
    return ".md", f"---\ntitle: Massage\ntags: {value}\n---\n\n{PROSE}\n"


def nested_html(size: int) -> tuple[str, str]:
    """Elements nested as deep as the size allows (refused past the
    recursion limit: that refusal must come fast too)."""
    depth = max(size // 11, 1)
    return ".html", "<div>" * depth + f"<p>{PROSE}</p>" + "</div>" * depth


def nested_lists_html(size: int) -> tuple[str, str]:
    depth = max(size // 30, 1)
    return ".html", (
        f"<h1>Title</h1><p>{PROSE}</p>"
        + "<ul><li>item text" * depth
        + "</li></ul>" * depth
    )


def long_line_txt(size: int) -> tuple[str, str]:
    return ".txt", f"Massage for Sciatica\n\n{PROSE}\n\n" + "a" * size + "\n"


def long_line_md(size: int) -> tuple[str, str]:
    return ".md", f"# Massage\n\n{PROSE}\n\n" + "a" * size + "\n"


def long_line_html(size: int) -> tuple[str, str]:
    return ".html", f"<h1>Massage</h1><p>{PROSE}</p><p>{'a' * size}</p>"


def punctuation_runs(size: int) -> tuple[str, str]:
    """Runs of spaces, dots and symbols without words between them."""
    unit = "Word" + " " * 40 + "x" + "." * 40 + " -- ' ' " + "!?" * 20 + " "
    return ".txt", f"Massage for Sciatica\n\n{PROSE}\n\n{repeat_to(unit, size)}\n"


def many_short_lines(size: int) -> tuple[str, str]:
    return ".txt", "Massage for Sciatica\n\n" + repeat_to("Short line here.\n", size)


def many_short_lines_md(size: int) -> tuple[str, str]:
    return ".md", "# Massage\n\n" + repeat_to("- item\n\nText para.\n\n", size)


def realistic(size: int) -> tuple[str, str]:
    """The seed articles' own text (headings, paragraphs, lists, as the
    importer reads them, without the comment sections that would end the
    article), repeated as one long article."""
    global _REALISTIC
    if _REALISTIC is None:
        _REALISTIC = seed_text()
    return ".txt", "Massage for Sciatica\n\n" + repeat_to(_REALISTIC, size)


_REALISTIC: str | None = None


def seed_text() -> str:
    from articles.importing import parse_file
    from articles.importing.plaintext import plain_text

    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    parts = []
    for path in seeds:
        for block in parse_file(path).body:
            if block["type"] == "list":
                items = block["value"]["items"]
                parts.append("\n".join(f"- {item['text']}" for item in items))
            elif block["type"] == "heading":
                parts.append(block["value"]["text"])
            elif block["type"] == "paragraph":
                parts.append(plain_text(block))
    if not parts:  # no seeds: built-in prose
        parts = ["Why It Helps", PROSE * 4, "- one\n- two"]
    return "\n\n".join(parts) + "\n\n"


FAMILIES: dict[str, Callable[[int], tuple[str, str]]] = {
    "hashtags-line": hashtags_line,
    "hashtags-inline": hashtags_inline,
    "hashtags-bold-html": hashtags_bold_html,
    "front-matter": front_matter,
    "front-matter-unclosed": front_matter_unclosed,
    "front-matter-long-value": front_matter_long_value,
    "nested-html": nested_html,
    "nested-lists-html": nested_lists_html,
    "long-line-txt": long_line_txt,
    "long-line-md": long_line_md,
    "long-line-html": long_line_html,
    "punctuation-runs": punctuation_runs,
    "many-short-lines": many_short_lines,
    "many-short-lines-md": many_short_lines_md,
    "realistic": realistic,
}


def parse(suffix: str, text: str):
    """The format's parser, as parse_file calls it (without the caps)."""
    from articles.importing import html, markdown, plaintext

    parser = {".txt": plaintext.parse, ".md": markdown.parse, ".html": html.parse}
    return parser[suffix](text, f"bench{suffix}")


def audit(article) -> None:
    from articles.limits import MAX_IMPORTED_HASHTAGS
    from seo.audit import Auditor
    from seo.document import Document
    from seo.site import SiteIndex
    from seo.sources import article_from_import

    # The hashtags as an import stores them (articles.importing.fields caps
    # them); the block cap is left out so bodies of every size are timed.
    article.hashtags = article.hashtags[:MAX_IMPORTED_HASHTAGS]
    data = article_from_import(article)
    Auditor().audit(Document(data, SiteIndex.from_articles([data])))


def timed(step: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def run_family(name: str, sizes: list[int], budget: float) -> None:
    from articles.importing import SourceError

    make = FAMILIES[name]
    print(f"\n{name}")
    print(f"  {'size':>8} {'blocks':>7} {'import ms/KB':>13} {'audit ms/KB':>12}")
    per_kb: list[tuple[float, float]] = []
    # Warm up first (imports, word lists, caches), so 1 KB times the work.
    suffix, text = make(KB)
    with contextlib.suppress(SourceError):
        audit(parse(suffix, text))
    for size_kb in sizes:
        suffix, text = make(size_kb * KB)
        kb = len(text.encode()) / KB
        try:
            seconds, article = timed(lambda: parse(suffix, text))  # noqa: B023
        except SourceError as error:
            print(f"  {kb:>6.0f}KB refused: {str(error)[:60]}")
            continue
        audit_seconds, _ = timed(lambda: audit(article))  # noqa: B023
        per_kb.append((seconds * 1000 / kb, audit_seconds * 1000 / kb))
        print(
            f"  {kb:>6.0f}KB {len(article.body):>7} {per_kb[-1][0]:>13.3f} "
            f"{per_kb[-1][1]:>12.3f}"
        )
        if max(seconds, audit_seconds) > budget:
            print(f"  stopped: one step took over {budget:.0f} s at {kb:.0f} KB")
            break
    if len(per_kb) > 2:
        # The largest size's time per KB against the median of the sizes
        # below it: one figure per step, about 1 when the work is linear
        # (quadratic work doubles it with every doubling of the input).
        base_import = statistics.median(p[0] for p in per_kb[:-1])
        base_audit = statistics.median(p[1] for p in per_kb[:-1])
        print(
            f"  largest size's ms/KB over the median below it: import "
            f"{per_kb[-1][0] / base_import:.2f}, audit {per_kb[-1][1] / base_audit:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-kb", type=int, default=1024)
    parser.add_argument("--only", action="append", choices=sorted(FAMILIES))
    parser.add_argument("--no-5mb", action="store_true", help="skip the 5 MB article")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds a step")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # figures as they come

    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()

    sizes = [size for size in SIZES_KB if size <= args.max_kb]
    for name in args.only or FAMILIES:
        family_sizes = sizes
        if name == "realistic" and not args.no_5mb:
            family_sizes = [*sizes, 5 * KB - 16]  # just under the 5 MB cap
        run_family(name, family_sizes, args.budget)


if __name__ == "__main__":
    main()
