"""The site index: what the site-wide checks know about every other article.

Built once per audit run (from the database, or from ArticleData for files) and
handed to every Document, so the checks stay pure: each lookup is a dict access,
an LSH query or a short inverted-index walk, never a scan of the library.

What it holds per article (`IndexedArticle`): titles, meta description, slug,
keyphrase, synonyms, hashtags, URL path, whether it is live, and how many live
pages link to it (from Wagtail's ReferenceIndex). Near-duplicate text is found
with MinHash signatures over 3-word shingles (datasketch's "affine32" scheme)
and a MinHashLSH over them.

Which content is indexed: a live page's published fields (what readers and
search engines see); a page that was never published, its latest revision.
"""

import html
import math
import operator
import os
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, When
from wagtail.models import Page, ReferenceIndex

from articles.blocks import SIGNATURE_BLOCKS as SIGNATURE_BLOCKS
from articles.blocks import compared_strings
from articles.models import ArticlePage

from .document import ArticleData, Document
from .sources import Disclaimers, load_articles
from .text import Phrase

# 128 permutations: the Jaccard estimate's standard error at 0.8 is about 0.035.
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
SHINGLE_SIZE = 3
# LSH banding: 21 bands of 6 rows (126 of the 128 values). A pair at 0.8
# similarity becomes a candidate 99.8% of the time, at 0.85 all but 1 in 20,000
# (the 128-value estimate itself is within 0.035 of the truth at 0.8, so a pair
# at the threshold is a coin toss before the LSH has any say). Near-duplicate's
# threshold (default 0.8) then filters candidates on the full estimate. Six rows
# keep unrelated pairs out: a pair at 0.3 is a candidate 1.5% of the time (12%
# with four rows), and in a library of articles on one subject a candidate
# comes from every article that shares a section, so candidates grow with the
# library and their cost with its square. Lowering the threshold to 0.7 in
# SEO_AUDIT finds 93% of the pairs at 0.7, all but 2% at 0.75.
LSH_BANDS = (21, 6)
# best_match() only walks postings this short: stems shared by more phrases
# ("massage" in a massage library) say little about which article is meant.
MAX_POSTINGS = 256
# best_match() results kept per process before the cache starts over.
MATCH_CACHE_SIZE = 4096
# Pages indexed at a time: a chunk's articles, loaded, are held at once.
INDEX_CHUNK_SIZE = 200

_TAG = re.compile(r"<[^>]*>")
_PAGE_LINK = re.compile(r'<a\s[^>]*\blinktype="page"[^>]*>')
_LINK_ID = re.compile(r'\bid="(\d+)"')
# General punctuation (U+2010-U+203F: dashes, curly quotes, bullets, ellipsis)
# as UTF-8, so "pain—and" and “quoted” words split like their ASCII forms.
_UNICODE_PUNCTUATION = re.compile(rb"\xe2\x80[\x90-\xbf]")


def _fold_table() -> bytes:
    """ASCII letters lowercased, digits and apostrophes kept, other ASCII
    punctuation made a space; bytes of multi-byte characters kept as they are."""
    table = bytearray(range(256))
    for code in range(128):
        char = chr(code)
        if char.isalpha():
            table[code] = ord(char.lower())
        elif not (char.isdigit() or char == "'"):
            table[code] = ord(" ")
    return bytes(table)


_FOLD = _fold_table()
_SHINGLE_MIX = (np.uint32(0x9E3779B1), np.uint32(0x85EBCA77))


def normalise(value: str) -> str:
    """Text compared case- and space-insensitively."""
    return " ".join(value.casefold().split())


def phrase_key(value: str) -> tuple[str, ...] | None:
    """A keyphrase's topic stems, sorted: "Massages for sciatica" and "sciatica
    massage" are the same keyphrase."""
    phrase = Phrase.parse(value)
    return tuple(sorted(phrase.content)) if phrase else None


@lru_cache(maxsize=4096)
def _norm_source(source: str) -> str:
    return os.path.realpath(source) if source else ""


# --- signatures ------------------------------------------------------------


def body_strings(body: Iterable[Mapping[str, Any]]) -> list[str]:
    """The text values of a body's blocks, markup included. Works on stored
    StreamField data and on contract data alike (ids, "item" wrappers and
    choices are left out), so a stored article and its audited Document get
    the same signature."""
    parts: list[str] = []
    for block in body:
        compared_strings(block.get("type"), block.get("value"), parts)
    return parts


