"""Text-level cleanup shared by every source format.

Scraped pages carry no-break spaces, run-together hashtags, comment forms and
sales copy. These helpers work on plain text, so the HTML, Markdown and WordPress
importers can reuse them.
"""

import re

# No-break, thin and other exotic spaces become plain spaces; zero-width
# characters carry no text and break word matching, so they go.
_SPACES = re.compile(r"[^\S ]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=\S) +(?=[.,;:!?](?:\s|$))")


def normalise_line(line: str) -> str:
    line = _ZERO_WIDTH.sub("", _SPACES.sub(" ", line))
    line = _RUNS_OF_SPACES.sub(" ", line.strip())
    return _SPACE_BEFORE_PUNCTUATION.sub("", line)


# A hashtag needs a letter ("ranked #1" is not one) and must not sit inside a
# word, an HTML entity (&#39;) or a URL fragment (/page#section).
HASHTAG = re.compile(r"(?<![\w&/#])#(?=\w*[A-Za-z])(\w+)")
_TAG_RUN_AT_START = re.compile(r"^(?:#\w+\s*)+")
# A run of tags at the end of a line, matched on the REVERSED line from its
# start: searched forwards, an end-anchored run is retried from every position
# of the line, which took time growing with the square of a line of tags.
_TAG_RUN_AT_END_REVERSED = re.compile(r"\s*(?:\w+#\s*)+")


def hashtag_words(tag: str) -> str:
    """'MassageTherapy' -> 'Massage Therapy'; 'massagetherapy' -> 'massage therapy'."""
    if re.search(r"[a-z][A-Z]", tag):
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", tag).replace("_", " ")
    # Loading wordninja's word list takes 0.4 s: only where a tag needs it,
    # not in every command that imports the audit.
    import wordninja

    return " ".join(wordninja.split(tag)) or tag


def extract_hashtags(line: str) -> tuple[str, list[str], list[tuple[str, str]]]:
    """Take the hashtags out of a line of prose.

    Runs of tags at the start or end of a line are labels and are removed;
    a tag inside a sentence is part of it, so it is replaced by its words.
    Returns the readable line, all its tags (without '#', case kept) and, for
    each tag inside a sentence, the tag and the words that now stand in its
    place with the few words after them (enough to find that spot again).
    """
    text, tags, inline, _ = _extract_hashtags(line)
    return text, tags, inline


def hashtag_origins(line: str) -> list[int]:
    """For each character of extract_hashtags(line)'s text, the index in `line`
    of the character it came from (a tag's words come from its '#'), so markup
    on the line can follow its text through cleanup."""
    return _extract_hashtags(line)[3]


def _extract_hashtags(
    line: str,
) -> tuple[str, list[str], list[tuple[str, str]], list[int]]:
    # One pass over the line, each step linear in its length: lines of tens of
    # thousands of tags are met in scraped pages and must not stall an import.
    tags = HASHTAG.findall(line)
    if not tags:
        return line, [], [], list(range(len(line)))
    start = _TAG_RUN_AT_START.match(line)
    first = start.end() if start else 0
    end = _TAG_RUN_AT_END_REVERSED.match(line[first:][::-1])
    last = len(line) - end.end() if end else len(line)
    pieces: list[str] = []
    origins: list[int] = []
    inline = []
    position = first
    for match in HASHTAG.finditer(line, first, last):
        tag = match.group(1)
        words = hashtag_words(tag)
        inline.append((tag, words + _next_words(line, match, last)))
        if _at_sentence_start(line, first, match.start()):
            words = words[:1].upper() + words[1:]
        pieces.extend((line[position : match.start()], words))
        origins.extend(range(position, match.start()))
        origins.extend(_word_origins(tag, words, match.start()))
        position = match.end()
    pieces.append(line[position:last])
    origins.extend(range(position, last))
    text = "".join(pieces)
    # The readable line is stripped, and its origins with it.
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    return stripped, tags, inline, origins[lead : lead + len(stripped)]


