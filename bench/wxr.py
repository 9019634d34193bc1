"""WordPress import: `manage.py import_articles export.xml` on a generated WXR.

    .venv/bin/python bench/wxr.py [--posts N] [--runs K] [--theme-file]
                                  [--seed S] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/wxr.py ...

Generates a WordPress export of N health-article posts (default 5,000) in a
temporary folder, seeded so every run reads the same file: Gutenberg posts
(paragraph, heading, list, table and image blocks) and classic-editor posts
(paragraphs split by blank lines, a [caption] image), 600-1,000 words each,
2-5 tags and a category, Yoast title, description and keyphrase on some, a
few drafts and scheduled posts, one password-protected post, links between
posts on about one post in ten (to earlier and to later posts, so the
importer's second pass runs), and an attachment for every image, with a
64x48 JPEG for it under an uploads folder given as --media-dir.

Then, K times, on a fresh database (SQLite by default; with DATABASE_URL, a
database cms_wxr_<pid>_<k> created on that PostgreSQL server and dropped at
the end), it runs in a subprocess

    manage.py import_articles export.xml --media-dir UPLOADS --redirects

and the same command again on the same file, which must report every post
"unchanged". Each run prints the file size, the items, the wall time (Django's
start-up included, about 2 s here), items and posts a second, and the peak
memory of the import process: ru_maxrss from os.wait4() on that one child,
the kernel's high-water mark of its resident set. (getrusage(RUSAGE_CHILDREN)
is the same figure but the maximum over every child waited for so far, so the
migrate and the first import would mask the re-run's.) RSS is also sampled
every 0.2 s from /proc to show whether memory grows through the run. Then
the median of the K runs. `--theme-file` does the same for WordPress's theme
unit test export, /work/shared/wordpress/themeunittestdata.wordpress.xml.

The database is migrated once (not timed) and copied for each run (a file
copy in SQLite, CREATE DATABASE ... TEMPLATE in PostgreSQL). Settings are
cms.settings.test (DEBUG off, so Django keeps no query log) with MEDIA_ROOT
pointed at a fresh folder for each run, through a settings module written to
the temporary folder: the repository's media/ is left alone.

Exits non-zero, with the end of its stderr, when an import fails (the command
exits non-zero when any item failed), or when a re-run changes anything.
"""

import argparse
import contextlib
import html
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
THEME_FILE = Path("/work/shared/wordpress/themeunittestdata.wordpress.xml")
SITE = "https://healthnotes.example.com"
UPLOADS = f"{SITE}/wp-content/uploads"
# The importer refuses exports over IMPORT_MAX_WXR_BYTES (256 MB by default);
# only a larger generated file is given --max-bytes.
DEFAULT_MAX_WXR_BYTES = 256 * 1024 * 1024
NEVER_DROP = {"postgres", "test", "root", "template0", "template1"}

# --- what the posts say -------------------------------------------------------
# Sentences are built from these lists and templates: no real page is copied.