def _folded(parts: list[str]) -> bytes:
    try:
        joined = " ".join(parts)
    except TypeError:  # a None where the contract has text
        joined = " ".join(part for part in parts if isinstance(part, str))
    if "<" in joined:
        joined = _TAG.sub(" ", joined)
    if "&" in joined:
        joined = html.unescape(joined)
    data = joined.encode()
    if b"\xe2\x80" in data:
        data = _UNICODE_PUNCTUATION.sub(b" ", data)
    return data.translate(_FOLD)


def shingle_tokens(body: Iterable[Mapping[str, Any]]) -> list[bytes]:
    """The words of a body, for shingling: cruder than seo.text.words (bytes,
    ASCII case folding) but several times faster, which the index needs."""
    return _folded(body_strings(body)).split()


def shingle_hashes(tokens: Sequence[bytes]) -> np.ndarray:
    """One 32-bit hash per 3-word shingle, from per-word CRC32s (stable across
    processes, unlike hash())."""
    words = np.fromiter(map(zlib.crc32, tokens), dtype=np.uint32, count=len(tokens))
    if len(words) < SHINGLE_SIZE:
        return words[:0]
    first, second = _SHINGLE_MIX
    return words[:-2] * first ^ words[1:-1] * second ^ words[2:]


@lru_cache(maxsize=1)
def _empty_minhash() -> MinHash:
    """The MinHash every signature starts from, so its permutations are drawn
    once per process. Shingle hashes are hashes already, so its hash function
    passes them as they are (operator.index: an int, unchanged); the affine32
    scheme mixes every input with MurmurHash3's finalizer anyway."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=operator.index)


# Shingle hashes given to MinHash.update_batch at a time. Each batch makes a
# few (batch, NUM_PERM) arrays: 512 rows keep them in the CPU's cache, where a
# 2,000-word article's single batch would not be. A MinHash is a minimum per
# permutation, so batching never changes it.
SIGNATURE_BATCH = 512


def _signature(parts: list[str]) -> np.ndarray | None:
    hashes = shingle_hashes(_folded(parts).split()).tolist()
    if not hashes:
        return None
    minhash = _empty_minhash().copy()
    for start in range(0, len(hashes), SIGNATURE_BATCH):
        minhash.update_batch(hashes[start : start + SIGNATURE_BATCH])
    return minhash.hashvalues


def signature(body: Iterable[Mapping[str, Any]]) -> np.ndarray | None:
    """The hash values of datasketch's MinHash(num_perm=128, seed=1,
    scheme="affine32") of a body's shingle hashes. None when the text is
    shorter than one shingle."""
    return _signature(body_strings(body))


def _page_links(parts: list[str]) -> Iterator[int]:
    """Page ids of the Wagtail page links in rich text (<a linktype="page"
    id="12">), without parsing HTML: an index of files needs only the ids."""
    for part in parts:
        if 'linktype="page"' in part:
            for anchor in _PAGE_LINK.findall(part):
                if (found := _LINK_ID.search(anchor)) is not None:
                    yield int(found.group(1))


# --- the index ---------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class IndexedArticle:
    """One article as the site-wide checks see it. Compared by identity: the
    index holds one per article, and finding one among thousands that share a
    keyphrase is then a scan in C."""

    page_id: int | None
    title: str
    seo_title: str = ""
    search_description: str = ""
    slug: str = ""
    focus_keyphrase: str = ""
    synonyms: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    url_path: str = ""
    live: bool = True
    source: str = ""
    revision_id: int | None = None
    inbound: int = 0
    row: int = -1  # its signature's row, or -1 without enough text

    @classmethod
    def of(
        cls, data: ArticleData, *, live: bool, inbound: int, row: int
    ) -> "IndexedArticle":
        """What the index keeps of an article: the one way an ArticleData
        becomes an IndexedArticle, however it was read."""
        return cls(
            page_id=data.page_id,
            title=data.title or "",
            seo_title=data.seo_title or "",
            search_description=data.search_description,
            slug=data.slug,
            focus_keyphrase=data.focus_keyphrase,
            synonyms=tuple(data.keyphrase_synonyms),
            hashtags=tuple(data.hashtags),
            url_path=data.url_path,
            live=live,
            source=data.source,
            revision_id=data.revision_id,
            inbound=inbound,
            row=row,
        )

    def encodable(self) -> None:
        """Raise UnicodeEncodeError if any of its text has no UTF-8 form (a
        lone surrogate stored before API v3 refused it): findings about other
        articles quote this text, and every report must be writable."""
        "\n".join(
            (
                self.title,
                self.seo_title,
                self.search_description,
                self.slug,
                self.focus_keyphrase,
                *self.synonyms,
                *self.hashtags,
                self.url_path,
                self.source,
            )
        ).encode()

    @property
    def label(self) -> str:
        """How a finding names it: “Title” (page 12)."""
        where = f"page {self.page_id}" if self.page_id is not None else self.source
        return f"“{self.title}” ({where})" if where else f"“{self.title}”"

    @property
    def key(self) -> int | str:
        return self.page_id if self.page_id is not None else self.source

    @property
    def rank(self) -> tuple:
        """Which of several candidates to suggest: live, most linked, oldest."""
        return (not self.live, -self.inbound, self.page_id or 0, self.title)


_rank = operator.attrgetter("rank")


@dataclass(frozen=True, slots=True)
class PhraseTarget:
    """A title or keyphrase of one or more articles, ready for matching in
    another article's stems."""

    text: str
    stems: tuple[str, ...]
    content: frozenset[str]
    articles: tuple[IndexedArticle, ...]  # best candidate first
    # What a link to any of the articles looks like, so that "is one of them
    # linked already?" is one set operation however many share the phrase.
    page_ids: frozenset[int]
    slugs: frozenset[str]


