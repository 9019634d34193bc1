"""Speed of the SEO audit on the seed articles, against Yoast and textstat.

    .venv/bin/python bench/audit.py [--seeds DIR] [--runs N] [--warmup N]
                                    [--no-yoast] [--no-install] [--json FILE]
                                    [--by-check N] [--profile N]

For each seed (../shared/seeds, or $SEEDS_DIR, or --seeds) it prints, in
milliseconds (median of --runs runs after --warmup runs; p95 where shown):

- ours: the full audit, every registered check, on a fresh Document per run
  (`Auditor().audit(Document(data, site))`, the Auditor and the site index of
  the five seeds built once, as the command builds them once per run, so the
  site-wide checks run too);
- yoast: the `yoastseo` npm package (version pinned in bench/yoast/package.json)
  in Node on the same article rendered to HTML by the blocks' own templates:
  a new Paper through its SEO assessor and its content (readability) assessor,
  with its text-keyed memo caches cleared before each run ("cold"; "warm" keeps
  them, as when the same text is analysed again unchanged);
- textstat: every English metric textstat offers, each called naively through its
  public function on the article's prose, after seo.readability has supplied the
  offline dictionary;
- floor: one tokenization pass, building a fresh Document's sentences (block
  text, sentence splitting, words and stems), which every check shares.

textstat caches every function on its whole text argument (functools.lru_cache),
so timing the same text twice measures a dictionary lookup. Each run therefore
gets its own text variant: the last paragraph ends with "Edition N." for run N.
The same variants feed our audit (our readability goes through textstat) and
the floor, so every Python column pays for its text once per run, as an audit
of a new or edited article does. Word-level caches (stems, syllables per word)
stay warm in every column, Yoast's included, as they do in a long-lived process.

Targets, for the longest seed (003, about 2,300 words): at most 10 ms per full
audit, and more than 100 times faster than Yoast.
"""

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YOAST_DIR = Path(__file__).resolve().parent / "yoast"
sys.path.insert(0, str(ROOT))

# Realistic focus keyphrases for massage-for-sciatica articles; each seed gets the
# first whose topic words its title contains (any order and word form).
KEYPHRASES = (
    "massage therapy for sciatica",
    "sciatica pain relief",
    "massage for sciatica",
)
DEFAULT_KEYPHRASE = "massage for sciatica"
SITE = "https://example.org"

TARGET_MS = 10.0
TARGET_RATIO = 100.0

# textstat's English metrics, as its README lists them; the non-English formulas
# (Fernandez Huerta, Gulpease, Wiener Sachtextformel and the like) are left out.
TEXTSTAT_METRICS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "difficult_words",
    "linsear_write_formula",
    "gunning_fog",
    "text_standard",
    "spache_readability",
    "mcalpine_eflaw",
    "reading_time",
)


@dataclasses.dataclass
class Seed:
    name: str
    data: Any  # seo.document.ArticleData
    site: Any  # seo.site.SiteIndex of all the seeds, or None
    variants: list[Any]  # one ArticleData per run, differing in one word
    html: str
    words: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seeds",
        default=os.environ.get("SEEDS_DIR", str(ROOT.parent / "shared" / "seeds")),
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-yoast", action="store_true", help="skip the Node peer")
    parser.add_argument(
        "--no-install",
        action="store_true",
        help="do not run `npm ci` in bench/yoast when yoastseo is missing",
    )
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument(
        "--by-check",
        type=int,
        default=0,
        metavar="N",
        help="also print the N slowest checks on each seed",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile the longest seed's audit (cProfile, the N costliest "
        "functions by own and by cumulative time)",
    )
    args = parser.parse_args()
    if args.runs < 20:
        parser.error("--runs must be at least 20")

    # The audit reads no database; rendering the blocks to HTML needs Django
    # configured, so give it an in-memory SQLite database it never uses.
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()

    seeds = load_seeds(Path(args.seeds), args.runs + args.warmup)
    if not seeds:
        sys.exit(f"no seed articles in {args.seeds} (set SEEDS_DIR or --seeds)")

    from seo.audit import Auditor

    auditor = Auditor()
    names = [check.id for check in auditor.checks]
    print(f"{len(names)} checks registered and run per audit")
    ours = {seed.name: bench_ours(auditor, seed, args.warmup) for seed in seeds}
    floor = {seed.name: bench_floor(seed, args.warmup) for seed in seeds}
    textstat, textstat_note = bench_textstat(seeds, args.warmup)
    if textstat_note:
        print(f"textstat: {textstat_note}")
    if args.no_yoast:
        yoast, yoast_note = {}, "skipped (--no-yoast)"
    else:
        yoast, yoast_note = bench_yoast(seeds, args.warmup, args.runs, args.no_install)
    print(f"yoast: {yoast_note}")

    print_table(seeds, ours, yoast, textstat, floor, args.runs)
    print_targets(seeds, ours, yoast)
    if args.by_check:
        print_by_check(auditor, seeds, args.warmup, args.by_check)
    if args.profile:
        print_profile(auditor, seeds, args.runs, args.profile)
    if args.json:
        figures = {
            "runs": args.runs,
            "checks": names,
            "yoast_note": yoast_note,
            "textstat_note": textstat_note,
            "seeds": [
                {
                    "name": seed.name,
                    "words": seed.words,
                    "keyphrase": seed.data.focus_keyphrase,
                    "ours": ours[seed.name],
                    "yoast": yoast.get(seed.name),
                    "textstat": textstat.get(seed.name),
                    "floor": floor[seed.name],
                }
                for seed in seeds
            ],
        }
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str))