TOPICS = (
    "better sleep",
    "lower back pain",
    "gut health",
    "blood pressure",
    "migraine relief",
    "knee pain",
    "stress management",
    "good posture",
    "vitamin D",
    "iron levels",
    "hay fever",
    "neck pain",
    "running injuries",
    "heart health",
    "blood sugar",
    "everyday anxiety",
    "sciatica",
    "plantar fasciitis",
    "healthy breakfasts",
    "hydration",
    "eye strain",
    "bone health",
    "cholesterol",
    "menopause symptoms",
    "joint pain",
    "immune health",
    "mindful eating",
    "shoulder pain",
    "restless legs",
    "healthy weight",
)
WHO = (
    "office workers",
    "new parents",
    "older adults",
    "runners",
    "shift workers",
    "teenagers",
    "people over fifty",
    "students",
    "gardeners",
    "drivers",
)
PROS = (
    "GP",
    "physiotherapist",
    "pharmacist",
    "dietitian",
    "practice nurse",
    "sleep specialist",
)
HABITS = (
    "walking for twenty minutes after meals",
    "drinking a glass of water with each meal",
    "going to bed at the same time each night",
    "stretching gently in the morning",
    "taking short breaks from the screen",
    "eating more fibre",
    "cutting back on caffeine after lunch",
    "adding a portion of leafy greens to dinner",
    "practising slow breathing for five minutes",
    "using a supportive pillow",
    "standing up every half hour",
    "keeping a simple food diary",
    "doing two short strength sessions a week",
    "spending time outdoors in daylight",
    "limiting alcohol to a few drinks a week",
    "swapping the lift for the stairs",
)
TIMES = ("a few days", "two weeks", "a month", "six weeks", "three months")
BENEFITS = (
    "steadier energy",
    "deeper sleep",
    "less stiffness",
    "a calmer mood",
    "easier digestion",
    "stronger muscles",
    "fewer headaches",
    "healthier blood pressure",
)
SYMPTOMS = (
    "pain that wakes you at night",
    "a headache that keeps coming back",
    "stiffness every morning",
    "tiredness that rest does not fix",
    "a racing heart",
    "bloating after most meals",
    "numbness in one leg",
)
BODY = ("back", "heart", "gut", "joints", "muscles", "brain", "skin")
HARMS = (
    "sugary drinks",
    "late-night screens",
    "long periods of sitting",
    "heavy meals late in the evening",
    "skipping breakfast",
    "smoking",
)
TRACKED = ("your symptoms", "what you eat", "your sleep", "your steps", "your mood")
SENTENCES = (
    "Most {who} notice a difference in {k} within {time} of {habit}.",
    "A {pro} will often suggest {habit} as a first step.",
    "A small change, such as {habit}, can make {k} easier to manage.",
    "If you have {symptom} for longer than {time}, talk to your {pro}.",
    "Studies of {k} suggest that {habit} helps with {benefit}.",
    "It is worth keeping a note of {tracked} for {time}.",
    "There is no single answer for {k}, but {habit} is a good place to start.",
    "{Habit} takes only a few minutes a day and supports {benefit}.",
    "Many {who} find that {k} improves when they pair {habit} with {habit2}.",
    "Try to cut back on {harm}, which can make {k} worse.",
    "Your {body} responds best to steady, gentle effort rather than sudden change.",
    "On its own, {symptom} is common and rarely a sign of anything serious.",
    "Write your questions down before you see your {pro}, so nothing is missed.",
    "Keep in mind that {who} may need a slightly different approach.",
    "The evidence is strongest for {habit}, and much weaker for pills sold online.",
    "Give any new routine at least {time} before you judge whether it works.",
    "People often underestimate how much {harm} affects {k}.",
    "Small wins add up: {habit} for {time} is worth more than one big effort.",
    "Ask your {pro} whether {habit} suits you if you take regular medicines.",
    "When {k} gets in the way of work or family life, it deserves attention.",
)
HEADINGS = (
    "Why {k} matters",
    "Simple steps for {k}",
    "What the research says",
    "When to see a {pro}",
    "Common myths about {k}",
    "A week-long plan",
    "Questions to ask your {pro}",
    "Food and {k}",
    "Exercise and {k}",
    "Tracking your progress",
    "What {who} should know",
)
TITLES = (
    "{K}: What You Need to Know",
    "{n} Simple Ways to Improve {k}",
    "A Beginner's Guide to {k}",
    "How {Who} Can Manage {k}",
    "The Truth About {k}",
    "{K} Myths, Debunked",
    "What Your {Pro} Wants You to Know About {k}",
    "Everyday Habits for {k}",
    "Is It Time to Rethink {k}?",
    "{K} After a Long Day",
)
CAPTIONS = (
    "A gentle routine for {k}.",
    "Small daily habits make the biggest difference.",
    "{Habit} is an easy place to start.",
    "Talk to your {pro} before changing medicines.",
)
TAGS = (
    "Wellness",
    "Nutrition",
    "Exercise",
    "Sleep",
    "Mental Health",
    "Pain Relief",
    "Healthy Ageing",
    "Prevention",
    "Self Care",
    "Heart",
    "Fitness",
    "Diet",
    "Stress",
    "Back Care",
    "Women's Health",
    "Men's Health",
    "Family Health",
    "Habits",
)
CATEGORIES = ("Conditions", "Nutrition", "Fitness", "Mind", "Living Well")
AUTHORS = (
    ("amara", "Amara Osei"),
    ("tom", "Tom Becker"),
    ("lucia", "Lucía Fernández"),
    ("priya", "Priya Nair"),
)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- the plan: what every post is, before any body is written ---------------


