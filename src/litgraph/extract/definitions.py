"""Definitions: sentences that define a vocabulary concept, attributed to a cited work."""

from __future__ import annotations

import re

from litgraph.extract.citations import split_sentences
from litgraph.extract.concepts import Vocabulary, find_spans
from litgraph.model import Citation, Definition, Page

_Q_OPEN = r"['‘“„\"]?"
_Q_CLOSE = r"['’”“\"]?"
_ASIDE = r"(?:\s*\([^()]{0,100}\))?"  # '(PSDL)' or '(Ostrom 1972)' after the term
_AUX = (
    r"(?:is|are|was|were|can be|could be|may be|might be|has been|have been|will be|"
    r"should be|is often|is usually|is generally|is here|are here)"
)
_VERB = (
    r"(?:defined|understood|conceptuali[sz]ed|described|characteri[sz]ed|conceived|construed|"
    r"interpreted|operationali[sz]ed|seen|viewed|regarded|framed)"
)
_HEAD_NOUN = (
    r"(?:process|practice|form|way|mode|approach|concept|term|arrangement|relationship|"
    r"activity|activities|involvement|participation|provision|set|type|model|framework|"
    r"perspective|logic|theory|idea|notion|means|strategy|paradigm|method|mechanism|"
    r"phenomenon|contribution|collaboration|partnership|outcome|result|situation)"
)

# Patterns on the text right after the concept mention.
_AFTER = [
    re.compile(rf"^{_Q_CLOSE}{_ASIDE}\s*,?\s*{_AUX}\s+(?:\w+ly\s+)?{_VERB}\s+(?:here\s+)?as\b"),
    re.compile(rf"^{_Q_CLOSE}{_ASIDE}\s*,?\s*(?:{_AUX}\s+)?(?:\w+ly\s+)?defined\s+(?:by|in)\b"),
    re.compile(
        rf"^{_Q_CLOSE}{_ASIDE}\s*,\s*(?:defined|understood|conceptuali[sz]ed)\s+(?:here\s+)?as\b"
    ),
    re.compile(
        rf"^{_Q_CLOSE}{_ASIDE}\s*,?\s*(?:(?:can be said to|is used to|are used to)\s+)?"
        r"(?:refers?|referred)\s+to\b"
    ),
    re.compile(
        rf"^{_Q_CLOSE}{_ASIDE}\s*,?\s*(?:is|are)\s+used\s+to\s+(?:describe|denote|mean|capture)\b"
    ),
    re.compile(rf"^{_Q_CLOSE}{_ASIDE}\s*,?\s*(?:means|denotes|signifies|designates)\b"),
    # German: 'X wird (hier) als ... verstanden/definiert', 'X bezeichnet'
    re.compile(
        rf"^{_Q_CLOSE}{_ASIDE}\s*(?:wird|werden)\s+(?:hier\s+|im Folgenden\s+)?"
        r"(?:als\s+.{0,120}?)?(?:definiert|verstanden|bezeichnet)\b"
    ),
    re.compile(rf"^{_Q_CLOSE}{_ASIDE}\s*(?:bezeichnet|meint|beschreibt)\b"),
]
# (before, after) pairs around the mention.
_AROUND = [
    (
        re.compile(
            r"\b(?:define[sd]?|defining|conceptuali[sz]e[sd]?|conceptuali[sz]ing|understands?|"
            r"describes?|described|characteri[sz]e[sd]?)\s+(?:the\s+(?:concept|notion|term)\s+"
            rf"(?:of\s+)?)?{_Q_OPEN}$",
            re.IGNORECASE,
        ),
        re.compile(rf"^{_Q_CLOSE}{_ASIDE}\s*,?\s*as\b"),
    ),
    (
        re.compile(rf"\bby\s+{_Q_OPEN}$", re.IGNORECASE),
        re.compile(rf"^{_Q_CLOSE}\s*,?\s*(?:we|I|they|the authors?)\s+(?:mean|refer to)\b"),
    ),
    (
        re.compile(
            rf"\b(?:unter|versteht\s+man\s+unter)\s+(?:dem\s+Begriff\s+)?(?:der\s+|dem\s+)?"
            rf"{_Q_OPEN}$",
            re.IGNORECASE,
        ),
        re.compile(rf"^{_Q_CLOSE}\s*(?:,\s*)?(?:versteht|verstehen|wird|werden|ist|sind)\b"),
    ),
]
# 'Co-production is a process in which ...' with the concept as the sentence subject.
_SUBJECT_BEFORE = re.compile(
    r"^(?:(?:thus|hence|here|in this (?:sense|paper|article|chapter|view)|in other words|"
    r"simply put|put simply|in short|broadly|essentially|in essence)\s*,?\s*)?"
    rf"(?:the\s+)?(?:(?:concept|notion|term|idea)\s+(?:of\s+)?)?{_Q_OPEN}$",
    re.IGNORECASE,
)
_SUBJECT_AFTER = re.compile(
    rf"^{_Q_CLOSE}{_ASIDE}\s*(?:is|are)\s+(?:essentially\s+|fundamentally\s+|thus\s+|best\s+"
    rf"seen\s+as\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}?{_HEAD_NOUN}\b"
)


def find_definitions(
    pages: tuple[Page, ...], vocab: Vocabulary, citations: tuple[Citation, ...]
) -> tuple[Definition, ...]:
    """Defining sentences for vocabulary concepts, attributed to a citation in the sentence."""
    cited: dict[tuple[int, str], str] = {}
    for c in citations:
        if c.reference is not None and c.page is not None:
            cited.setdefault((c.page, c.sentence), c.reference)
    out: list[Definition] = []
    seen: set[tuple[str, str]] = set()
    for page in pages:
        for sentence in split_sentences(page.text):
            for key in defined_concepts(sentence, vocab):
                if (key, sentence) in seen:
                    continue
                seen.add((key, sentence))
                ref = cited.get((page.number, sentence))
                out.append(Definition(key, sentence, page.number, ref))
    return tuple(out)


def defined_concepts(sentence: str, vocab: Vocabulary) -> list[str]:
    """Keys of the concepts this sentence defines (usually none, sometimes one)."""
    keys: list[str] = []
    for start, end, key in find_spans(sentence, vocab):
        # emphasis or quotes around the term (*co-production*, ‘co-production’) don't count
        before = sentence[:start].rstrip("*_'‘“\"")
        after = sentence[end:].lstrip("*_'’”\"")
        if _defines(before, after) and key not in keys:
            keys.append(key)
    return keys


def _defines(before: str, after: str) -> bool:
    if any(p.search(after) for p in _AFTER):
        return True
    if any(b.search(before) and a.search(after) for b, a in _AROUND):
        return True
    return bool(_SUBJECT_BEFORE.search(before.strip()) and _SUBJECT_AFTER.search(after))
