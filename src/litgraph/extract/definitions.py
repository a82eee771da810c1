"""Definitions: sentences that define a vocabulary concept, and whose definition each one is.

A definition belongs to the work that writes it. It is credited to a cited work only when the
sentence says so: 'Brudney and England (1983) define coproduction as ...', '... is defined by
Parks et al. (1981) as ...', 'following Whitaker's (1980) definition', or a quoted definiens
followed by its citation. A citation that merely follows a definition does not move it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
# verbs that define whatever follows 'as'; weak ones ('seen as') need a noun phrase after it
_STRONG_VERB = r"(?:defined|understood|conceptuali[sz]ed|conceived|construed|operationali[sz]ed)"
_WEAK_VERB = r"(?:described|characteri[sz]ed|interpreted|seen|viewed|regarded|framed)"
_HEAD_NOUN = (
    r"(?:process|practice|form|way|mode|approach|concept|term|arrangement|relationship|"
    r"activity|activities|involvement|participation|provision|set|type|model|framework|"
    r"perspective|logic|theory|idea|notion|means|strategy|paradigm|method|mechanism|"
    r"phenomenon|contribution|collaboration|partnership|outcome|result|situation|view|"
    r"premise|system|network|configuration|distinction|regime|combination|offer|promise|"
    r"people|individuals|actors|persons|agents|organi[sz]ations|groups|citizens|users)s?"
)
_NOUN_PHRASE = rf"(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,4}}?{_HEAD_NOUN}\b"
_AFTER_TERM = rf"^{_Q_CLOSE}{_ASIDE}\s*,?\s*"

# Patterns on the text right after the concept mention, the concept being the subject.
_AFTER = [
    re.compile(  # 'is defined as', 'is defined, following X (1983), as'
        rf"{_AFTER_TERM}{_AUX}\s+(?:\w+ly\s+)?{_STRONG_VERB}(?:,.{{1,120}}?,)?\s+(?:here\s+)?as\b"
    ),
    re.compile(
        rf"{_AFTER_TERM}{_AUX}\s+(?:\w+ly\s+)?{_WEAK_VERB}\s+(?:here\s+)?as\s+{_NOUN_PHRASE}"
    ),
    re.compile(rf"{_AFTER_TERM}(?:{_AUX}\s+|as\s+)?(?:\w+ly\s+)?defined\s+(?:by|in)\b"),
    re.compile(rf"^{_Q_CLOSE}{_ASIDE}\s*,\s*(?:defined|conceptuali[sz]ed)\s+(?:here\s+)?as\b"),
    re.compile(  # 'refers to', 'refers in this restatement to', 'refers, in their usage, to'
        rf"{_AFTER_TERM}(?:(?:can be said to|is used to|are used to)\s+)?(?:refers?|referred)"
        r"(?:\s*,[^,]{1,50},|\s+in\s+[\w'’ -]{1,40}?)?\s+to\b"
    ),
    re.compile(rf"{_AFTER_TERM}(?:is|are)\s+used\s+to\s+(?:describe|denote|mean|capture)\b"),
    re.compile(
        rf"{_AFTER_TERM}(?:means|denotes|signifies|designates|names|describes|stands\s+for)\b"
    ),
    re.compile(rf"{_AFTER_TERM}(?:is|are)\s+what\b"),
    re.compile(
        rf"{_AFTER_TERM}(?:is|are)\s+(?:a|an|the)\s+(?:umbrella\s+|generic\s+|collective\s+)?"
        r"(?:term|label|name)\s+for\b"
    ),
    # German: 'X wird (hier) als ... verstanden/definiert', 'X bezeichnet'
    re.compile(
        rf"^{_Q_CLOSE}{_ASIDE}\s*(?:wird|werden)\s+(?:hier\s+|im Folgenden\s+)?"
        r"(?:als\s+.{0,120}?)?(?:definiert|verstanden|bezeichnet)\b"
    ),
    re.compile(rf"^{_Q_CLOSE}{_ASIDE}\s*(?:bezeichnet|meint|beschreibt)\b"),
]
# 'X, by which we mean ...' defines X wherever it stands.
_BY_WHICH = re.compile(rf"{_AFTER_TERM}by\s+which\s+(?:we|I|they|the authors?)\s+mean\b")
# The concept is the subject when nothing but a clause opening comes before it.
_SUBJECT_START = re.compile(
    r"(?:^|[:;—–(]\s*|,\s*|\b(?:that|whereas|while|where|thus|hence|here|therefore|so|"
    r"in other words|in short|in essence|essentially|broadly|put simply|simply put)\b\s*)"
    r"(?:(?:the|a|an)\b\s*)?(?:(?:concept|notion|term|idea)\b(?:\s+of)?)?\s*$",
    re.IGNORECASE,
)
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
        re.compile(rf"\bwhat\s+(?:we|I|they|the authors?)\s+mean\s+by\s+{_Q_OPEN}$", re.I),
        re.compile(rf"^{_Q_CLOSE}\s*,?\s*(?:is|are)\b"),
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
_SUBJECT_VERB = (
    r"(?:is|are)\s+(?:essentially\s+|fundamentally\s+|thus\s+|best\s+seen\s+as\s+)?"
    rf"{_Q_OPEN}{_NOUN_PHRASE}"
)
_SUBJECT_AFTER = re.compile(rf"^{_Q_CLOSE}{_ASIDE}\s*{_SUBJECT_VERB}")

# What a sentence that defines anything contains, whichever pattern above matches it: one of
# these words (in lower case), or the subject pattern's verb and noun phrase. Most sentences
# have neither; they are not searched for concept mentions at all.
_DEFINING_WORDS = (
    *("defin", "underst", "conceptuali", "conceiv", "construed", "operationali", "describ"),
    *("characteri", "interpreted", "seen", "viewed", "regarded", "framed", "refer", "used"),
    *("mean", "denotes", "signifies", "designates", "name", "stands", "what", "term", "label"),
    *("which", "wird", "werden", "bezeichnet", "meint", "beschreibt", "unter", "versteht"),
)
_SUBJECT_VERB_ANYWHERE = re.compile(_SUBJECT_VERB)
# the letters besides the capitals that a case-blind pattern matches to ASCII ones
_ASCII_FOLD = str.maketrans("\u0130\u0131\u017f\u212a", "iisk")


def find_definitions(
    pages: tuple[Page, ...], vocab: Vocabulary, citations: tuple[Citation, ...]
) -> tuple[Definition, ...]:
    """Defining sentences for vocabulary concepts, credited to the work that writes them
    (reference None) unless the sentence gives the definition to a cited work."""
    cited: dict[tuple[int, str], list[Citation]] = {}
    for c in citations:
        if c.page is not None:
            cited.setdefault((c.page, c.sentence), []).append(c)
    out: list[Definition] = []
    seen: set[tuple[str, str]] = set()
    for number, sentence, parts in _sentences(pages):
        text = strip_heading(sentence)
        offset = len(sentence) - len(text)
        cites = [c for part in parts for c in cited.get(part, [])]
        for start, end, key in definition_spans(text, vocab):
            if (key, text) in seen:
                continue
            seen.add((key, text))
            owner = credited_citation(sentence, (start + offset, end + offset), cites)
            out.append(Definition(key, text, number, owner.reference if owner else None))
    return tuple(out)


def _sentences(pages: tuple[Page, ...]) -> Iterator[tuple[int, str, list[tuple[int, str]]]]:
    """(page, sentence, its (page, part) pieces): a sentence a page break cuts ('By
    participative co-production' | 'we mean ...') is joined again, on its first page."""
    pending: tuple[int, str, list[tuple[int, str]]] | None = None
    for page in pages:
        for i, sentence in enumerate(split_sentences(page.text)):
            if pending and i == 0 and sentence[:1].islower():
                number, head, parts = pending
                pending = (number, f"{head} {sentence}", [*parts, (page.number, sentence)])
                continue
            if pending:
                yield pending
            pending = (page.number, sentence, [(page.number, sentence)])
    if pending:
        yield pending


def defined_concepts(sentence: str, vocab: Vocabulary) -> list[str]:
    """Keys of the concepts this sentence defines (usually none, sometimes one)."""
    return list(dict.fromkeys(key for _, _, key in definition_spans(sentence, vocab)))


def definition_spans(sentence: str, vocab: Vocabulary) -> list[tuple[int, int, str]]:
    """(start, end, key) of each concept mention the sentence defines."""
    out: list[tuple[int, int, str]] = []
    if not _may_define(sentence):
        return out
    for start, end, key in find_spans(sentence, vocab):
        # emphasis or quotes around the term (*co-production*, ‘co-production’) don't count
        before = sentence[:start].rstrip("*_'‘“\"")
        after = sentence[end:].lstrip("*_'’”\"")
        if _defines(before, after) and key not in {k for _, _, k in out}:
            out.append((start, end, key))
    return out


def _may_define(sentence: str) -> bool:
    """False when no concept mention in the sentence can pass `_defines`."""
    low = sentence.translate(_ASCII_FOLD).lower()
    return any(w in low for w in _DEFINING_WORDS) or bool(_SUBJECT_VERB_ANYWHERE.search(sentence))


def _defines(before: str, after: str) -> bool:
    if _BY_WHICH.search(after):
        return True
    if _SUBJECT_START.search(before.rstrip()) and any(p.search(after) for p in _AFTER):
        return True
    if any(b.search(before) and a.search(after) for b, a in _AROUND):
        return True
    return bool(_SUBJECT_START.search(before.rstrip()) and _SUBJECT_AFTER.search(after))


# --- headings glued to a sentence -----------------------------------------------------------

_MAX_HEADING_WORDS = 12


def strip_heading(sentence: str) -> str:
    """'A public service-dominant logic Public service-dominant logic (PSDL) is defined ...'
    -> 'Public service-dominant logic (PSDL) is defined ...': a heading without punctuation
    whose last words the sentence after it repeats with a capital letter."""
    words = sentence.split(" ")
    low: list[str] = []  # the words so far in lower case
    for i in range(1, min(_MAX_HEADING_WORDS, len(words) - 1) + 1):
        if words[i - 1][-1:] in ".!?:;,)":  # punctuation in the heading: no heading
            return sentence
        low.append(words[i - 1].lower())
        if not words[i][:1].isupper():
            continue
        rest = [w.lower() for w in words[i : 2 * i]]
        for k in range(min(i, len(words) - i), 0, -1):
            tail = low[-k:]
            if tail == rest[:k] and len(" ".join(tail)) >= 8:
                return " ".join(words[i:])
    return sentence


# --- whose definition -----------------------------------------------------------------------

_DEFINE_BY = re.compile(
    r"\b(?:defined|conceptuali[sz]ed|characteri[sz]ed|described|understood)\s+(?:by|in)\s*\(?$",
    re.IGNORECASE,
)
_DEFINITION_OF = re.compile(
    r"\b(?:definition|conceptuali[sz]ation|formulation)s?\s*(?:(?:of|by|in|from)\s*\(?|\()$",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(
    r"(?:^|[,;:]\s*)(?:following|according\s+to|for|drawing\s+(?:up)?on|building\s+on|adopting)\s+$",
    re.IGNORECASE,
)
_AUTHOR_VERB = re.compile(
    r"^\s*(?:,[^,]{0,80},\s*)?(?:also\s+|first\s+|famously\s+|originally\s+|explicitly\s+)?"
    r"(?:define[sd]?|conceptuali[sz]e[sd]?|characteri[sz]e[sd]?|describe[sd]?|understand|"
    r"understands|understood|see|sees|saw|view|views|viewed|treat|treats|treated|"
    r"refers?\s+to|referred\s+to|use[sd]?\s+the\s+term)\b",
    re.IGNORECASE,
)
_POSSESSIVE_DEFINITION = re.compile(
    r"^\s*(?:(?:classic|original|seminal|well-known|widely\s+used|influential)\s+)?"
    r"(?:definition|conceptuali[sz]ation|formulation)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"(?:“[^“”]{10,}?”|\"[^\"]{10,}?\"|‘[^‘]{10,}?’)\s*\($")


def credited_citation(
    sentence: str, span: tuple[int, int], cites: list[Citation]
) -> Citation | None:
    """The citation the sentence explicitly gives the definition at span to, if any."""
    located = _locate(sentence, cites)
    for cite, start, end in located:
        if _explicit(sentence, span, cite, start, end):
            return cite
    return None


def _explicit(sentence: str, span: tuple[int, int], cite: Citation, start: int, end: int) -> bool:
    before, after = sentence[:start], sentence[end:]
    narrative = cite.text.endswith(")") and "(" in cite.text
    if _DEFINE_BY.search(before) or _DEFINITION_OF.search(before):
        return True  # '... is defined by Parks et al. (1981) as', 'the definition of X (1983)'
    if _QUOTED.search(before) and span[1] <= start:
        return True  # 'co-production is “...” (Brudney & England, 1983, p. 59)'
    if not narrative:
        return False
    if _FOLLOWING.search(before):
        return True  # 'Following (Drawing upon) Brudney and England (1983), co-production is'
    if _POSSESSIVE_DEFINITION.search(after):
        return True  # 'Whitaker's (1980) definition'
    # 'Brudney and England (1983) define coproduction as': the cited authors are the subject
    gap = sentence[end : span[0]]
    return (
        span[0] >= end
        and len(gap) <= 80
        and not re.search(r"[;:.]", gap)
        and bool(_AUTHOR_VERB.search(after))
    )


_YEAR_TAIL = re.compile(r"[\s,(]*(?:1[6-9]\d\d|20\d\d|n\.\s?d\.|forthcoming|in press).*$", re.S)


def _locate(sentence: str, cites: list[Citation]) -> list[tuple[Citation, int, int]]:
    """Each citation with its (start, end) in the sentence, in reading order."""
    out: list[tuple[Citation, int, int]] = []
    for cite in cites:
        start = sentence.find(cite.text)
        if start >= 0:
            out.append((cite, start, start + len(cite.text)))
            continue
        names = _YEAR_TAIL.sub("", cite.text)  # 'Vargo and Lusch (2008)' in '(2004, 2008)'
        start = sentence.find(names) if len(names) >= 3 else -1
        if start < 0:
            continue
        close = sentence.find(")", start + len(names))
        end = close + 1 if cite.text.endswith(")") and close >= 0 else start + len(names)
        out.append((cite, start, end))
    return sorted(out, key=lambda c: c[1])