@dataclass
class Post:
    post_id: int
    image_ids: list[int]
    topic: str
    title: str
    slug: str
    date: datetime
    status: str  # publish, draft or future
    password: str
    author: str
    gutenberg: bool

    @property
    def link(self) -> str:
        # WordPress gives an unpublished post its shortlink, not a permalink.
        if self.status == "draft":
            return f"{SITE}/?p={self.post_id}"
        return f"{SITE}/{self.date:%Y/%m/%d}/{self.slug}/"

    def image_path(self, image_id: int) -> str:
        """Where the image lies under wp-content/uploads (unique file names:
        the importer finds an image it already has by title and file name)."""
        return f"{self.date:%Y/%m}/{slugify(self.topic)}-{image_id}.jpg"


def plan(count: int, rng: random.Random) -> list[Post]:
    posts: list[Post] = []
    slugs: set[str] = set()
    next_id = 100
    start = datetime(2019, 1, 1, 8, 0, tzinfo=UTC)
    step = timedelta(days=6 * 365) / max(count, 1)
    for index in range(count):
        topic = rng.choice(TOPICS)
        gutenberg = rng.random() < 0.7
        images = rng.randint(1, 2) if gutenberg else 1
        image_ids = list(range(next_id, next_id + images))
        next_id += images
        title = rng.choice(TITLES).format(
            k=topic,
            K=cap(topic),
            n=rng.randint(3, 9),
            Who=rng.choice(WHO).title(),
            Pro=rng.choice(PROS).title() if rng.random() < 0.5 else "GP",
        )
        slug = slugify(title)
        number = 2
        while slug in slugs:  # WordPress makes slugs unique the same way
            slug = f"{slugify(title)}-{number}"
            number += 1
        slugs.add(slug)
        date = start + step * index + timedelta(minutes=rng.randint(0, 600))
        status, password = "publish", ""
        # A few of each, at fixed places too so a small --posts has them.
        roll = rng.random()
        if index == 3 or roll < 0.02:
            status = "draft"
        elif index == 5 or roll < 0.03:
            status = "future"
            date = datetime(2031, 1, 1, 9, 0, tzinfo=UTC) + timedelta(days=index)
        if index == 7:
            status, password = "publish", "wellness-2024"
        posts.append(
            Post(
                post_id=next_id,
                image_ids=image_ids,
                topic=topic,
                title=title,
                slug=slug,
                date=date,
                status=status,
                password=password,
                author=rng.choice(AUTHORS)[0],
                gutenberg=gutenberg,
            )
        )
        next_id += 1
    return posts


# --- the text -----------------------------------------------------------------


class Writer:
    """Sentences, paragraphs and lists for one post, from its own RNG."""

    def __init__(self, post: Post, rng: random.Random):
        self.post, self.rng = post, rng

    def fill(self, template: str) -> str:
        choice = self.rng.choice
        habit = choice(HABITS)
        return template.format(
            k=self.post.topic,
            K=cap(self.post.topic),
            who=choice(WHO),
            pro=choice(PROS),
            time=choice(TIMES),
            habit=habit,
            Habit=cap(habit),
            habit2=choice([h for h in HABITS if h != habit]),
            benefit=choice(BENEFITS),
            symptom=choice(SYMPTOMS),
            body=choice(BODY),
            harm=choice(HARMS),
            tracked=choice(TRACKED),
        )

    def paragraph(self) -> str:
        count = self.rng.randint(3, 6)
        return " ".join(self.fill(self.rng.choice(SENTENCES)) for _ in range(count))

    def heading(self) -> str:
        return self.fill(self.rng.choice(HEADINGS))

    def items(self) -> list[str]:
        return [cap(h) for h in self.rng.sample(HABITS, self.rng.randint(4, 6))]

    def caption(self) -> str:
        return self.fill(self.rng.choice(CAPTIONS))