def _word_origins(tag: str, words: str, at: int) -> list[int]:
    """Where each character of a tag's words comes from: its own character of
    the tag (the tag's '#' is at `at`), or, for a space the split put between
    words, the character before it. Tag and words are walked once, together."""
    origins = []
    index = 0  # the next character of the tag
    for char in words:
        if char == " " and not (index < len(tag) and tag[index] == "_"):
            origins.append(at + index)  # the one before: '#' at the start
            continue
        wanted = "_" if char == " " else char.lower()
        while index < len(tag) and tag[index].lower() != wanted:
            index += 1  # dropped by the split (wordninja drops non-ASCII)
        if index < len(tag):
            origins.append(at + 1 + index)
            index += 1
        else:
            origins.append(at)
    return origins


def _at_sentence_start(line: str, first: int, start: int) -> bool:
    """Whether a tag at `start` opens a sentence of the line that begins at
    `first`: nothing before it, or a sentence's end and a space."""
    before = start
    while before > first and line[before - 1].isspace():
        before -= 1
    if before == start:
        return start == first
    return before > first and line[before - 1] in ".!?"


_WORDS_AFTER = re.compile(r"\s*\S+(?:\s+\S+){0,2}")


def _next_words(line: str, match: re.Match, last: int) -> str:
    """The text just after a tag, as the cleaned line has it: up to three words,
    and never past the next tag (so each stretch of the line is read once)."""
    stop = line.find("#", match.end(), last)
    found = _WORDS_AFTER.match(line, match.end(), last if stop == -1 else stop)
    return found.group(0) if found else ""


def unique_case_insensitive(names: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            kept.append(name)
    return kept


# Lines that end the article: what follows is the site's, not the author's.
TRAILER_MARKERS = {
    "comments": "comment section",
    "leave a reply": "comment form",
    "leave a comment": "comment form",
    "similar posts": "related-posts list",
    "related posts": "related-posts list",
    "related articles": "related-posts list",
    "you may also like": "related-posts list",
    "about the author": "author box",
}

# Whole month names or their abbreviations: "Marching" and "Sepsis" are no dates.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
    r"\b\.?"
)
# A date alone: "20/08/2025", "Mar 21", "June 5, 2019", "5 June 2019".
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th|\.)?\s+)?{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
    rf",?(?:\s+\d{{4}})?)"
)
_DATE_EVENT = r"(?:updated|published|posted|modified|reviewed|created)"
# "Last updated:", "Medically Reviewed on", "Reviewed/Updated:".
_DATE_LABEL = (
    rf"(?:last\s+|medically\s+)?{_DATE_EVENT}(?:/{_DATE_EVENT})?"
    r"(?:\s+(?:on|date))?(?:\s*:)?\s*"
)
# Bullet marks a byline's parts can carry once scraped ("- Mar 21").
_MARK = r"^[-•·*|]?\s*"

# Letters after a clinician's name: "PT", "DPT", "MD", "MSc", "Ph.D.". Only
# real ones: "Plantar Fasciitis, NHS" is a source, not a person.
_CREDENTIAL = (
    r"(?:MD|DO|PT|DPT|MPT|RN|NP|DC|RD|RDN|OT|OTR|ATC|CSCS|OCS|SCS|FACS|FRCS"
    r"|MBBS|MBChB|MRCP|MCSP|HCPC|LMT|RMT|DPM|FNP|APRN|PharmD|BSc|MSc|PhD"
    r"|Ph\.D\.|M\.D\.|D\.C\.)"
)
# A clinician's title, capitalised as in a credit line.
_PROFESSION = (
    r"(?:Physio(?:therapist)?|Physical\s+Therapist|Chiropractor|Physician"
    r"|Surgeon|Doctor|Nurse|Therapist|Podiatrist|Osteopath|Dietitian"
    r"|Nutritionist|Practitioner|Neurologist|Rheumatologist|Kinesiologist"
    r"|Pharmacist|Psychologist)s?"
)