# --- the articles -----------------------------------------------------------


def load_seeds(folder: Path, variants: int) -> list[Seed]:
    from articles.importing import find_sources, parse_file
    from seo.document import Document
    from seo.sources import article_from_import

    sources, errors = find_sources([folder])
    if errors:
        sys.exit("; ".join(str(error) for error in errors))
    seeds = []
    for source in sources:
        article = parse_file(source)
        data = article_from_import(article)
        data = dataclasses.replace(
            data,
            focus_keyphrase=keyphrase_for(data.title),
            search_description=data.search_description or meta_description(data),
        )
        seeds.append(
            Seed(
                name=source.stem,
                data=data,
                site=None,
                variants=[variant(data, number) for number in range(variants)],
                html=render_html(data.body),
                words=Document(data).word_count,
            )
        )
    site = site_index([seed.data for seed in seeds])
    for seed in seeds:
        seed.site = site
    return seeds


def site_index(articles: list):
    """The five seeds as the library the site-wide checks look across, as
    `seo_audit --file` indexes several files; None (and those checks report
    not applicable) if the site index cannot be built."""
    try:
        from seo.site import SiteIndex

        return SiteIndex.from_articles(articles)
    except Exception as error:  # the other figures still mean something
        print(f"site index: not built ({type(error).__name__}: {error})")
        return None


def keyphrase_for(title: str) -> str:
    from seo.document import Document
    from seo.text import Phrase

    title_stems = Document.stem_set(title)
    for candidate in KEYPHRASES:
        phrase = Phrase.parse(candidate)
        if phrase and phrase.found_in(title_stems):
            return candidate
    return DEFAULT_KEYPHRASE


def meta_description(data) -> str:
    """What an editor would write when the import has none: the first
    paragraph, cut at a word before 156 characters."""
    from seo.document import Document

    first = Document(data).first_paragraph
    return first if len(first) <= 156 else first[:155].rsplit(" ", 1)[0] + "…"


def variant(data, number: int):
    """The article with "Edition N." closing its last paragraph, so that no
    whole-text cache (textstat's lru_caches) carries over from another run."""
    body = [dict(block) for block in data.body]
    for block in reversed(body):
        if block["type"] == "paragraph":
            head, _, tail = block["value"].rpartition("</p>")
            block["value"] = f"{head} Edition {number}.</p>{tail}"
            break
    return dataclasses.replace(data, body=body)


def render_html(body: list[dict]) -> str:
    """The body as a reader's browser gets it, through each block's own template
    (templates/articles/blocks/), as the article page's include_block does."""
    from articles.blocks import ArticleStreamBlock

    stream = ArticleStreamBlock().to_python(body)
    return "\n".join(str(child.render_as_block()) for child in stream)


# --- the timings ------------------------------------------------------------


def timed(function: Callable[[Any], Any], inputs: list[Any], warmup: int) -> dict:
    for item in inputs[:warmup]:
        function(item)
    times = []
    cpu = []
    for item in inputs[warmup:]:
        start, start_cpu = time.perf_counter(), time.process_time()
        function(item)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {
        "median_ms": statistics.median(times),
        "p95_ms": statistics.quantiles(times, n=20)[-1],
        # This process's CPU time: steadier than wall time when other
        # processes share the cores.
        "cpu_median_ms": statistics.median(cpu),
        "runs": len(times),
    }