def words(text: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", text).split())


def sections(post: Post, rng: random.Random, links: list[Post]) -> list[tuple]:
    """The post as parts, ("p", html), ("h2", text), ("ul", items),
    ("table", rows, caption), ("img", image_id, caption), of 600-1,000
    words; the same parts are written as blocks or as classic content."""
    writer = Writer(post, rng)
    target = rng.randint(600, 1000)
    parts: list[tuple] = [("p", html.escape(writer.paragraph()))]
    images = list(post.image_ids)
    count = words(parts[0][1])
    while count < target:
        parts.append(("h2", writer.heading()))
        for _ in range(rng.randint(2, 3)):
            parts.append(("p", html.escape(writer.paragraph())))
            count += words(parts[-1][1])
        roll = rng.random()
        if roll < 0.35:
            parts.append(("ul", writer.items()))
            count += sum(words(item) for item in parts[-1][1])
        elif roll < 0.5 and post.gutenberg:
            rows = [("Habit", "How often", "Why it helps")] + [
                (cap(h), rng.choice(("Daily", "Twice a week", "Most days")), b)
                for h, b in zip(
                    rng.sample(HABITS, 3), rng.sample(BENEFITS, 3), strict=True
                )
            ]
            parts.append(("table", rows, f"A simple plan for {post.topic}"))
        elif images:
            parts.append(("img", images.pop(0), writer.caption()))
    for image_id in images:  # every attachment is used by its post
        parts.insert(2, ("img", image_id, writer.caption()))
    for other in links:
        anchor = html.escape(other.title)
        index = rng.choice([i for i, part in enumerate(parts) if part[0] == "p"])
        kind, text = parts[index]
        parts[index] = (
            kind,
            f'{text} Read more in <a href="{other.link}">{anchor}</a>.',
        )
    return parts


def gutenberg(post: Post, parts: list[tuple]) -> str:
    out = []
    for part in parts:
        kind = part[0]
        if kind == "p":
            out.append(
                f"<!-- wp:paragraph -->\n<p>{part[1]}</p>\n<!-- /wp:paragraph -->"
            )
        elif kind == "h2":
            out.append(
                f'<!-- wp:heading -->\n<h2 class="wp-block-heading">'
                f"{html.escape(part[1])}</h2>\n<!-- /wp:heading -->"
            )
        elif kind == "ul":
            items = "".join(
                f"<!-- wp:list-item -->\n<li>{html.escape(item)}</li>\n"
                "<!-- /wp:list-item -->"
                for item in part[1]
            )
            out.append(
                f'<!-- wp:list -->\n<ul class="wp-block-list">{items}</ul>\n'
                "<!-- /wp:list -->"
            )
        elif kind == "table":
            head, *rows = part[1]
            cells = "".join(f"<th>{html.escape(c)}</th>" for c in head)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in rows
            )
            out.append(
                '<!-- wp:table -->\n<figure class="wp-block-table"><table><thead>'
                f"<tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
                f'<figcaption class="wp-element-caption">{html.escape(part[2])}'
                "</figcaption></figure>\n<!-- /wp:table -->"
            )
        elif kind == "img":
            image_id, caption = part[1], part[2]
            # The "large" size WordPress links: the importer finds the
            # original upload by dropping the -WxH suffix.
            src = f"{UPLOADS}/{post.image_path(image_id)}".replace(
                ".jpg", "-1024x768.jpg"
            )
            out.append(
                f'<!-- wp:image {{"id":{image_id},"sizeSlug":"large",'
                f'"linkDestination":"none"}} -->\n<figure class="wp-block-image '
                f'size-large"><img src="{src}" alt="{html.escape(post.topic)}" '
                f'class="wp-image-{image_id}"/><figcaption class="wp-element-caption">'
                f"{html.escape(caption)}</figcaption></figure>\n<!-- /wp:image -->"
            )
    return "\n\n".join(out)


def classic(post: Post, parts: list[tuple]) -> str:
    out = []
    for part in parts:
        kind = part[0]
        if kind == "p":
            out.append(part[1])
        elif kind == "h2":
            out.append(f"<h2>{html.escape(part[1])}</h2>")
        elif kind == "ul":
            items = "\n".join(f"\t<li>{html.escape(item)}</li>" for item in part[1])
            out.append(f"<ul>\n{items}\n</ul>")
        elif kind == "img":
            image_id, caption = part[1], part[2]
            src = f"{UPLOADS}/{post.image_path(image_id)}"
            out.append(
                f'[caption id="attachment_{image_id}" align="aligncenter" '
                f'width="640"]<img class="size-full wp-image-{image_id}" '
                f'src="{src}" alt="{html.escape(post.topic)}" width="640" '
                f'height="480" /> {html.escape(caption)}[/caption]'
            )
    return "\n\n".join(out)