# Lines that are site furniture wherever they appear.
BOILERPLATE_LINES = [
    (re.compile(r"^your email address will not be published", re.I), "comment form"),
    (re.compile(r"^required fields are marked", re.I), "comment form"),
    (re.compile(r"^(post comment|submit comment)$", re.I), "comment form"),
    (re.compile(r"^save my name, email", re.I), "comment form"),
    (re.compile(r"^(share this|like this|share on \w+)\s*:?$", re.I), "share buttons"),
    (re.compile(r"^(tags?|categories|category|filed under)\s*:", re.I), "tag line"),
    (
        re.compile(r"^(?:posted (in|on|by)|this (?:entry|post) was posted in)\b", re.I),
        "post metadata",
    ),
    (
        # A rule made of marks ("—", "-----", "* * *") or a citation "[5]"
        # left alone; a single tick or arrow may be a table's cell, and stays.
        re.compile(
            r"^(?:[-–—_=~*•·]{2,}|[—–]|[-–—_=~*•·](?:\s+[-–—_=~*•·])+)$|^\[\d{1,3}\]$"
        ),
        "rule or marker",
    ),
    (re.compile(r"^(read more|continue reading)\b.{0,3}$", re.I), "read-more link"),
    (
        re.compile(r"^skip to (?:the )?(?:main )?(?:content|navigation)\W*$", re.I),
        "skip link",
    ),
    (
        re.compile(
            r"^\W*(?:back to (?:the )?top|top of (?:the )?page|return to top"
            r"|go to top|scroll to top)\W*$",
            re.I,
        ),
        "back-to-top link",
    ),
    (
        re.compile(
            r"^[«‹←]+\s*\S.{0,80}$"
            r"|^(?:return|back|go back)\s+to\s+(?:the\s+|all\s+)?(?:[\w’'-]+\s+){0,4}"
            r"(?:listings?|blog|posts|articles|news|home|homepage|search results"
            r"|resources|library|previous page)\W*$",
            re.I,
        ),
        "back link",
    ),
    (
        re.compile(
            r"^\W*(?:book (?:an? |your )?(?:appointment|consultation|session|visit"
            r"|assessment)|book (?:now|online|today)|call (?:us )?(?:now|today)"
            r"|contact us(?: today| now)?|get in touch|request an? (?:appointment"
            r"|call ?back|consultation)|schedule (?:an? |your )?(?:appointment"
            r"|consultation|visit)|make an appointment)\b[^.]{0,40}$",
            re.I,
        ),
        "call-to-action button",
    ),
    (
        re.compile(
            r"^(?:(?:share|tweet|pin(?: it)?|e-?mail|print|facebook|twitter|linkedin"
            r"|pinterest|whatsapp|reddit|copy link)\W*){1,8}$",
            re.I,
        ),
        "share buttons",
    ),
    (
        re.compile(
            rf"{_MARK}(?:{_DATE_LABEL}|date\s*:\s*)?{_DATE}\W*$"
            # A month and year, only after a label: "Reviewed/Updated: 02/14".
            rf"|{_MARK}{_DATE_LABEL}\d{{1,2}}/\d{{2,4}}\W*$",
            re.I,
        ),
        "date line",
    ),
    (
        re.compile(
            rf"{_MARK}\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\W*$",
            re.I,
        ),
        "date line",
    ),
    (re.compile(rf"{_MARK}\d+\s*min(?:ute)?s?\.?\s+read\W*$", re.I), "reading time"),
    (
        re.compile(
            # "Developed by Joseph Pilates." is the article's: only "built by"
            # stands alone.
            r"^(?i:(?:(?:website|site|web\s+design|theme)\s+(?:built|designed"
            r"|developed|created|made)|built)(?:\s+with\s+\S+)?\s+by)\s+"
            r"[A-Z][\w&'’-]*(?:\s+[A-Z&][\w&'’-]*){0,3}\.?$",
        ),
        "site credit",
    ),
    (
        # A site's own question to the reader, not the article's.
        re.compile(
            r"^which\s+(?:option\s+)?(?:best\s+)?describes\s+you\?(?=.{0,180}$)", re.I
        ),
        "page furniture",
    ),
    (
        # "© Bounty Clinic", "Copyright 2024 Heel Care Ltd. All rights reserved."
        re.compile(
            r"^(?:©|\(c\)\s*\d{4}|copyright\b(?!\s+(?:law|of)\b))(?=.{0,110}$)", re.I
        ),
        "copyright line",
    ),
    (
        re.compile(
            r"^(?:(?:written|article|posted|reviewed|medically\s+reviewed|verified"
            r"|fact[\s-]checked|edited)\s+by\b"
            # A wiki's credits: "Original Editor - …", "Top Contributors - …".
            r"|(?:original\s+editors?|top\s+contributors?|contributors?)\s*[-–:]"
            r"|by\s*[|:·]).{0,100}$"
            # "Jo Smith • May 9, 2024"; "Clinic blog // By Jo Smith".
            rf"|^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}\s*[•·|]\s*{_DATE}\W*$"
            r"|^(?=.{0,100}$)[^.!?]*?\s(?://|[|•·])\s*by\s+[A-Z][\w.'’-]*"
            r"(?:\s+[A-Z][\w.'’-]*){0,3}\W*$",
            re.I,
        ),
        "byline",
    ),
    (
        # An author's credit above or below the article: "Dr. Jane Roe,
        # Orthopedic Physiotherapist", "Sam Poe, PT, DPT". A title with a comma
        # has lowercase words or no profession at its end.
        re.compile(
            r"^(?:Dr\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?"
            rf"(?:\s+[A-Z][a-z'’-]+){{1,2}}\s*,(?=.{{0,100}}$)\s*(?:{_CREDENTIAL}\s*,\s*)*"
            rf"(?:{_CREDENTIAL}|(?:[A-Z][\w'’-]*\s+){{0,3}}{_PROFESSION})\W*$"
        ),
        "byline",
    ),
    (
        re.compile(
            r"^(?:advertisement|sponsored(?:\s+content)?|table\s+of\s+contents"
            r"|contents|in\s+this\s+article|article\s+navigation|on\s+this\s+page"
            r"|jump\s+to(?:\s+section)?|was\s+this\s+(?:article\s+|page\s+)?helpful"
            r"|no\s+comments\s+yet|accessibility\s+tools|view\s+all|see\s+answer"
            r"|personali[sz]e(?:\s+your\s+(?:experience|feed|content))?"
            r"|help\s+us\s+(?:tailor|personali[sz]e|improve)\s+(?:your|this)"
            r"\s+(?:experience|page|site)"
            r"|powered\s+by|(?:sign\s+up|log\s+in|sign\s+in)(?:\s+(?:or\s+)?"
            r"(?:sign\s+up|log\s+in|sign\s+in))?)\W*$",
            re.I,
        ),
        "page furniture",
    ),
    (
        re.compile(
            r"^home\s*(?:[>»›/|][^>»›/|]{1,60}){1,6}$"
            # Crumbs without "Home": "Ankle > Ankle Sprain > Treatments", "» Blog".
            r"|^(?:[^>»›.!?]{1,40}\s[>»›]\s){1,5}[^>»›.!?]{1,60}$|^[»›]\s*\S.{0,80}$",
            re.I,
        ),
        "breadcrumbs",
    ),
    (
        re.compile(
            r"^(?:all\s+posts\s+(?:in|tagged|by)|posts\s+tagged|archives?\s+for"
            r"|(?:category|tag)\s+archives?)\b[^.!?]{0,80}$",
            re.I,
        ),
        "archive heading",
    ),
    (
        re.compile(
            # "1200 Harbour Road, Suite 4"; "Springfield, IL 62704"; a phone number.
            r"^\d{1,6}\s+(?:[A-Z][\w.'’-]*\s+){1,5}(?:Road|Rd|Street|St|Avenue|Ave"
            r"|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy"
            r"|Highway|Hwy)\b\.?(?:,[^.!?]{0,60})?$"
            r"|^[A-Z][\w .'’-]{1,40},\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?$"
            # A country code needs its "+" (or is the US "1-"), so "250 500 750
            # 1000" is no phone number.
            r"|^(?i:tel(?:ephone)?|phone|call)?\s*:?\s*(?:\+\d{1,3}\s*|1[\s.-])?"
            r"\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$"
            # "(02) 4307 0439", "+44 161 555 0100".
            # A local code in brackets or an international one; a crisis line
            # written in the article ("0800 58 58 58") and a row of numbers stay.
            # (The eight-digit look-ahead comes after the "+" or "(", so that
            # prose, which the audit also runs these patterns on, is not
            # scanned to its end.)
            r"|^(?i:tel(?:ephone)?|phone|call)?\s*:?\s*(?=[+(])(?=(?:\D*\d){8})"
            r"(?:\+\d{1,4}|\(\d{1,4}\))(?:[\s.-]?\d{2,4}){2,4}$",
        ),
        "address or phone number",
    ),
    (
        re.compile(
            # Anywhere in a short line: a notice, not a paragraph mentioning it.
            r"^(?=.{0,200}$).*?(?:upgrade\s+your\s+browser|outdated\s+browser"
            r"|browser\s+is\s+(?:out\s+of\s+date|not\s+supported)"
            r"|enable\s+javascript|cookies?\s+(?:policy|settings|notice)"
            r"|we\s+use\s+cookies)|^\W*covid[-\s]?19",
            re.I,
        ),
        "site notice",
    ),
    (
        re.compile(
            # In a line of one sentence: a prompt, not a paragraph mentioning it.
            r"^(?=.{0,200}$)(?![^.!?]*[.!?]\s+\S).*?(?:\b(?:like|follow)\s+us\s+on"
            r"\s+(?:facebook"
            r"|instagram|twitter|x|linkedin|tiktok|youtube)"
            r"|\b(?:drop|enter)\s+your\s+email\b"
            r"|\bsubscribe\s+to\s+(?:our|the|(?:\w+\s+){0,3}\w+['’]s?)\s+(?:[\w-]+\s+){0,3}"
            r"(?:newsletter|mailing\s+list)\b"
            r"|\bsign\s+up\s+for\s+(?:our|the)\s+(?:[\w-]+\s+){0,2}newsletter\b"
            r"|\brss\b)|^(?:buy|shop|order)\s+(?:now|online|on\s+[\w.]+)\W*$"
            r"|^by\s+clicking\s+(?:submit|subscribe|sign\s+up)\b",
            re.I,
        ),
        "sign-up, shop or social link",
    ),
    (
        re.compile(
            r"^\d[\d,]*\s+(?:answers?|votes?|comments?|replies|repl(?:y|ies)|likes?"
            r"|views?|shares?|upvotes?)\W*$",
            re.I,
        ),
        "answer or vote count",
    ),
]