class SiteIndex:
    """Facts about every article, looked up by the site-wide checks."""

    def __init__(
        self,
        articles: Sequence[IndexedArticle],
        signatures: np.ndarray,
        pages: Mapping[int, bool] | None = None,
    ):
        """`signatures` has one row per article with `row` >= 0. `pages` maps
        every page id on the site to its live flag; without it, a link to an
        id the index does not hold cannot be called deleted."""
        self.articles = tuple(articles)
        self.signatures = signatures
        self.knows_all_pages = pages is not None
        self.pages: dict[int, bool] = dict(pages or {})
        for article in self.articles:
            if article.page_id is not None:
                self.pages.setdefault(article.page_id, article.live)
        self._by_id = {a.page_id: a for a in self.articles if a.page_id is not None}
        self._by_row = {a.row: a for a in self.articles if a.row >= 0}
        self._titles: dict[str, list[IndexedArticle]] = defaultdict(list)
        self._descriptions: dict[str, list[IndexedArticle]] = defaultdict(list)
        self._keyphrases: dict[tuple[str, ...], list[IndexedArticle]] = defaultdict(
            list
        )
        phrases: dict[tuple[str, ...], tuple[Phrase, list[IndexedArticle]]] = {}
        for article in self.articles:
            for title in {normalise(article.title), normalise(article.seo_title)}:
                if title:
                    self._titles[title].append(article)
            if description := normalise(article.search_description):
                self._descriptions[description].append(article)
            keyphrase = Phrase.parse(article.focus_keyphrase)
            for phrase in (keyphrase, Phrase.parse(article.title)):
                if phrase:
                    group = phrases.setdefault(phrase.stems, (phrase, []))[1]
                    if not group or group[-1] is not article:
                        group.append(article)
            if keyphrase:  # phrase_key(), from the phrase parsed once
                self._keyphrases[tuple(sorted(keyphrase.content))].append(article)

        # Plain dicts from here on (a lookup must never add a key), each list
        # in rank order so that listing the first few never sorts.
        def ranked(groups):
            return {key: sorted(group, key=_rank) for key, group in groups.items()}

        self._titles = ranked(self._titles)
        self._descriptions = ranked(self._descriptions)
        self._keyphrases = ranked(self._keyphrases)
        self._index_phrases(phrases)
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_BANDS)
        with self._lsh.insertion_session() as session:
            for article in self._by_row.values():
                session.insert(article.row, self._minhash(signatures[article.row]))
        # best_match() results by phrase: the same references recur across a
        # library ("our article on types of massage therapy").
        self._match_cache: dict[tuple[str, float], list[PhraseTarget]] = {}

    def _index_phrases(self, phrases) -> None:
        """Titles and keyphrases grouped by their exact stems, each filed under
        its rarest topic stem (for mentions) and all its topic stems (for
        best_match)."""
        self.targets = [
            PhraseTarget(
                phrase.text,
                phrase.stems,
                phrase.content,
                tuple(sorted(articles, key=lambda a: a.rank)),
                frozenset(a.page_id for a in articles if a.page_id is not None),
                frozenset(a.slug for a in articles if a.slug),
            )
            for phrase, articles in phrases.values()
        ]
        frequency = Counter(s for target in self.targets for s in target.content)
        self._anchors: dict[str, list[PhraseTarget]] = defaultdict(list)
        self._postings: dict[str, list[PhraseTarget]] = defaultdict(list)
        self._by_content: dict[frozenset[str], list[PhraseTarget]] = defaultdict(list)
        for target in self.targets:
            rarest = min(target.content, key=lambda s: (frequency[s], s))
            self._anchors[rarest].append(target)
            for item in target.content:
                self._postings[item].append(target)
            self._by_content[target.content].append(target)
        self._anchors = dict(self._anchors)
        self._postings = dict(self._postings)
        self._by_content = dict(self._by_content)
        self._anchor_keys = frozenset(self._anchors)
        self._phrase_count = len(self.targets)

    def __len__(self) -> int:
        return len(self.articles)

    def __repr__(self) -> str:
        return f"<SiteIndex of {len(self)} articles>"

    @staticmethod
    def _minhash(values: np.ndarray) -> LeanMinHash:
        return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)

    # --- building -----------------------------------------------------------

    @classmethod
    def from_articles(
        cls,
        articles: Iterable[ArticleData],
        *,
        live: Mapping[int, bool] | None = None,
        pages: Mapping[int, bool] | None = None,
    ) -> "SiteIndex":
        """An index of ArticleData (tests, `seo_audit --file` over several
        files). Every article counts as live unless `live` says otherwise by
        page id; inbound links are counted from the articles' own page links.
        Pass `pages` (every page id to its live flag) if it is known."""
        live = live or {}
        datas = list(articles)
        texts = [body_strings(data.body) for data in datas]
        linked_from: dict[int, set[int | str]] = defaultdict(set)
        for data, parts in zip(datas, texts, strict=True):
            if data.page_id is not None and not live.get(data.page_id, True):
                continue  # readers cannot follow a draft's links
            source_key = data.page_id if data.page_id is not None else data.source
            for page_id in _page_links(parts):
                if page_id != data.page_id:
                    linked_from[page_id].add(source_key)
        rows: list[np.ndarray] = []
        indexed = []
        for data, parts in zip(datas, texts, strict=True):
            values = _signature(parts)
            if values is not None:
                rows.append(values)
            indexed.append(
                IndexedArticle.of(
                    data,
                    live=live.get(data.page_id, True)
                    if data.page_id is not None
                    else True,
                    inbound=len(linked_from.get(data.page_id, ()))
                    if data.page_id is not None
                    else 0,
                    row=len(rows) - 1 if values is not None else -1,
                )
            )
        return cls(indexed, _stack(rows), pages)

    # --- lookups --------------------------------------------------------------

    def page(self, page_id: int) -> IndexedArticle | None:
        return self._by_id.get(page_id)

    def page_live(self, page_id: int) -> bool | None:
        """A page's live flag, or None if no such page is known (deleted, when
        `knows_all_pages`)."""
        return self.pages.get(page_id)

    def inbound_links(self, page_id: int) -> int | None:
        """How many live pages link to the page; None if it is not indexed."""
        article = self._by_id.get(page_id)
        return article.inbound if article else None

    @staticmethod
    def is_self(article: IndexedArticle, data: ArticleData) -> bool:
        """Whether an indexed article is the one being audited: the same page
        or, where either has no page yet, the same source file."""
        if data.page_id is not None and article.page_id is not None:
            return article.page_id == data.page_id
        return bool(
            data.source
            and article.source
            and _norm_source(article.source) == _norm_source(data.source)
        )

    def _others(
        self, found: Iterable[IndexedArticle], data: ArticleData | None
    ) -> list[IndexedArticle]:
        others = list(found)
        if data is None:
            return others
        if data.page_id is not None and len(self._by_id) == len(self.articles):
            # Every indexed article is a page, each once: the audited page is
            # at most one entry, removed without a Python-level pass over the
            # thousands that may share a keyphrase.
            me = self._by_id.get(data.page_id)
            if me is not None and me in others:
                others.remove(me)
            return others
        return [a for a in others if not self.is_self(a, data)]

    def same_title(
        self, title: str, exclude: ArticleData | None = None
    ) -> list[IndexedArticle]:
        """Articles whose title or SEO title is this text."""
        return self._others(self._titles.get(normalise(title), ()), exclude)

    def same_description(
        self, description: str, exclude: ArticleData | None = None
    ) -> list[IndexedArticle]:
        key = normalise(description)
        return self._others(self._descriptions.get(key, ()) if key else (), exclude)

    def same_keyphrase(
        self, keyphrase: str, exclude: ArticleData | None = None
    ) -> list[IndexedArticle]:
        """Articles whose focus keyphrase has the same topic stems."""
        key = phrase_key(keyphrase)
        return self._others(self._keyphrases.get(key, ()) if key else (), exclude)

    def signature_of(self, document: Document) -> np.ndarray | None:
        """The document's MinHash; the indexed one when the document is the
        indexed revision of the page, so --all audits compute none."""
        data = document.data
        article = self._by_id.get(data.page_id) if data.page_id is not None else None
        if (
            article is not None
            and article.row >= 0
            and data.revision_id is not None
            and article.revision_id == data.revision_id
        ):
            return self.signatures[article.row]
        return document.memo("site.signature", lambda: signature(data.body))

    def near_duplicates(
        self, document: Document, threshold: float = 0.8
    ) -> list[tuple[IndexedArticle, float]]:
        """Other articles whose estimated shingle Jaccard similarity with the
        document is at least `threshold`, most similar first. Candidates come
        from the LSH (see LSH_BANDS), so pairs under 0.7 may be missed."""
        values = self.signature_of(document)
        if values is None or not self._by_row:
            return []
        candidates = self._lsh.query(self._minhash(values))
        if not candidates:
            return []
        rows = np.fromiter(candidates, dtype=np.intp, count=len(candidates))
        rows.sort()  # ties in similarity and rank keep the index's order
        equal = np.count_nonzero(self.signatures[rows] == values, axis=1)
        similarity = equal / float(NUM_PERM)
        found = [
            (article, float(value))
            for row, value in zip(
                rows[similarity >= threshold].tolist(),
                similarity[similarity >= threshold].tolist(),
                strict=True,
            )
            if not self.is_self(article := self._by_row[row], document.data)
        ]
        found.sort(key=lambda item: (-item[1], item[0].rank))
        return found

    def phrase_targets(self, stem_set: frozenset[str] | set[str]) -> list[PhraseTarget]:
        """Titles and keyphrases whose topic stems all occur in `stem_set` (a
        text's stems): candidates for a mention, to confirm in order."""
        found = []
        for item in self._anchor_keys.intersection(stem_set):
            for target in self._anchors[item]:
                if target.content <= stem_set:
                    found.append(target)
        return found

    def best_match(
        self,
        text: str,
        exclude: ArticleData | None = None,
        min_score: float = 0.5,
    ) -> IndexedArticle | None:
        """The article whose title or keyphrase best matches a phrase ("types
        of massage therapy"), by the overlap of their topic stems weighted by
        rarity; None when nothing overlaps at least `min_score`."""
        key = (normalise(text), min_score)
        ranked = self._match_cache.get(key)
        if ranked is None:
            phrase = Phrase.parse(text)
            ranked = self._ranked_matches(phrase, min_score) if phrase else []
            if len(self._match_cache) >= MATCH_CACHE_SIZE:
                # A bulk run keeps meeting new phrases: memory stays flat.
                self._match_cache.clear()
            self._match_cache[key] = ranked
        for target in ranked:
            for article in target.articles:
                if exclude is None or not self.is_self(article, exclude):
                    return article
        return None

    def _ranked_matches(self, phrase: Phrase, min_score: float) -> list[PhraseTarget]:
        candidates = {id(t): t for t in self._by_content.get(phrase.content, ())}
        for item in phrase.content:
            postings = self._postings.get(item, ())
            if len(postings) <= MAX_POSTINGS:
                candidates.update((id(t), t) for t in postings)
        scored = []
        for target in candidates.values():
            shared = self._weight(phrase.content & target.content)
            score = shared / self._weight(phrase.content | target.content)
            if score >= min_score:
                scored.append((score, target))
        scored.sort(key=lambda item: (-item[0], item[1].articles[0].rank))
        return [target for _, target in scored[:5]]

    def _weight(self, stems: frozenset[str]) -> float:
        """Inverse document frequency over titles and keyphrases: a shared
        "trigger" says more than a shared "massage"."""
        total = self._phrase_count + 1
        return sum(
            math.log(1 + total / (1 + len(self._postings.get(s, ())))) for s in stems
        )