def bench_ours(auditor, seed: Seed, warmup: int) -> dict:
    from seo.document import Document
    from seo.findings import Status

    report = auditor.audit(Document(seed.data, seed.site))
    statuses = Counter(str(result.status) for result in report.results)
    figures = timed(
        lambda data: auditor.audit(Document(data, seed.site)), seed.variants, warmup
    )
    return {
        **figures,
        "checks": len(report.results),
        "not_applicable": statuses.get(str(Status.NOT_APPLICABLE), 0),
        "statuses": dict(statuses),
        "overall": getattr(report.scores, "overall", None),
    }


def bench_floor(seed: Seed, warmup: int) -> dict:
    from seo.document import Document

    return timed(lambda data: Document(data).sentences, seed.variants, warmup)


def bench_textstat(seeds: list[Seed], warmup: int) -> tuple[dict, str]:
    try:
        import seo.readability  # noqa: F401  (supplies textstat's dictionary offline)
    except ImportError as error:
        return {}, f"skipped: seo.readability cannot be imported ({error})"
    import textstat

    from seo.document import Document

    def naive(text: str) -> None:
        for metric in TEXTSTAT_METRICS:
            getattr(textstat, metric)(text)

    figures = {}
    try:
        for seed in seeds:
            texts = [Document(data).prose_text for data in seed.variants]
            figures[seed.name] = timed(naive, texts, warmup)
    except Exception as error:  # a missing dictionary must not hide our figures
        return figures, f"failed: {type(error).__name__}: {error}"
    return figures, f"{len(TEXTSTAT_METRICS)} metrics: {', '.join(TEXTSTAT_METRICS)}"