# Page-builder shortcodes (WPBakery, Divi, Avada, Enfold, Shortcodes Ultimate,
# Cornerstone, Flatsome...) and WordPress's own layout ones, opening or closing:
# the tags go, the text between them stays.
SHORTCODE = re.compile(
    r"\[/?(?:(?:vc|et_pb|fusion|av|su|cs|tatsu|mk|ux|wpb|themify|fl|bt|thb|tm)_"
    r"[\w-]*|row|column|col|section|one_half|one_third|two_third|one_fourth"
    r"|three_fourth|divider|spacer|button|accordion|tabs?|toggle|embed)"
    # No "[" inside: an unclosed "[vc_x " is not retried across the next one.
    r"(?:\s[^\][]{0,500})?\]",
    re.I,
)


def strip_shortcodes(line: str) -> tuple[str, list[str]]:
    """The text with a space for each page-builder shortcode, and the
    shortcodes removed."""
    found = SHORTCODE.findall(line)
    if not found:
        return line, []
    return SHORTCODE.sub(" ", line), found


# Furniture stuck to a line of the article when scraping lost the break: a
# dated label before it ("date 2021-03-04 As spring…"), a jump or edit link
# after a heading ("Rehabilitation [top]", "Causes [edit | edit source]").
STUCK_FURNITURE = re.compile(
    r"^(?:date|posted|published|updated)\s*:?\s*\d{4}-\d{2}-\d{2}\s+(?=\S)"
    # A news agency's dateline: "(HealthDay News) — ", "LONDON (Reuters) - ".
    # Only a news service in the brackets: "MRI (Magnetic Resonance Imaging) –
    # shows …" is a glossary line.
    r"|^(?-i:(?:[A-Z][A-Z.'’-]*(?:\s[A-Z][A-Z.'’-]*){0,3},?\s)?\((?:(?:[A-Z][\w&.'’]*\s)"
    r"{0,2}News|Reuters|AP|AFP|UPI|PA|Bloomberg|Xinhua)\))\s?[—–-]\s(?=\S)"
    # (?<!\s): tried once per run of spaces, not from each of them.
    r"|(?<!\s)\s*\[(?:top|back to top|edit(?:\s*\|\s*edit source)?)\]$",
    re.I,
)