# --- the export file ------------------------------------------------------------


def cdata(text: str) -> str:
    # As WordPress's exporter does: "]]>" cannot appear inside a CDATA section.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wp_date(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def item_xml(fields: list[tuple[str, str]], extra: str = "") -> str:
    """An <item>; values are already escaped or CDATA."""
    lines = "".join(f"\t<{tag}>{value}</{tag.split()[0]}>\n" for tag, value in fields)
    return f"<item>\n{lines}{extra}</item>\n"


def postmeta(key: str, value: str) -> str:
    return (
        f"\t<wp:postmeta>\n\t\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
        f"\t\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n\t</wp:postmeta>\n"
    )


def attachment_xml(post: Post, image_id: int, caption: str) -> str:
    url = f"{UPLOADS}/{post.image_path(image_id)}"
    name = f"{slugify(post.topic)}-{image_id}"
    fields = [
        ("title", cdata(name)),
        ("link", html.escape(f"{SITE}/{name}/")),
        ("pubDate", format_datetime(post.date)),
        ("dc:creator", cdata(post.author)),
        ('guid isPermaLink="false"', html.escape(url)),
        ("description", ""),
        ("content:encoded", cdata("")),
        ("excerpt:encoded", cdata(caption)),
        ("wp:post_id", str(image_id)),
        ("wp:post_date", cdata(wp_date(post.date))),
        ("wp:post_date_gmt", cdata(wp_date(post.date))),
        ("wp:comment_status", cdata("closed")),
        ("wp:ping_status", cdata("closed")),
        ("wp:post_name", cdata(name)),
        ("wp:status", cdata("inherit")),
        ("wp:post_parent", str(post.post_id)),
        ("wp:menu_order", "0"),
        ("wp:post_type", cdata("attachment")),
        ("wp:post_password", cdata("")),
        ("wp:is_sticky", "0"),
        ("wp:attachment_url", cdata(url)),
    ]
    meta = postmeta("_wp_attached_file", post.image_path(image_id)) + postmeta(
        "_wp_attachment_image_alt", post.topic
    )
    return item_xml(fields, meta)


def post_xml(post: Post, content: str, rng: random.Random) -> str:
    draft = post.status == "draft"
    fields = [
        ("title", cdata(post.title)),
        ("link", html.escape(post.link)),
        ("pubDate", format_datetime(post.date)),
        ("dc:creator", cdata(post.author)),
        ('guid isPermaLink="false"', html.escape(f"{SITE}/?p={post.post_id}")),
        ("description", ""),
        ("content:encoded", cdata(content)),
        ("excerpt:encoded", cdata(Writer(post, rng).fill(rng.choice(SENTENCES)))),
        ("wp:post_id", str(post.post_id)),
        ("wp:post_date", cdata(wp_date(post.date))),
        # WordPress leaves a draft's GMT date zero until it is published.
        (
            "wp:post_date_gmt",
            cdata("0000-00-00 00:00:00" if draft else wp_date(post.date)),
        ),
        ("wp:comment_status", cdata("open")),
        ("wp:ping_status", cdata("open")),
        ("wp:post_name", cdata("" if draft else post.slug)),
        ("wp:status", cdata(post.status)),
        ("wp:post_parent", "0"),
        ("wp:menu_order", "0"),
        ("wp:post_type", cdata("post")),
        ("wp:post_password", cdata(post.password)),
        ("wp:is_sticky", "0"),
    ]
    terms = [("category", rng.choice(CATEGORIES))] + [
        ("post_tag", tag) for tag in rng.sample(TAGS, rng.randint(2, 5))
    ]
    extra = "".join(
        f'\t<category domain="{domain}" nicename="{slugify(name)}">'
        f"{cdata(name)}</category>\n"
        for domain, name in terms
    )
    extra += postmeta("_edit_last", "1")
    if rng.random() < 0.4:  # Yoast SEO filled in on some posts
        extra += postmeta("_yoast_wpseo_title", "%%title%% %%sep%% %%sitename%%")
        extra += postmeta(
            "_yoast_wpseo_metadesc",
            f"Practical, plain-spoken advice on {post.topic}: "
            f"{Writer(post, rng).fill(rng.choice(SENTENCES))}"[:155],
        )
        extra += postmeta("_yoast_wpseo_focuskw", post.topic)
    return item_xml(fields, extra)