def bench_yoast(
    seeds: list[Seed], warmup: int, runs: int, no_install: bool
) -> tuple[dict, str]:
    node = shutil.which("node")
    if node is None:
        return {}, "not run: node is not installed"
    package = YOAST_DIR / "node_modules" / "yoastseo" / "package.json"
    if not package.exists():
        if no_install:
            return {}, "not run: yoastseo is not installed (npm ci in bench/yoast)"
        npm = shutil.which("npm")
        if npm is None:
            return {}, "not run: yoastseo is not installed and npm is missing"
        print("installing yoastseo: npm ci in bench/yoast ...", flush=True)
        install = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=YOAST_DIR,
            capture_output=True,
            text=True,
        )
        if install.returncode:
            tail = (install.stderr or install.stdout).strip().splitlines()[-3:]
            return {}, f"not run: npm ci failed: {' | '.join(tail)}"
    payload = {
        "runs": runs,
        "warmup": warmup,
        "articles": [
            {
                "name": seed.name,
                "text": seed.html,
                "keyword": seed.data.focus_keyphrase,
                "synonyms": ", ".join(seed.data.keyphrase_synonyms),
                "title": seed.data.seo_title or seed.data.title,
                "description": seed.data.search_description,
                "slug": seed.data.slug,
                "permalink": f"{SITE}/articles/{seed.data.slug}/",
                "locale": "en_US",
            }
            for seed in seeds
        ],
    }
    result = subprocess.run(
        [node, "analyse.js"],
        cwd=YOAST_DIR,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        tail = result.stderr.strip().splitlines()[-3:]
        return {}, f"failed in Node: {' | '.join(tail)}"
    output = json.loads(result.stdout)
    articles = {article["name"]: article for article in output["articles"]}
    assessments = {article["assessments"] for article in articles.values()}
    note = (
        f"yoastseo {output['yoastseo']} on Node {output['node']}, SEO + content "
        f"assessors ({'/'.join(map(str, sorted(assessments)))} assessments applied)"
    )
    return articles, note


# --- the report -------------------------------------------------------------


def print_table(seeds, ours, yoast, textstat, floor, runs: int) -> None:
    print(f"\nmilliseconds per article, median of {runs} runs after warm-up")
    header = (
        f"{'seed':26} {'words':>5} {'checks':>6} {'ours med':>8} {'p95':>6}"
        f" {'yoast cold':>10} {'warm':>7} {'yoast/ours':>10}"
        f" {'textstat':>8} {'floor':>6}"
    )
    print(header)
    print("-" * len(header))
    for seed in seeds:
        mine, peer = ours[seed.name], yoast.get(seed.name)
        stat = textstat.get(seed.name)
        cold = f"{peer['cold']['median_ms']:10.1f}" if peer else f"{'-':>10}"
        warm = f"{peer['warm']['median_ms']:7.1f}" if peer else f"{'-':>7}"
        ratio = (
            f"{peer['cold']['median_ms'] / mine['median_ms']:9.0f}x"
            if peer
            else f"{'-':>10}"
        )
        stat_ms = f"{stat['median_ms']:8.2f}" if stat else f"{'-':>8}"
        print(
            f"{seed.name:26} {seed.words:5d} {mine['checks']:6d}"
            f" {mine['median_ms']:8.2f} {mine['p95_ms']:6.2f} {cold} {warm} {ratio}"
            f" {stat_ms} {floor[seed.name]['median_ms']:6.2f}"
        )
    statuses = Counter()
    for mine in ours.values():
        statuses.update(mine["statuses"])
    print(
        "check outcomes over all seeds: "
        + ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
    )


def print_targets(seeds, ours, yoast) -> None:
    longest = max(seeds, key=lambda seed: seed.words)
    mine = ours[longest.name]["median_ms"]
    verdict = "met" if mine <= TARGET_MS else "MISSED"
    print(
        f"\ntarget: longest seed ({longest.name}, {longest.words} words) full audit"
        f" <= {TARGET_MS:.0f} ms: {mine:.2f} ms, {verdict}"
        f" ({ours[longest.name]['checks']} checks; CPU time median"
        f" {ours[longest.name]['cpu_median_ms']:.2f} ms; load {load()})"
    )
    peer = yoast.get(longest.name)
    if peer:
        ratio = peer["cold"]["median_ms"] / mine
        warm_ratio = peer["warm"]["median_ms"] / mine
        verdict = "met" if ratio > TARGET_RATIO else "MISSED"
        print(
            f"target: > {TARGET_RATIO:.0f}x faster than Yoast: {ratio:.0f}x"
            f" ({warm_ratio:.0f}x against Yoast with warm memo caches), {verdict}"
        )
    else:
        print(f"target: > {TARGET_RATIO:.0f}x faster than Yoast: not measured")


def load() -> str:
    """The load averages, to read wall times by: this machine has 2 cores."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


# The Document's shared views, built before the checks are timed one by one so
# that no check is charged for tokenizing the text all of them share.
SHARED_VIEWS = (
    "blocks",
    "headings",
    "paragraphs",
    "sections",
    "sentences",
    "prose_text",
    "words",
    "stems",
    "word_count",
    "block_word_counts",
    "keyphrases",
    "links",
    "images",
)


def print_by_check(auditor, seeds: list[Seed], warmup: int, top: int) -> None:
    """Where an audit's time goes: the Document's shared views, then each check."""
    from seo.document import Document

    print(f"\nwhere the time goes, median ms (the {top} slowest checks):")
    for seed in seeds:
        views: list[float] = []
        times: dict[str, list[float]] = {check.id: [] for check in auditor.checks}
        # Variants of their own: the timed audits left textstat's whole-text
        # caches full for seed.variants, which would hide readability's cost.
        fresh = [
            variant(seed.data, len(seed.variants) + n)
            for n in range(len(seed.variants))
        ]
        for number, data in enumerate(fresh):
            document = Document(data, seed.site)
            start = time.perf_counter()
            for name in SHARED_VIEWS:
                getattr(document, name)
            if number >= warmup:
                views.append((time.perf_counter() - start) * 1000)
            for check in auditor.checks:
                start = time.perf_counter()
                auditor._run(check, document)
                if number >= warmup:
                    times[check.id].append((time.perf_counter() - start) * 1000)
        medians = sorted(
            ((statistics.median(t), check_id) for check_id, t in times.items()),
            reverse=True,
        )
        total = sum(median for median, _ in medians)
        listed = ", ".join(f"{check_id} {ms:.2f}" for ms, check_id in medians[:top])
        print(
            f"  {seed.name}: shared views {statistics.median(views):.2f}, "
            f"checks {total:.2f} in all; {listed}"
        )


def print_profile(auditor, seeds: list[Seed], runs: int, top: int) -> None:
    """cProfile of the longest seed's full audit, on variants no earlier run
    has seen (so whole-text caches are cold, as in the timed runs)."""
    import cProfile
    import pstats

    from seo.document import Document

    longest = max(seeds, key=lambda seed: seed.words)
    fresh = [variant(longest.data, 10_000 + n) for n in range(runs)]
    profile = cProfile.Profile()
    profile.enable()
    for data in fresh:
        auditor.audit(Document(data, longest.site))
    profile.disable()
    print(f"\nprofile of {runs} audits of {longest.name} (profiler overhead included):")
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


if __name__ == "__main__":
    main()
