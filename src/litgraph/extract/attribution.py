"""Which cited work a citing sentence credits with a concept: attribution by scope.

A sentence such as "They relate their typology to service-dominant logic (Vargo & Lusch,
2008), to the SERVICE framework (Osborne et al., 2015) and trace it back to Ostrom (1972)"
credits service-dominant logic to Vargo & Lusch and the SERVICE framework to Osborne et al.,
and nothing to Ostrom. A concept is attributed only to the citation group in its own scope:

1. `coined`: the sentence says the cited work introduced the term ("coined by X (1972)",
   "X (1972) introduced the concept of co-production", "X (1972) first used ...").
2. `explicit`: one author's citation stands right after the term ("co-production (Ostrom,
   1972)", "(Vargo & Lusch, 2004, 2008)"; a list of several authors is `scope`), or the
   sentence names the work's own concept or definition ("X's (1972) notion of ...", "X
   (1972) defines co-production as ...", "co-production, as defined by X (1972)").
3. `scope`: the first citation group after the term in the same clause (the group that closes
   the clause), else the narrative citation that is the subject of the clause before it.
Anything else is co-occurrence and credits nothing. Clauses end at `;`, `:`, dashes and at a
comma before a conjunction or relative pronoun.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..lexicon.years import SUFFIX, YEAR
from ..model import Attribution, Citation, Page
from .concepts import Vocabulary, find_spans

# Right after the term and before the group: nothing but quotes, emphasis or a comma.
_ADJACENT = re.compile(r"^[\s'’”\"*_]*,?\s*$")
# Between the term and a following narrative group: "coined by", "introduced by", ...
_FILLER = r"(?:[^,;:()]{0,40}?\s)?"  # 'in policing ', 'for public services '
_COINED_BY = re.compile(
    rf"^[\s'’”\"*_]*,?\s*(?:(?:which|that|a term|the term)\s+)?{_FILLER}(?:(?:is|was|were|"
    r"had been|has been|have been)\s+)?(?:(?:first|originally)\s+(?:coined|introduced|"
    r"proposed|invented|termed|named|put forward|pioneered|used|described|discussed|"
    r"identified|defined)|coined|introduced|proposed|invented|termed|named|put forward|"
    r"pioneered)\s+(?:\w+\s+)?(?:by|in)\s+$",
    re.IGNORECASE,
)
_DEFINED_BY = re.compile(
    rf"^[\s'’”\"*_]*,?\s*(?:(?:as|which|that)\s+)?{_FILLER}(?:(?:is|was|were|has been|have "
    r"been)\s+)?"
    r"(?:\w+ly\s+)?(?:defined|conceptuali[sz]ed|described|characteri[sz]ed|understood|"
    r"developed|theori[sz]ed|formulated)\s+(?:\w+\s+)?(?:by|in)\s+$",
    re.IGNORECASE,
)
# Between a narrative group and the term after it.
_COINS = re.compile(
    r"^\s*(?:,\s*[^,]{0,40},\s*)?(?:first\s+|originally\s+)?(?:coined|coins|introduced|"
    r"introduces|proposed|proposes|invented|pioneered|first\s+used)\s+(?:the\s+)?"
    r"(?:(?:term|concept|notion|idea|label|phrase|expression)\s+(?:of\s+)?)?['‘“\"*_]*$",
    re.IGNORECASE,
)
_DEFINES = re.compile(
    r"^\s*(?:,\s*[^,]{0,40},\s*)?(?:\w+ly\s+)?(?:defined?s?|conceptuali[sz]e[sd]?|describes?|"
    r"described|characteri[sz]e[sd]?|develop(?:s|ed)?|theori[sz]e[sd]?|formulated?s?|"
    r"distinguish(?:es|ed)?|sets?\s+out|outlined?s?|elaborated?s?)\s+(?:the\s+|their\s+|his\s+|"
    r"her\s+|a\s+|an\s+)?(?:(?:term|concept|notion|idea|account|typology|model|framework|"
    r"definition|forms?|types?)\s+(?:of\s+)?)?['‘“\"*_]*$",
    re.IGNORECASE,
)
_POSSESSIVE_OF = re.compile(
    r"^\s*(?:(?:original|influential|classic|seminal|early|own)\s+)?(?:term|concept|notion|"
    r"idea|account|definition|typology|model|framework|understanding|version|formulation)"
    r"\s+of\s+['‘“\"*_]*$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s?\s*(?:\(|$)")
# years, suffixes and page numbers: what tells one author's citations apart
_YEARS = re.compile(rf"(?:{YEAR}){SUFFIX}?|n\.\s?d\.|[,;:]?\s*(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?")
# Clause boundaries (outside citation groups).
_CLAUSE_END = re.compile(
    r"\s*[;:]\s*|\s+[–—-]{1,2}\s+|,\s+(?=(?:and|but|while|whilst|whereas|although|though|yet|"
    r"which|who|where|so)\b)|\s+(?=(?:whereas|while|whilst|although)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    form: str  # narrative | parenthetical | bare | numbered
    citations: tuple[Citation, ...]

    @property
    def narrative(self) -> bool:
        return self.form in ("narrative", "bare")


def find_attributions(
    citations: Iterable[Citation], vocab: Vocabulary, pages: tuple[Page, ...] = ()
) -> tuple[Attribution, ...]:
    """The concepts each citing sentence credits to its citations (see the module text)."""
    by_sentence: dict[tuple[int | None, str], list[Citation]] = defaultdict(list)
    for c in citations:
        if c.start >= 0:
            by_sentence[(c.page, c.sentence)].append(c)
    out: list[Attribution] = []
    seen: set[tuple[str | None, str, str, str]] = set()
    for (page, sentence), cites in by_sentence.items():
        for a in sentence_attributions(sentence, cites, vocab, page):
            key = (a.reference or a.text, a.concept, a.sentence, a.kind)
            if key not in seen:
                seen.add(key)
                out.append(a)
    return tuple(out)


def sentence_attributions(
    sentence: str, citations: list[Citation], vocab: Vocabulary, page: int | None = None
) -> list[Attribution]:
    groups = _groups(citations)
    if not groups:
        return []
    bounds = _clauses(sentence, groups)
    out: list[Attribution] = []
    for start, end, key in find_spans(sentence, vocab):
        if any(g.start <= start < g.end for g in groups):
            continue  # a term inside a citation (a title in brackets) is not a use
        found = _scope(sentence, start, end, groups, bounds)
        if found is None:
            continue
        group, kind = found
        out.extend(
            Attribution(c.reference, key, kind, c.text, sentence, page) for c in group.citations
        )
    return out


def _who(text: str) -> str:
    """'Vargo & Lusch, 2004' and 'Vargo & Lusch, 2008' -> the same authors."""
    return _YEARS.sub("", text).strip(" ,;()").lower()


def _groups(citations: list[Citation]) -> list[_Group]:
    spans: dict[tuple[int, int], list[Citation]] = defaultdict(list)
    forms: dict[tuple[int, int], str] = {}
    for c in citations:
        spans[(c.start, c.end)].append(c)
        forms[(c.start, c.end)] = c.form
    return [_Group(s, e, forms[(s, e)], tuple(cs)) for (s, e), cs in sorted(spans.items())]


def _clauses(sentence: str, groups: list[_Group]) -> list[int]:
    """Positions where a clause ends (boundaries inside citation groups do not count)."""
    inside = [(g.start, g.end) for g in groups]
    return [
        m.start()
        for m in _CLAUSE_END.finditer(sentence)
        if not any(s <= m.start() < e for s, e in inside)
    ]


def _scope(
    sentence: str, start: int, end: int, groups: list[_Group], bounds: list[int]
) -> tuple[_Group, str] | None:
    lo = max((b for b in bounds if b < start), default=0)
    hi = min((b for b in bounds if b >= end), default=len(sentence))
    after = [g for g in groups if g.start >= end]
    before = [g for g in groups if g.end <= start]
    if after:
        g = after[0]
        gap = sentence[end : g.start]
        if g.narrative and _COINED_BY.match(gap):
            return g, "coined"
        if g.narrative and _DEFINED_BY.match(gap):
            return g, "explicit"
        if not g.narrative and _ADJACENT.match(gap):
            # one work right after the term is credited with it; a list of several
            # ('co-production (A, 1981; B, 1983; C, 2006)') only points to where it is used
            return g, "explicit" if len({_who(c.text) for c in g.citations}) == 1 else "scope"
    if before:
        g = before[-1]
        gap = sentence[g.end : start]
        if g.narrative and g.start >= lo:
            if _COINS.match(gap):
                return g, "coined"
            if _DEFINES.match(gap) or (
                _POSSESSIVE_OF.match(gap) and _POSSESSIVE.search(sentence[g.start : g.end])
            ):
                return g, "explicit"
    closing = [g for g in after if g.start < hi]
    if closing:
        return closing[0], "scope"
    subjects = [g for g in before if g.narrative and g.start >= lo]
    if subjects:
        return subjects[-1], "scope"
    return None