HEADER = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- generator="bench/wxr.py" -->
<rss version="2.0" xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/" \
xmlns:content="http://purl.org/rss/1.0/modules/content/" \
xmlns:wfw="http://wellformedweb.org/CommentAPI/" \
xmlns:dc="http://purl.org/dc/elements/1.1/" \
xmlns:wp="https://wordpress.org/export/1.2/">
<channel>
<title>Health Notes</title>
<link>{SITE}</link>
<description>Plain advice for everyday health</description>
<pubDate>Mon, 06 Jan 2025 09:00:00 +0000</pubDate>
<language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{SITE}</wp:base_site_url>
<wp:base_blog_url>{SITE}</wp:base_blog_url>
"""


@dataclass
class Generated:
    path: Path
    uploads: Path
    posts: int
    attachments: int
    words: int


def generate(count: int, seed: int, folder: Path) -> Generated:
    """Write the export item by item (never the whole file in memory) and a
    small JPEG for every attachment."""
    from PIL import Image

    posts = plan(count, random.Random(seed))
    path, uploads = folder / "export.xml", folder / "uploads"
    total_words = attachments = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for login, name in AUTHORS:
            first, _, last = name.partition(" ")
            out.write(
                f"<wp:author><wp:author_id>{AUTHORS.index((login, name)) + 1}"
                f"</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_email>{login}@healthnotes.example.com</wp:author_email>"
                f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
                f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
                f"<wp:author_last_name>{cdata(last)}</wp:author_last_name>"
                "</wp:author>\n"
            )
        for index, post in enumerate(posts):
            # Each post from its own RNG: its text does not depend on the
            # others', only on the seed and its place.
            rng = random.Random(seed * 1_000_003 + index)
            links = []
            if rng.random() < 0.1 and count > 1:
                # Any other post, earlier or later in the file.
                other = rng.randrange(count - 1)
                links = [posts[other + (other >= index)]]
            parts = sections(post, rng, links)
            content = gutenberg(post, parts) if post.gutenberg else classic(post, parts)
            total_words += words(content)
            for part in parts:
                if part[0] == "img":
                    out.write(attachment_xml(post, part[1], part[2]))
                    attachments += 1
                    file = uploads / post.image_path(part[1])
                    file.parent.mkdir(parents=True, exist_ok=True)
                    colour = (
                        part[1] * 37 % 256,
                        part[1] * 91 % 256,
                        part[1] * 53 % 256,
                    )
                    Image.new("RGB", (64, 48), colour).save(file, "JPEG", quality=70)
            out.write(post_xml(post, content, rng))
        out.write("</channel>\n</rss>\n")
    return Generated(path, uploads, count, attachments, total_words)


# --- the databases ------------------------------------------------------------


class SQLite:
    """One migrated file, copied for every run."""

    name = "SQLite"

    def __init__(self, folder: Path):
        self.folder = folder
        self.template = folder / "template.sqlite3"

    def template_url(self) -> str:
        return f"sqlite:///{self.template}"

    def fresh(self, label: str) -> str:
        copy = self.folder / f"{label}.sqlite3"
        shutil.copyfile(self.template, copy)
        return f"sqlite:///{copy}"

    def drop(self, url: str) -> None:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)

    def close(self) -> None:
        pass


class Postgres:
    """Private databases on the server DATABASE_URL names: a migrated
    template, and a copy of it for every run, all dropped at the end."""

    name = "PostgreSQL"

    def __init__(self, server: str):
        self.server = server
        self.prefix = f"cms_wxr_{os.getpid()}"
        self.created: list[str] = []
        self.template = self._create(f"{self.prefix}_template")

    def _url(self, name: str) -> str:
        return urlunsplit(urlsplit(self.server)._replace(path=f"/{name}"))

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(sql)

    def _create(self, name: str, template: str = "") -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        self._execute(f'CREATE DATABASE "{name}"{clause}')
        self.created.append(name)
        return name

    def template_url(self) -> str:
        return self._url(self.template)

    def fresh(self, label: str) -> str:
        return self._url(self._create(f"{self.prefix}_{label}", self.template))

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        # Only databases this run created, and never a shared one.
        if name in self.created and name not in NEVER_DROP:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.created.remove(name)

    def close(self) -> None:
        for name in list(self.created):
            with contextlib.suppress(Exception):
                self.drop(self._url(name))


# --- running the command --------------------------------------------------------


class RssSampler(threading.Thread):
    """VmRSS of one process every `interval` seconds, to see growth."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int]] = []  # (seconds, kB)
        self.done = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        while not self.done.is_set():
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
            except OSError:
                break
            match = re.search(r"^VmRSS:\s+(\d+)", status, re.MULTILINE)
            if match:
                self.samples.append((time.perf_counter() - start, int(match.group(1))))
            self.done.wait(self.interval)

    def quarters(self) -> str:
        """RSS at a quarter, half, three quarters and the end of the run."""
        if not self.samples:
            return "no samples"
        last = len(self.samples) - 1
        picks = [self.samples[round(last * q)] for q in (0.25, 0.5, 0.75, 1.0)]
        return " / ".join(f"{kb / 1024:.0f}" for _, kb in picks) + " MB"