# An image's alt text glued to the paragraph after it when the scraper lost
# the break: "heel painHeel pain is the most common…". Prose starts with a
# capital; a line that starts with a few lowercase words run straight into a
# capitalised word starts with the image's description.
STUCK_ALT_TEXT = re.compile(
    r"^[a-z][a-z0-9'’-]*(?: [a-z0-9'’-]+){0,7}?(?<=[a-z]{3})"
    r"(?=[A-Z][a-z'’-]*\s+\w)"
)
# A caption ending in a full stop and run into the paragraph's first
# sentence: "Front view of the knee.Knee pain is …".
STUCK_CAPTION = re.compile(r"^[A-Z][^.!?]{5,200}\.(?=[A-Z][a-z])")
STUCK_FURNITURE_REASON = "page furniture stuck to a line"
STUCK_ALT_TEXT_REASON = "image description (alt text or caption) stuck to a line"


def strip_stuck_furniture(line: str) -> tuple[str, list[tuple[str, str]]]:
    """The line without furniture stuck to its start or end, and what went,
    each with its reason."""
    found = [
        (match.group(0).strip(), STUCK_FURNITURE_REASON)
        for match in STUCK_FURNITURE.finditer(line)
    ]
    if found:
        line = STUCK_FURNITURE.sub("", line)
    description = STUCK_ALT_TEXT.match(line)
    if description is None:
        caption = STUCK_CAPTION.match(line)
        if caption and is_image_description(caption.group(0)):
            description = caption
    if description:
        found.append((description.group(0), STUCK_ALT_TEXT_REASON))
        line = line[description.end() :]
    return line, found


