"""XSS payloads from the usual cheat sheets (OWASP's filter evasion sheet,
PortSwigger's), and a judge that reads HTML the way a browser does.

The judge is written from the WHATWG URL standard, not from the code under test:
an attribute's entities are decoded once by the HTML parser, then the URL parser
strips leading and trailing C0 controls and spaces and removes every tab, line
feed and carriage return before it reads the scheme.
"""

import re

from bs4 import BeautifulSoup

ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}

# Link addresses, as written in an HTML attribute (entities not yet decoded).
HREFS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    "  javascript:alert(3)",
    "java&#x09;script:alert(4)",
    "java&#x0A;script:alert(5)",
    "java&#x0D;script:alert(6)",
    "java&#9;script:alert(7)",
    "jav&#x0A;ascript:alert(8)",
    "&#106;avascript:alert(9)",
    "&#x6A;avascript:alert(10)",
    "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105"
    "&#0000112&#0000116&#0000058alert(11)",
    "javascript&colon;alert(12)",
    "&#14;javascript:alert(13)",
    "&#1;javascript:alert(14)",
    "javas&#99;ript:alert(15)",
    "javascript://%0Aalert(16)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=",
    "data:text/html,&lt;script&gt;alert(18)&lt;/script&gt;",
    "vbscript:msgbox(19)",
    "VBScript:msgbox(20)",
    "livescript:alert(21)",
    "ftp://example.org/not-allowed",
]

# Markup that runs script without a link, or smuggles one in.
FRAGMENTS = [
    "<img src=x onerror=alert(101)>",
    "<svg onload=alert(102)><circle r=1></circle></svg>",
    '<a href="https://example.org/" onclick="alert(103)">click</a>',
    "<script>alert(104)</script>",
    '<iframe src="javascript:alert(105)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(106)&lt;/script&gt;"></iframe>',
    '<b style="background:url(javascript:alert(107))">styled</b>',
    '<i style="width: expression(alert(108))">expression</i>',
    "<body onload=alert(109)>",
    '<object data="javascript:alert(110)"></object>',
    '<embed src="javascript:alert(111)">',
    '<form action="javascript:alert(112)"><button>go</button></form>',
    '<math><a xlink:href="javascript:alert(113)">m</a></math>',
    "<details open ontoggle=alert(114)>d</details>",
    "<scr<script>ipt>alert(115)</script>",
    '<<a href="javascript:alert(116)">x</a>',
    "<input autofocus onfocus=alert(117)>",
    '<style>@import "javascript:alert(118)";</style>',
    '<base href="javascript:alert(119)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(120)">',
    "<script>&lt;/p&gt;<img src=x onerror=alert(121)></script>",
    "<a href='javascript:alert(122)'>single quotes</a>",
    "<a href=javascript:alert(123)>unquoted</a>",
]

SAFE_LINK = "https://example.org/safe-link"


def html_document() -> str:
    links = "\n".join(
        f'<p>Payload {number}: <a href="{href}">link {number}</a> ends.</p>'
        for number, href in enumerate(HREFS)
    )
    fragments = "\n".join(
        f"<p>Fragment {number}: {fragment} ends.</p>"
        for number, fragment in enumerate(FRAGMENTS)
    )
    return (
        "<!DOCTYPE html><html><head><title>XSS corpus (HTML)</title></head><body>"
        "<h1>XSS corpus (HTML)</h1>"
        f'<p>A <a href="{SAFE_LINK}">safe link</a> stays a link.</p>\n'
        f"{links}\n{fragments}\n</body></html>"
    )


def markdown_document() -> str:
    links = "\n\n".join(
        f"Payload {number}: [link {number}]({href}) ends, and raw "
        f'<a href="{href}">html {number}</a> ends.'
        for number, href in enumerate(HREFS)
    )
    # An inline <body> makes the importer find no article at all in Markdown (a
    # refusal, so nothing to read back): it stays in the HTML and text corpora.
    fragments = "\n\n".join(
        f"Fragment {number}: {fragment} ends."
        for number, fragment in enumerate(FRAGMENTS)
        if not fragment.startswith("<body")
    )
    return (
        "---\ntitle: XSS corpus (Markdown)\n---\n\n"
        f"A [safe link]({SAFE_LINK}) stays a link.\n\n"
        "An autolink <javascript:alert(201)> and a reference [ref][r].\n\n"
        f"{links}\n\n{fragments}\n\n[r]: javascript:alert(202)\n"
    )


def text_document() -> str:
    lines = [
        f"Payload {number}: {href} ends here." for number, href in enumerate(HREFS)
    ]
    lines += [
        f"Fragment {number}: {fragment} ends here."
        for number, fragment in enumerate(FRAGMENTS)
    ]
    return "XSS corpus (plain text)\n\n" + "\n\n".join(lines) + "\n"


# --- the judge -------------------------------------------------------------

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
# Attributes a browser fetches or navigates to.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
    "srcdoc",
}
EXECUTING_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "applet"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads from an attribute value (already decoded)."""
    url = url.strip(_C0_OR_SPACE)
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME.match(url)
    return match[1].lower() if match else None


def is_followable(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in ALLOWED_SCHEMES


def problems_in_html(markup: str, *, static_prefix: str = "/static/") -> list[str]:
    """Everything in `markup` that could run script: a link or source with a
    scheme outside the allowed ones, an on* handler, a script that is not a
    data block or a same-origin file, an embedding element, a meta refresh, or
    script in a style."""
    problems = []
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(True):
        snippet = str(tag)[:100]
        if tag.name == "script":
            kind = (tag.get("type") or "").lower()
            source = tag.get("src") or ""
            if kind not in DATA_SCRIPT_TYPES and not (
                source and source.startswith(static_prefix) and not tag.string
            ):
                problems.append(f"script: {snippet}")
        if tag.name in EXECUTING_ELEMENTS:
            problems.append(f"embedding element: {snippet}")
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"meta refresh: {snippet}")
        if tag.name == "style" and re.search(
            r"javascript:|expression\(|@import", tag.get_text(), re.I
        ):
            problems.append(f"style: {snippet}")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                problems.append(f"handler {name}: {snippet}")
            elif name.lower() in URL_ATTRIBUTES and not is_followable(value):
                problems.append(f"{name}={value!r}: {snippet}")
            elif name.lower() == "style" and re.search(
                r"javascript:|expression\(", value, re.I
            ):
                problems.append(f"style attribute: {snippet}")
    return problems


# Where the article body's JSON holds HTML: every other string is plain text.
RICH_TEXT = {
    "paragraph": lambda value: [value],
    "callout": lambda value: [value["text"]],
    "disclaimer": lambda value: [value["text"]],
    "faq": lambda value: [item["answer"] for item in value["items"]],
}
URL_FIELDS = ("canonical_url", "source_url")


def problems_in_page_json(data: dict) -> list[str]:
    """The same judge over an API page: the body's rich text as HTML, and every
    URL field (references, canonical and source URLs) as a link."""
    problems = []
    for block in data.get("body") or []:
        value = block["value"]
        for markup in RICH_TEXT.get(block["type"], lambda value: [])(value):
            if isinstance(markup, dict):  # a {"format": ..., "content": ...} value
                markup = markup.get("content", "")
            problems += [f"{block['type']}: {p}" for p in problems_in_html(markup)]
        if block["type"] == "references":
            for item in value["items"]:
                if item.get("url") and not is_followable(item["url"]):
                    problems.append(f"reference url {item['url']!r}")
    for field in URL_FIELDS:
        if data.get(field) and not is_followable(data[field]):
            problems.append(f"{field} {data[field]!r}")
    return problems
