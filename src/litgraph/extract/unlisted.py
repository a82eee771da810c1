"""Works cited in the text but missing from the reference list (or with no list at all).

An abstract or a blog post cites "Osborne et al. (2013)" without a reference list; a paper
cites works its list forgot. Such author-year citations (written with parentheses, so they are
precise) become incomplete references (`u1`, `u2`, ...: authors and year, no title) that the
resolver can join to a complete entry elsewhere. This runs at build time on the extracted
Document; the `extract --json` record keeps the document's own reference list only.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon.names import family_key, family_part
from ..model import Citation, Document, Person, Reference
from .citations import author_year_citations

_CUT_NAME = re.compile(r"(?:&|\band|\bund)\s+[^\W\d][\w'’-]*\s*$")


def with_unlisted_references(doc: Document) -> Document:
    """The document plus incomplete references for its unlinked author-year citations."""
    made: dict[tuple[str, int, str], Reference] = {}
    citations: list[Citation] = []
    linked: dict[tuple[str, str], str] = {}  # (sentence, citation text) -> new reference id
    for c in doc.citations:
        ref = None if c.reference else _reference_for(c, made)
        citations.append(replace(c, reference=ref.id) if ref else c)
        if ref:
            linked[(c.sentence, c.text)] = ref.id
    if not made:
        return doc
    attributions = tuple(
        replace(a, reference=linked.get((a.sentence, a.text))) if a.reference is None else a
        for a in doc.attributions
    )
    return replace(
        doc,
        references=doc.references + tuple(made.values()),
        citations=tuple(citations),
        attributions=attributions,
    )


def _reference_for(c: Citation, made: dict[tuple[str, int, str], Reference]) -> Reference | None:
    cite = next(
        (
            x
            for x in author_year_citations(c.sentence)
            if x.text == c.text or x.text.endswith(" " + c.text)
        ),
        None,
    )
    if cite is None or cite.bare or cite.year is None or not cite.names:
        return None
    names = cite.names
    if cite.text != c.text:  # 'Elinor Ostrom (1990)' cited as 'Ostrom (1990)'
        names = (family_part(names[0]), *names[1:])
    if any(n.upper().startswith("XX") for n in cite.names):  # anonymised self-citations
        return None
    at = c.sentence.find(c.text)
    if at > 0 and _CUT_NAME.search(c.sentence[max(0, at - 40) : at]):
        return None  # 'Plé & Chumpitaz Cáceres (2010)' read as 'Cáceres (2010)': a partial name
    key = (family_key(names[0]), cite.year, cite.suffix)
    if key not in made:
        authors = tuple(Person(n) for n in names)
        made[key] = Reference(
            id=f"u{len(made) + 1}", raw=c.text, authors=authors, year=cite.year,
            year_suffix=cite.suffix,
        )  # fmt: skip
    return made[key]