def _stack(rows: list[np.ndarray]) -> np.ndarray:
    if not rows:
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    return np.vstack(rows)


# --- from the database ---------------------------------------------------------


def _inbound_counts(pages: Mapping[int, bool]) -> Counter:
    """Live pages linking to each page, from Wagtail's ReferenceIndex (kept up
    to date on every page save). A page's links to itself, and an alias's
    pointer to its original, are not links a reader follows."""
    page_type = ContentType.objects.get_for_model(Page)
    references = (
        ReferenceIndex.objects.filter(
            base_content_type=page_type, to_content_type=page_type
        )
        .exclude(model_path="alias_of")
        .values_list("object_id", "to_object_id")
        .distinct()
    )
    inbound: Counter = Counter()
    for source, target in references.iterator(chunk_size=5000):
        if source != target and pages.get(int(source)):
            inbound[int(target)] += 1
    return inbound


def library_order() -> list[int]:
    """The ids of the articles the index holds, in its order: live pages (and
    pages never published) first. Aliases are left out: they are copies of
    their original, not articles."""
    return list(
        ArticlePage.objects.filter(alias_of__isnull=True)
        .order_by(
            Case(
                When(live=True, then=0),
                When(latest_revision__isnull=True, then=0),
                default=1,
            ),
            "pk",
        )
        .values_list("pk", flat=True)
    )


