"""Disclaimer language: the words that tell a reader an article is general
information and no substitute for a clinician's advice.

Scraped pages put a disclaimer in an ordinary paragraph ("Please note: this
article is for informational purposes only…", "Consult your doctor before
starting any new treatment"). The importer turns such a paragraph into a
disclaimer block, which also keeps it out of the meta description; the
medical-disclaimer check accepts the words wherever they stand, so a page that
has a disclaimer is never told it lacks one.
"""

import re
from collections.abc import Iterable

from sentencex import segment

from seo import text

_CLINICIAN = (
    r"(?:\w+\s+)?(?:doctor|physician|gp|pharmacist|clinician|physio|physiotherapist"
    r"|chiropractor|health\s*care\s+(?:provider|professional|practitioner|team)"
    r"|health\s+(?:professional|practitioner|provider)|medical\s+(?:professional"
    r"|provider|practitioner|team))s?"
)
_ASK = (
    r"(?:consult|consulting|talk\s+to|talk\s+with|speak\s+to|speak\s+with"
    r"|check\s+with|ask|see|seek\s+the\s+advice\s+of)"
)
_WHOSE = r"(?:with\s+)?(?:your|a|an|their)\s+(?:own\s+)?"

# Each alternative is one way of saying it, in any of its usual forms.
_OUTRIGHT = (
    # A text labelled as one: "Disclaimer: …", "Medical disclaimer – …"
    r"^\W*(?:medical\s+|health\s+)?disclaimer\b"
    # "for informational purposes only", "for general educational purposes only"
    r"|\bfor\s+(?:general\s+)?(?:information(?:al)?|education(?:al)?)"
    r"(?:\s+(?:and|or)\s+(?:information(?:al)?|education(?:al)?))?"
    r"\s+purposes?(?:\s+only)?\b"
    # "not a substitute for professional medical advice", "not intended to
    # replace the advice of your doctor"
    r"|\bnot\s+(?:be\s+)?(?:(?:intended|meant|designed)\s+(?:as|to\s+be)\s+)?"
    r"(?:used\s+as\s+)?(?:an?\s+)?(?:substitute|replacement|alternative)\s+for\b"
    r"|\bnot\s+(?:intended|meant|designed)\s+to\s+(?:replace|substitute"
    r"|diagnose|treat|provide\s+medical\s+advice|be\s+medical\s+advice)\b"
    r"|\b(?:does\s+not|do\s+not|doesn['’]t|don['’]t)\s+replace\s+(?:the\s+)?"
    r"(?:advice|care|judgement|judgment|diagnosis|your|a)\b"
    # "this article is not medical advice", "does not constitute medical advice"
    r"|\b(?:is|are|does|do)\s+not\s+(?:constitute\s+|provide\s+|offer\s+"
    r"|give\s+)?(?:professional\s+)?(?:medical|health|healthcare)\s+advice\b"
    r"|\b(?:isn['’]t|aren['’]t|doesn['’]t\s+constitute)\s+(?:professional\s+)?"
    r"(?:medical|health|healthcare)\s+advice\b"
    # "consult your doctor before …", "talk to a healthcare provider before …"
    rf"|\b{_ASK}\s+{_WHOSE}{_CLINICIAN}\b[^.!?]{{0,60}}?\bbefore\b"
    # "before starting any exercise, consult your doctor"
    rf"|\bbefore\b[^.!?]{{0,80}}?\b{_ASK}\s+{_WHOSE}{_CLINICIAN}\b"
    # "We make no claims as to the accuracy": the site, not a treatment.
    r"|\b(?:we|(?:this|the|our)\s+(?:site|website|article|author|authors"
    r"|publisher|information|content|page))\s+makes?\s+no\s+(?:claims?"
    r"|warrant(?:y|ies)|representations?|guarantees?)\b"
    # "Please take professional health advice."
    r"|\bplease\s+(?:take|seek|get)\s+professional\s+(?:medical\s+|health\s+)?"
    r"advice\b"
    # "Please note: … doctor / medical / advice …"
    r"|\bplease\s+note\b[^.!?]{0,160}?\b(?:doctor|physician|medical|health\s*care"
    r"|professional|advice|diagnos\w*|treatment)\b"
)
# A guide's own terms of use, which articles also say of a treatment ("done
# under the supervision of a physiotherapist"): a disclaimer only where it
# stands alone or opens the paragraph.
_SUPERVISED = (
    # "to be used following an assessment by …", "under the guidance of …"
    r"\b(?:used|done|followed|performed|carried\s+out)\s+(?:only\s+)?"
    r"(?:following|after)\s+an?\s+(?:\w+\s+)?assessment\b(?!\s+of\b)"
    r"|\b(?:under|with)\s+(?:the\s+)?(?:guidance|supervision)\s+of\s+"
    r"(?:your|a|an)\b"
)
DISCLAIMER = re.compile(f"{_OUTRIGHT}|{_SUPERVISED}", re.I)
OUTRIGHT = re.compile(_OUTRIGHT, re.I)

# Every match holds one of these words: a text without them is not searched.
TRIGGERS = frozenset(
    {
        "disclaimer",
        "purposes",
        "purpose",
        "claims",
        "claim",
        "warranty",
        "warranties",
        "representation",
        "representations",
        "guarantee",
        "guarantees",
        "substitute",
        "replacement",
        "alternative",
        "replace",
        "intended",
        "meant",
        "designed",
        "advice",
        "used",
        "done",
        "followed",
        "performed",
        "carried",
        "guidance",
        "supervision",
        "before",
        "note",
    }
)


def disclaimer_match(
    value: str, words: Iterable[str] | None = None
) -> re.Match[str] | None:
    """Where `value` says it is no substitute for a clinician's advice.
    `words` are its tokens, when the caller has them already."""
    if TRIGGERS.isdisjoint(text.words(value) if words is None else words):
        return None
    return DISCLAIMER.search(value)


def is_disclaimer(paragraph: str) -> bool:
    """A paragraph that is a disclaimer, not one that mentions a doctor in
    passing: labelled as one, or saying it in its first sentence, or in a
    paragraph of at most two sentences, or outright in half its sentences."""
    paragraph = paragraph.strip()
    match = disclaimer_match(paragraph)
    if match is None:
        return False
    sentences = [s for s in segment("en", paragraph) if s.strip()]
    if len(sentences) <= 2 or match.start() < len(sentences[0]):
        return True
    saying = sum(1 for sentence in sentences if OUTRIGHT.search(sentence))
    return saying * 2 >= len(sentences)
