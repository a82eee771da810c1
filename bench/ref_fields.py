"""Field-level scores of parsed references against segmented gold (one XML-tagged entry a line).

The gold lines tag each entry's parts: `<author><surname>..</surname>, <given-names>..
</given-names></author>`, `<year>`, `<title>`, `<source>` (journal or book of a chapter),
`<volume>`, `<issue>`, `<fpage>`/`<lpage>`, `<identifier>` (DOI, ISSN ...), `<editor>`,
`<publisher>`, `<other>`, `<url>`.

End-to-end, as GROBID reports it: every gold entry is aligned one-to-one to the extracted entry
whose raw text is closest; a field counts as correct when the aligned pair's normalised values
agree. Precision divides by the extracted entries that have the field, recall by the gold
entries that have it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from litgraph.keys import normalise_doi
from litgraph.lexicon.fold import fold
from litgraph.lexicon.names import family_key
from litgraph.model import Reference

FIELDS = ("authors", "title", "year", "container", "volume", "pages", "doi")
_DOI = re.compile(r"10\.\d{4,9}/\s*\S+")


@dataclass(frozen=True)
class GoldEntry:
    raw: str
    values: dict[str, str]


@dataclass
class FieldCounts:
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, other: FieldCounts) -> None:
        for f in FIELDS:
            self.correct[f] += other.correct[f]
            self.found[f] += other.found[f]
            self.gold[f] += other.gold[f]

    def scores(self) -> dict[str, dict[str, float]]:
        out = {}
        for f in FIELDS:
            c, n, g = self.correct[f], self.found[f], self.gold[f]
            p = c / n if n else 0.0
            r = c / g if g else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            out[f] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "gold": g}
        return out


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d+", text))


def _authors(families: Iterable[str]) -> str:
    return "|".join(k for k in (family_key(f.strip(" ,.;:")) for f in families) if k)


def read_gold(path: Path) -> list[GoldEntry]:
    """One GoldEntry per line of a segmented XML file."""
    return [_entry(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _entry(line: str) -> GoldEntry:
    try:
        root = ET.fromstring(f"<r>{line.replace('&', '&amp;')}</r>")
    except ET.ParseError:
        return GoldEntry(re.sub(r"<[^>]+>", "", line), {})
    raw = "".join(root.itertext())
    families: list[str] = []
    for author in root.iter("author"):
        surname = author.findtext("surname")
        if surname and surname.strip():
            families.append(surname)
    first = {tag: (root.findtext(tag) or "").strip() for tag in ("title", "source", "volume")}
    fpage = _digits(root.findtext("fpage") or "")
    lpage = _digits(root.findtext("lpage") or "")
    doi = ""
    for tag in ("identifier", "url"):
        for el in root.iter(tag):
            m = _DOI.search("".join(el.itertext()))
            if m and not doi:
                doi = normalise_doi(m.group(0).replace(" ", "")) or ""
    values = {
        "authors": _authors(families),
        "title": fold(first["title"]),
        "year": (re.findall(r"\d{4}", root.findtext("year") or "") or [""])[0],
        "container": fold(first["source"]),
        "volume": _digits(first["volume"]),
        "pages": f"{fpage}-{lpage}" if fpage and lpage else fpage,
        "doi": doi,
    }
    return GoldEntry(raw, {k: v for k, v in values.items() if v})


def ref_values(ref: Reference) -> dict[str, str]:
    """The comparable values of one extracted reference."""
    pages = ""
    if ref.pages:
        nums = re.findall(r"\d+", ref.pages)
        pages = "-".join(nums[:2])
    values = {
        "authors": _authors(a.family for a in ref.authors),
        "title": fold(ref.title or ""),
        "year": str(ref.year) if ref.year else "",
        "container": fold(ref.container or ""),
        "volume": _digits(ref.volume or ""),
        "pages": pages,
        "doi": normalise_doi(ref.doi) or "" if ref.doi else "",
    }
    return {k: v for k, v in values.items() if v}


def _same(name: str, a: str, b: str) -> bool:
    if name in ("title", "container"):  # a stray character or word ending does not count
        return a == b or fuzz.ratio(a, b) >= 90
    return a == b


def align(gold: list[GoldEntry], refs: tuple[Reference, ...]) -> list[tuple[int, int]]:
    """Greedy one-to-one alignment by similarity of the raw texts (score >= 60)."""
    folded = [fold(r.raw) for r in refs]
    scored = []
    for gi, g in enumerate(gold):
        fg = fold(g.raw)
        for ri, fr in enumerate(folded):
            s = fuzz.ratio(fg, fr)
            if s >= 60:
                scored.append((s, gi, ri))
    scored.sort(reverse=True)
    used_g: set[int] = set()
    used_r: set[int] = set()
    pairs = []
    for _, gi, ri in scored:
        if gi in used_g or ri in used_r:
            continue
        used_g.add(gi)
        used_r.add(ri)
        pairs.append((gi, ri))
    return pairs


def score_file(gold: list[GoldEntry], refs: tuple[Reference, ...]) -> FieldCounts:
    counts = FieldCounts()
    ours = [ref_values(r) for r in refs]
    for f in FIELDS:
        counts.gold[f] = sum(1 for g in gold if f in g.values)
        counts.found[f] = sum(1 for v in ours if f in v)
    for gi, ri in align(gold, refs):
        g, o = gold[gi].values, ours[ri]
        for f in FIELDS:
            if f in g and f in o and _same(f, g[f], o[f]):
                counts.correct[f] += 1
    return counts


def misses(gold: list[GoldEntry], refs: tuple[Reference, ...], name: str) -> list[str]:
    """'gold | ours' lines for aligned entries whose field `name` differs."""
    ours = [ref_values(r) for r in refs]
    out = []
    for gi, ri in align(gold, refs):
        g, o = gold[gi].values.get(name, ""), ours[ri].get(name, "")
        if (g or o) and not (g and o and _same(name, g, o)):
            out.append(f"gold {g[:60]!r} | ours {o[:60]!r} | {refs[ri].raw[:100]}")
    return out
