"""The importer's traps, checked on the five real scraped seed articles."""

import re

import pytest

from articles.importing import parse_file

from .outline import block_text, headings, outline

SEED_NUMBERS = ["000", "001", "002", "003", "004"]


@pytest.fixture
def article(seed):
    return lambda number: parse_file(seed(number))


def test_000_category_line_then_title(article):
    imported = article("000")
    assert imported.title == "Massage for Sciatica"
    assert [(d.line, d.reason) for d in imported.dropped] == [
        (1, "category or tag line above the title")
    ]
    assert headings(imported.body) == [
        ("h2", "Understanding Sciatica and its Causes:"),
        ("h2", "Benefits of Massage for Sciatica relieve pain:"),
        ("h2", "Signature massages:"),
        ("h2", "Deep Tissue Massage:"),
        ("h2", "Trigger Point Therapy:"),
        ("h2", "Myofascial Release:"),
        ("h2", "Swedish Massage with Aromatherapy:"),
    ]


def test_000_label_paragraphs_stay_paragraphs(article):
    paragraphs = [b["value"] for b in article("000").body if b["type"] == "paragraph"]
    labels = [re.match(r"<p><b>([^<]+)</b>", p) for p in paragraphs]
    assert [label.group(1) for label in labels if label] == [
        "Pain Relief:",
        "Improved Flexibility:",
        "Relaxed Muscles:",
        "Increased Circulation:",
        "Stress Reduction:",
    ]


def test_000_sales_copy_is_flagged(article):
    assert [(f.kind, f.line) for f in article("000").flags] == [
        ("promotional", 26),
        ("promotional", 44),
    ]


def test_001_inline_title_hashtags_run_on_paragraphs_and_comment_form(article):
    imported = article("001")
    assert imported.title == "The Benefits of Massage Therapy for Sciatica"
    assert imported.hashtags == ["massagetherapyforsciatica"]
    paragraphs = [row[1] for row in outline(imported.body)]
    assert [row[0] for row in outline(imported.body)] == ["p"] * 8
    assert paragraphs[0].startswith("Sciatica is a common type of pain")
    assert "#" not in " ".join(paragraphs)
    assert "benefits of using massage therapy for sciatica." in paragraphs[0]
    assert paragraphs[-1].startswith("In conclusion, massage therapy")
    assert [(d.line, d.text, d.reason) for d in imported.dropped] == [
        (1, "massage therapy for sciatica 7", "category or tag line above the title"),
        (3, "Title:", "title label"),
        (6, "Comments", "comment section"),
        (8, "Leave a Reply", "comment form"),
        (
            10,
            "Your email address will not be published. Required fields are marked *",
            "comment form",
        ),
    ]
    # Both inline uses are reported against the paragraph each ended up in.
    assert [(f.kind, f.line, f.block, f.excerpt) for f in imported.flags] == [
        ("inline-hashtag", 3, 0, "#massagetherapyforsciatica"),
        ("inline-hashtag", 3, 7, "#massagetherapyforsciatica"),
    ]


def test_002_has_no_title_so_one_is_derived_with_a_warning(article):
    imported = article("002")
    # Its headings each name one part of the article: the opening words do.
    assert imported.title == (
        "Massage is known to relieve symptoms of stress and anxiety"
    )
    assert imported.warnings == [
        "no title found; used the opening words “Massage is known to relieve "
        "symptoms of stress and anxiety” as the title: check it"
    ]
    assert ("h2", "How Does Massage Promote Sciatica Pain Relief?") in outline(
        imported.body
    )
    assert outline(imported.body)[0] == (
        "p",
        "Massage is known to relieve symptoms of stress and anxiety. It has also been "
        "shown to boost confidence, calmness, and a positive sense of self. Aside from "
        "the wellness aspect, massage can also help with medical issues such as "
        "sciatica.",
    )
    # No-break spaces and the space before "." are cleaned up.
    text = " ".join(block_text(b) for b in imported.body)
    assert "\u00a0" not in text
    assert "muscle ." not in text
    assert "blood flow to the skin, subcutaneous fat, and muscle." in text
    assert len(imported.flags) == 3


def test_003_headings_nest_by_structure(article):
    assert headings(article("003").body) == [
        ("h2", "Understanding Sciatica"),
        ("h3", "What is Sciatica?"),
        ("h3", "Causes and Symptoms of Sciatica"),
        ("h2", "Benefits of Massage Therapy for Sciatica"),
        ("h3", "How Massage Therapy Helps Alleviate Sciatic Pain"),
        ("h3", "Improving Mobility and Function"),
        ("h2", "Types of Massage Techniques for Sciatica"),
        ("h3", "Swedish Massage"),
        ("h3", "Deep Tissue Massage"),
        ("h3", "Trigger Point Therapy"),
        ("h2", "Preparing for a Massage Therapy Session"),
        ("h3", "Consultation with a Massage Therapist"),
        ("h3", "What to Expect During the Session"),
        ("h2", "Post-Massage Care and Home Remedies"),
        ("h3", "Stretches and Exercises for Sciatica Relief"),
        ("h3", "Self-Care Tips for Managing Sciatic Pain"),
        ("h2", "Incorporating Massage Therapy into Your Wellness Routine"),
        ("h3", "Frequency of Massage Sessions"),
        ("h3", "Long-Term Benefits of Regular Massage Therapy"),
    ]