@dataclass
class Result:
    wall: float
    max_rss_mb: float
    counts: dict[str, int]
    summary: str
    rss_quarters: str


def manage(args: list[str], env: dict[str, str], folder: Path, timed: bool = True):
    """Run manage.py in a subprocess; its wall time, rusage and output."""
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
        sampler = RssSampler(process.pid)
        sampler.start()
        try:
            # wait4 gives this child's own rusage, whatever ran before it.
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # interrupted: leave no import running
            process.kill()
            process.wait()
            raise
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.done.set()
        sampler.join()
    return process.returncode, wall, usage, out.read_text(), err.read_text(), sampler


def fail(what: str, code: int, stdout: str, stderr: str) -> None:
    tail = "\n".join((stderr or stdout).strip().splitlines()[-20:])
    raise SystemExit(f"{what} failed (exit {code}); the end of its output:\n{tail}")


def run_import(path: Path, extra: list[str], env: dict, folder: Path) -> Result:
    code, wall, usage, stdout, stderr, sampler = manage(
        ["import_articles", str(path), *extra], env, folder
    )
    if code != 0:
        fail(f"manage.py import_articles {path.name}", code, stdout, stderr)
    # "<file>: 4995 created" and the lines under it.
    summary = [line for line in stdout.splitlines() if line.startswith(f"{path}:")]
    counts = {
        action: int(number)
        for number, action in re.findall(
            r"(\d+) (created|updated|unchanged|failed)", summary[-1] if summary else ""
        )
    }
    tail = stdout.split(summary[-1], 1)[1].strip() if summary else stdout.strip()
    return Result(
        wall=wall,
        max_rss_mb=usage.ru_maxrss / 1024,  # kB on Linux
        counts=counts,
        summary=" | ".join(line.strip() for line in tail.splitlines()),
        rss_quarters=sampler.quarters(),
    )


def show(name: str, result: Result, items: int, posts: int) -> None:
    print(
        f"  {name} {result.wall:7.1f} s  {items / result.wall:7.1f} "
        f"items/s  {posts / result.wall:6.1f} posts/s  max RSS "
        f"{result.max_rss_mb:5.0f} MB  (RSS at 1/4, 1/2, 3/4, end: "
        f"{result.rss_quarters})"
    )
    print(f"      {result.counts}  {result.summary}")