def trailer_reason(line: str) -> str | None:
    return TRAILER_MARKERS.get(line.strip().rstrip(":").lower())


# Furniture is a short line; past this length a line is prose, and the
# patterns need not look at it.
MAX_FURNITURE_CHARS = 500


def boilerplate_reason(
    line: str, *, captions: bool = True, opening: bool = False
) -> str | None:
    """Why `line` is site furniture, or None. `captions=False` where a line
    cannot be a stray caption (a list item in markup); `opening` where no
    prose has come yet, so the line would open the article."""
    if len(line) > MAX_FURNITURE_CHARS:
        return None
    for pattern, reason in BOILERPLATE_LINES:
        if pattern.search(line):
            return reason
    if captions and is_image_description(line, opening=opening):
        return "image description (alt text or caption) without its image"
    return None


# An image's alt text or caption, scraped as a line of its own: "Illustration
# of the plantar fascia", "Woman holding her lower back.", "Photo: …". A
# caption names what is shown; it has no finite verb, which a sentence has.
# "Front and back views of …", "Lateral X-ray of …": a picture's side, not
# an opinion ("Patient views of physiotherapy" is a heading).
_VIEW_SIDE = r"(?:front|back|side|top|rear|lateral|medial|anterior|posterior|close-?up)"
_IMAGE_DESCRIPTION = re.compile(
    rf"^(?:(?:an?\s+)?(?:{_VIEW_SIDE}\s+(?:and\s+{_VIEW_SIDE}\s+)?)?"
    r"(?:illustration|image|photo(?:graph)?|picture|diagram|views?"
    r"|graphic|infographic|x-ray|mri\s+scan|scan|close-?up|stock\s+photo)"
    r"\s+(?:of|showing|shows)\b"
    r"|(?:an?\s+|the\s+)?(?:(?:young|old|older|elderly|senior|middle-aged|sporty"
    r"|female|male|athletic)\s+)?(?:woman|man|person|girl|boy|lady|doctor"
    r"|physiotherapist|physio|therapist|chiropractor|patient|runner|athlete"
    r"|people|women|men|couple|child|hands?|feet|foot)\b(?:\s+[\w'’-]+){0,3}?"
    r"\s+[a-z]+ing\b)",
    re.I,
)
# "Photo: Getty Images", "Image credit | …", "Figure 2: …".
_IMAGE_LABEL = re.compile(
    r"^(?:(?:(?:image|photo|picture)(?:\s+(?:credit|source|courtesy))?|figure|fig\."
    r"|credit)\s*\d*\s*[:|]"
    # "Fig 1. The ligaments of the ankle", "Figure 2 - …".
    r"|^fig(?:ure)?\.?\s*\d+[a-z]?\s*[.:|)–-]\s)",
    re.I,
)
# An image's alt text or file name on a line of its own: a few lowercase
# words and no punctuation ("heel pain", "woman stretching her calf
# outdoors"), or a name with underscores ("pic_fascia_stretch"). Past three
# words such a line may be an instruction ("hold for 30 seconds"), so it is
# taken for alt text only where it would open the article.
MAX_ALT_TEXT_WORDS = 3
_ALT_TEXT = re.compile(
    r"^(?:[a-z][a-z0-9'’-]*(?:\s+[a-z0-9'’-]+){0,5}|\w+_[\w-]+"
    # An image's name in camel case: "reviewerImg", "heroImage2" ("eGFR" and
    # "mRNA" are terms).
    r"|[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*(?:Img|Image|Photo|Pic|Icon|Banner|Thumb)"
    r"[A-Za-z0-9]*)$"
)
# An image's file name: "Osteoarthritis.png", "knee-brace (2).jpg".
_IMAGE_FILE_NAME = re.compile(
    r"^[\w(][\w ().,'’-]{0,150}\.(?:png|jpe?g|gif|webp|svg|avif|bmp|tiff?|heic)$",
    re.I,
)
# A photo credit: "Chainarong Prasertthai / Getty Images".
_STOCK_CREDIT = re.compile(
    r"\b(?:getty\s*images|shutterstock|istock(?:photo)?|adobe\s+stock|unsplash"
    r"|pexels|dreamstime|alamy|depositphotos)\W*$",
    re.I,
)
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|can|could|should|would|may|might|will|must"
    r"|has|have|had|do|does|did|often|usually|need|needs)\b",
    re.I,
)
MAX_IMAGE_DESCRIPTION_WORDS = 14
MAX_IMAGE_DESCRIPTION_CHARS = 300