def test_003_all_six_tables_are_rebuilt(article):
    tables = [row[1:] for row in outline(article("003").body) if row[0] == "table"]
    assert [header for header, _ in tables] == [
        ["Symptom", "Description"],
        ["Cause", "Description"],
        ["Measure", "Before Therapy", "After 4 Sessions", "After 8 Sessions"],
        ["Massage Technique", "Benefits for Sciatica"],
        ["Session Element", "Description"],
        ["Frequency", "Description"],
    ]
    assert tables[1][1] == [
        ["Herniated Disk", "Disk presses on the sciatic nerve"],
        ["Bone Spurs", "Bone overgrowth compresses the nerve"],
        ["Spinal Stenosis", "Spine narrowing puts pressure on the nerve"],
        ["Piriformis Syndrome", "Muscle spasms irritate the sciatic nerve"],
    ]
    assert tables[2][1] == [
        ["Range of Motion (degrees)", "60", "75", "90"],
        ["Pain Level (1-10 scale)", "8", "6", "4"],
        ["Mobility Score (1-5 scale)", "2", "3", "4"],
    ]
    assert [row[0] for row in tables[4][1]] == [
        "Initial Discussion",
        "Comfort and Privacy",
        "Massage Techniques",
        "Communication",
        "Duration",
    ]
    for header, rows in tables:
        assert all(len(row) == len(header) for row in rows)


def test_003_lists_nest_and_stay_apart_from_tables(article):
    rows = outline(article("003").body)
    lists = [row for row in rows if row[0] in ("ul", "ol")]
    assert len(lists) == 10
    stretches = lists[6]
    assert stretches == (
        "ol",
        [
            (
                "Piriformis Stretch:",
                [
                    "Sit on the floor with legs extended.",
                    "Cross one leg over the other, placing the foot flat on the floor.",
                    "Gently pull the crossed knee toward the opposite shoulder.",
                    "Hold for 30 seconds, then switch sides.",
                ],
            ),
            (
                "Hamstring Stretch:",
                [
                    "Lie on your back with one leg bent and the other extended.",
                    "Loop a towel around the extended foot and gently pull it toward "
                    "you while keeping the knee straight.",
                    "Hold for 30 seconds, then switch legs.",
                ],
            ),
        ],
    )
    # "What to Expect" is five numbered items, then (with no blank line) a table.
    expect = rows.index(("h3", "What to Expect During the Session"))
    assert rows[expect + 2][0] == "ol"
    assert len(rows[expect + 2][1]) == 5
    assert rows[expect + 3][0] == "table"
    # Six numbered benefits separated by blank lines are one list.
    assert [len(items) for kind, items in lists if kind == "ol"][-1] == 6
    # List captions ending in ":" stay paragraphs.
    assert ("p", "Stretches:") in rows
    assert ("p", "Benefits of Swedish Massage for Sciatica:") in rows


def test_003_similar_posts_dropped(article):
    assert [(d.text, d.reason) for d in article("003").dropped][-1] == (
        "Similar Posts",
        "related-posts list",
    )


def test_004_paragraphs_without_blank_lines(article):
    rows = outline(article("004").body)
    assert rows[:3] == [
        ("h2", "Understanding Sciatica"),
        (
            "p",
            "Sciatica is a condition characterized by pain that radiates along the "
            "path of the sciatic nerve, which extends from the lower back through the "
            "hips and down each leg. This condition is often the result of a herniated "
            "disk or bone spur compressing part of the nerve, leading to inflammation, "
            "pain, and sometimes numbness in the affected leg.",
        ),
        ("p", rows[2][1]),
    ]
    assert rows[2][1].startswith("While sciatica can be debilitating")
    assert [h for _, h in headings(article("004").body)] == [
        "Understanding Sciatica",
        "The Benefits of Massage Therapy for Sciatica",
        "Types of Massage Techniques for Sciatica",
        "How Often Should You Get a Massage?",
        "Combining Massage with Other Treatments",
        "Self-Care Tips for Sciatica Relief",
        "Conclusion",
    ]
    bullets = [row for row in rows if row[0] == "ul"]
    assert [item for item, _ in bullets[0][1]][0].startswith("Swedish Massage:")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(word in remaining for word in needle)


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_every_word_survives_in_order(seed, number):
    """Apart from dropped boilerplate, every word of the seed appears in the
    imported article (title, then body) in the same order. Hashtags and list
    markers ("1.", "•") are structure, not words."""
    path = seed(number)
    imported = parse_file(path)
    dropped = {d.line: d.text for d in imported.dropped}
    source_words = []
    for number_, line in enumerate(path.read_text().splitlines(), start=1):
        line = re.sub(r"#\w+|^\s*(\d+[.)]|[•*-])\s+", "", line)
        line_words = words(line)
        if number_ in dropped:
            gone = words(dropped[number_])
            assert line_words[: len(gone)] == gone
            line_words = line_words[len(gone) :]
        source_words.extend(line_words)
    imported_words = words(imported.title) + [
        w for block in imported.body for w in words(block_text(block))
    ]
    assert is_subsequence(source_words, imported_words)