def index_articles(
    page_ids: Sequence[int], inbound: Mapping[int, int]
) -> list[tuple[IndexedArticle, np.ndarray | None]]:
    """What the index keeps of each page, and its signature, from what
    readers see of it (seo.sources.load_articles with `published`). A draft
    stored broken is left out: seo_audit reports it as one failed article,
    and the index of every other article must not fail with it."""
    indexed = []
    # No site disclaimers: the index keeps nothing of them.
    loaded = load_articles(
        page_ids, published=True, disclaimers=Disclaimers(), on_error=_left_out
    )
    for data in loaded:
        try:
            values = signature(data.body)
            article = IndexedArticle.of(
                data, live=data.live, inbound=inbound.get(data.page_id, 0), row=-1
            )
            article.encodable()
        except (TypeError, ValueError, AttributeError, UnicodeError):
            continue  # text with no UTF-8 form, say
        indexed.append((article, values))
    return indexed


def build_site_index(
    map_chunks: Callable[..., Iterable[list]] | None = None,
    chunk_size: int = INDEX_CHUNK_SIZE,
) -> SiteIndex:
    """The index of every article in the database. `map_chunks(inbound,
    chunks)` may index chunks of page ids elsewhere (seo.runner's worker
    processes); it returns `index_articles(chunk, inbound)` of each chunk,
    in order."""
    pages = dict(Page.objects.values_list("id", "live").iterator(chunk_size=5000))
    inbound = _inbound_counts(pages)
    ids = library_order()
    chunks = [
        ids[start : start + chunk_size] for start in range(0, len(ids), chunk_size)
    ]
    if map_chunks is None:
        indexed = (index_articles(chunk, inbound) for chunk in chunks)
    else:
        indexed = map_chunks(inbound, chunks)
    rows: list[np.ndarray] = []
    articles = []
    for chunk in indexed:
        for article, values in chunk:
            if values is not None:
                article = replace(article, row=len(rows))
                rows.append(values)
            articles.append(article)
    return SiteIndex(articles, _stack(rows), pages)


def _left_out(page_id: int, error: Exception) -> None:
    """A page whose stored content cannot be read is not indexed."""