def is_title_case(text: str) -> bool:
    """Most words past the first, small words aside, are capitalised
    ("People Living With Knee Pain")."""
    long_words = [word for word in text.split()[1:] if len(word) > 3]
    return sum(word[:1].isupper() for word in long_words) * 2 > len(long_words)


def is_image_description(line: str, *, opening: bool = False) -> bool:
    if len(line) > MAX_IMAGE_DESCRIPTION_CHARS:
        return False
    words = line.split()
    # A heading in title case ("People Living With Knee Pain") is no caption.
    title_case = is_title_case(line)
    if len(words) > MAX_IMAGE_DESCRIPTION_WORDS or line.endswith(("?", ":")):
        return False
    if _IMAGE_LABEL.match(line) or _STOCK_CREDIT.search(line):
        return True
    if _IMAGE_FILE_NAME.match(line):
        return True
    if _ALT_TEXT.match(line) and (
        len(words) <= MAX_ALT_TEXT_WORDS
        or (opening and _FINITE_VERB.search(line) is None)
    ):
        return True
    return (
        not title_case
        and _IMAGE_DESCRIPTION.match(line) is not None
        and _FINITE_VERB.search(line) is None
    )


# First-person sales copy: the business talking about itself or asking for a
# booking. Articles may still say "our article on ..." without being flagged.
PROMOTION = re.compile(
    r"\b(?:"
    r"our (?:experienced |skilled |licensed |expert |friendly )?"
    r"(?:therapists?|practitioners?|team|clinic|spa|salon|staff|clients)"
    r"|contact us|call us|visit us|book (?:now|online|an appointment|a session)"
    r"|is the place to go|we (?:offer|provide|use only|speciali[sz]e)|our goal is"
    r")\b",
    re.I,
)


def promotion_match(text: str) -> str | None:
    match = PROMOTION.search(text)
    return match.group(0) if match else None