def bench(
    label: str,
    path: Path,
    items: int,
    posts: int,
    extra: list[str],
    database,
    base_env: dict,
    folder: Path,
    runs: int,
) -> bool:
    """K runs of import then re-import, each on a fresh database; whether
    every re-run left every post unchanged."""
    size = path.stat().st_size / 1024 / 1024
    print(f"\n{label}: {path} ({size:.1f} MB, {items:,} items, {posts:,} posts)")
    print(f"  command: manage.py import_articles {path.name} {' '.join(extra)}")
    firsts, agains = [], []
    all_unchanged = True
    for run in range(1, runs + 1):
        tag = f"{slugify(label)}_{run}"
        url = database.fresh(tag)
        media = folder / f"media-{tag}"
        media.mkdir()
        env = {**base_env, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
        # Each figure printed as soon as it is known: a long run cut short
        # still shows what it measured.
        try:
            first = run_import(path, extra, env, folder)
            show(f"run {run} import ", first, items, posts)
            again = run_import(path, extra, env, folder)
            show(f"run {run} re-run ", again, items, posts)
        finally:
            database.drop(url)
            shutil.rmtree(media, ignore_errors=True)
        imported = first.counts.get("created", 0) + first.counts.get("updated", 0)
        unchanged = set(again.counts) == {"unchanged"} and again.counts[
            "unchanged"
        ] == sum(first.counts.values())
        all_unchanged &= unchanged
        if not unchanged:
            print(
                f"  run {run}: the re-run did NOT leave all {imported} posts unchanged"
            )
        firsts.append(first)
        agains.append(again)
    for name, results in (("import ", firsts), ("re-run ", agains)):
        wall = statistics.median(r.wall for r in results)
        rss = statistics.median(r.max_rss_mb for r in results)
        print(
            f"  median       {name} {wall:7.1f} s  {items / wall:7.1f} items/s  "
            f"{posts / wall:6.1f} posts/s  max RSS {rss:5.0f} MB  ({runs} runs)"
        )
    return all_unchanged


def theme_counts(path: Path) -> tuple[int, int]:
    """Items, and posts and pages, of an export (a quick regex count)."""
    text = path.read_text(encoding="utf-8")
    items = text.count("<item>")
    posts = len(re.findall(r"<wp:post_type>(?:<!\[CDATA\[)?(?:post|page)\b", text))
    return items, posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--theme-file", action="store_true", help=f"also time {THEME_FILE.name}"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    # A SIGTERM (a job's time limit) ends the script through its `finally`
    # blocks, so the databases and the temporary folder are removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.stdout.reconfigure(line_buffering=True)

    folder = Path(tempfile.mkdtemp(prefix="cms-wxr-"))
    server = os.environ.get("DATABASE_URL", "")
    if server and urlsplit(server).scheme not in ("postgres", "postgresql"):
        sys.exit(f"DATABASE_URL must name a PostgreSQL server, not {server!r}")
    # cms.settings.test with MEDIA_ROOT from the environment (test.py fixes it
    # to the repository's media/test, which the imported images would fill).
    (folder / "wxr_settings.py").write_text(
        "import os\nfrom cms.settings.test import *  # noqa: F403\n"
        'MEDIA_ROOT = os.environ["MEDIA_ROOT"]\n'
    )
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wxr_settings",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    database = None
    try:
        start = time.perf_counter()
        made = generate(args.posts, args.seed, folder)
        print(
            f"generated {made.path}: {made.path.stat().st_size / 1024 / 1024:.1f} MB, "
            f"{made.posts:,} posts ({made.words / max(made.posts, 1):.0f} words "
            f"each on average), {made.attachments:,} attachments and their JPEGs, "
            f"in {time.perf_counter() - start:.1f} s"
        )
        database = Postgres(server) if server else SQLite(folder)
        start = time.perf_counter()
        env = {
            **base_env,
            "DATABASE_URL": database.template_url(),
            "MEDIA_ROOT": str(folder),
        }
        code, _, _, stdout, stderr, _ = manage(["migrate", "-v0"], env, folder)
        if code != 0:
            fail("manage.py migrate", code, stdout, stderr)
        print(
            f"database: {database.name}, migrated once in "
            f"{time.perf_counter() - start:.1f} s (not timed) and copied for each run"
        )

        extra = ["--media-dir", str(made.uploads), "--redirects"]
        if made.path.stat().st_size > DEFAULT_MAX_WXR_BYTES:
            extra += ["--max-bytes", str(made.path.stat().st_size)]
        ok = bench(
            "generated",
            made.path,
            made.posts + made.attachments,
            made.posts,
            extra,
            database,
            base_env,
            folder,
            args.runs,
        )
        if args.theme_file:
            if THEME_FILE.is_file():
                # Its attachments are on wordpress.com: no --media-dir.
                items, posts = theme_counts(THEME_FILE)
                ok &= bench(
                    "theme unit test",
                    THEME_FILE,
                    items,
                    posts,
                    ["--redirects"],
                    database,
                    base_env,
                    folder,
                    args.runs,
                )
            else:
                print(f"\n--theme-file: {THEME_FILE} is absent, skipped")
        if not ok:
            raise SystemExit("a re-run did not report every post unchanged")
    finally:
        if database is not None:
            database.drop(database.template_url())
            database.close()
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
