"""A seeded synthetic library of text papers shaped like a real field, for scale benchmarks.

    python bench/scale_corpus.py OUT_DIR --papers 1000 [--seed 7]

Each paper is a markdown file like the demo corpus's digests: a title, a byline with its year,
an abstract, body paragraphs whose sentences use the vocabulary's concepts and cite works
(narrative 'Family (Year)', parenthetical '(Family et al., Year)', some crediting a concept to
the work cited), and an APA-style reference list. The works cited come from a shared pool
with Zipf-like popularity (a few classics cited by most papers, a long tail cited once), and
each reference is written with the spelling variants real lists have (a typo in the title,
initials missing, '&' or 'and', a DOI given or not, title case changed). About one paper in
five also cites earlier papers of the library itself. Everything is invented: families,
words and titles are drawn from the lists below.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FAMILIES = _words(
    "Abbot Birch Calder Dunmore Ellery Fairlie Garrow Hartley Jessop Lomax Nettle Orwin "
    "Pellow Quarry Rendle Sayer Tansley Umber Varley Wexham Yarrow Ashdown Brierley Cobham "
    "Darrow Emsley Fenwick Gilmour Hollins Inchley Jarrold Kettley Lindley Marlow Northey "
    "Oakden Pickles Redfern Staveley Thurlow Upton Vickers Wadley Yeadon Alderton Bramley "
    "Cawley Dearden Eckersley Fothergill Greaves Heseltine Illingworth Kershaw Lumb Mossop"
)
PARTICLES = ("van der", "de", "von", "van")
GIVEN = "ABCDEFGHJKLMNPRSTW"
WORDS = _words(
    "public services citizens users co-design councils neighbourhood care schools trust "
    "participation volunteers budgets accountability networks governance reform outcomes "
    "professionals communities housing health transport libraries welfare innovation "
    "collaboration partnerships performance legitimacy engagement markets management"
)
VENUES = (
    "Public Administration Review",
    "Public Management Review",
    "Journal of Service Research",
    "Voluntas",
    "Policy Studies Journal",
    "Public Administration",
    "Local Government Studies",
    "International Review of Administrative Sciences",
    "Public Money & Management",
)
CONCEPTS = (
    "co-production",
    "value co-creation",
    "service-dominant logic",
    "public value",
    "New Public Management",
    "co-design",
    "citizen participation",
    "public service logic",
    "value co-destruction",
    "network governance",
)
FILLER = (
    "local agencies",
    "frontline staff",
    "service users",
    "community groups",
    "the state",
    "citizens",
    "public managers",
    "volunteers",
    "service professionals",
    "neighbourhoods",
)


@dataclass(frozen=True)
class Work:
    authors: tuple[tuple[str, str], ...]  # (family, initials)
    year: int
    title: str
    venue: str
    volume: int
    pages: tuple[int, int]
    doi: str | None


def _family(rnd: random.Random) -> str:
    name = rnd.choice(FAMILIES)
    if rnd.random() < 0.06:
        name = f"{rnd.choice(PARTICLES)} {name}"
    if rnd.random() < 0.04:
        name = f"{name}-{rnd.choice(FAMILIES)}"
    return name


def _title(rnd: random.Random) -> str:
    words = rnd.sample(WORDS, rnd.randint(4, 8))
    if rnd.random() < 0.5:
        words[rnd.randrange(len(words))] = rnd.choice(CONCEPTS)
    head = " ".join(words).capitalize()
    if rnd.random() < 0.4:
        return f"{head}: {' '.join(rnd.sample(WORDS, 3))}"
    return head


def _work(rnd: random.Random, year: int, i: int) -> Work:
    n = rnd.choices((1, 2, 3, 4, 6), weights=(30, 35, 20, 10, 5))[0]
    authors = tuple(
        (_family(rnd), "".join(rnd.sample(GIVEN, rnd.choice((1, 1, 2))))) for _ in range(n)
    )
    start = rnd.randint(1, 900)
    doi = f"10.{4000 + i % 900}/syn.{i}" if rnd.random() < 0.55 else None
    return Work(authors, year, _title(rnd), rnd.choice(VENUES), rnd.randint(1, 80),
                (start, start + rnd.randint(8, 30)), doi)  # fmt: skip


def _typo(rnd: random.Random, text: str) -> str:
    i = rnd.randrange(1, max(2, len(text) - 1))
    if text[i].isalpha():
        return text[:i] + text[i] + text[i:]  # a doubled letter
    return text


def _initials(ini: str) -> str:
    return " ".join(f"{c}." for c in ini)


def reference(rnd: random.Random, w: Work) -> str:
    """One APA-style entry for `w`, with the variants real reference lists show."""
    names = [f"{fam}, {_initials(ini)}" for fam, ini in w.authors]
    if rnd.random() < 0.05:  # initials left out by a careless list
        names = [fam for fam, _ in w.authors]
    if len(names) == 1:
        who = names[0]
    else:
        amp = "&" if rnd.random() < 0.8 else "and"
        who = ", ".join(names[:-1]) + f", {amp} {names[-1]}"
    title = w.title
    if rnd.random() < 0.05:
        title = _typo(rnd, title)
    if rnd.random() < 0.1:
        title = title.title()
    entry = f"{who} ({w.year}). {title}. {w.venue}, {w.volume}, {w.pages[0]}-{w.pages[1]}."
    if w.doi and rnd.random() < 0.7:
        entry += f" https://doi.org/{w.doi}"
    return entry


def citation(rnd: random.Random, w: Work, narrative: bool) -> str:
    fams = [fam for fam, _ in w.authors]
    if len(fams) == 1:
        who = fams[0]
    elif len(fams) == 2:
        who = f"{fams[0]} and {fams[1]}" if narrative else f"{fams[0]} & {fams[1]}"
    else:
        who = f"{fams[0]} et al."
    return f"{who} ({w.year})" if narrative else f"({who}, {w.year})"


def _sentence(rnd: random.Random, cited: list[Work]) -> str:
    concept = rnd.choice(CONCEPTS)
    a, b = rnd.sample(FILLER, 2)
    if not cited:
        return f"Studies of {concept} show how {a} work with {b}."
    w = cited[0]
    form = rnd.random()
    if form < 0.25:
        return f"The notion of {concept} was introduced by {citation(rnd, w, True)}."
    if form < 0.5:
        return f"{citation(rnd, w, True)} argue that {concept} depends on {a} and {b}."
    cites = "; ".join(citation(rnd, c, False)[1:-1] for c in cited)
    return f"Research on {concept} links {a} and {b} ({cites})."


def paper(rnd: random.Random, w: Work, cited: list[Work]) -> str:
    byline = ", ".join(f"{'. '.join(ini)}. {fam}" for fam, ini in w.authors[:-1]) + (
        " and " if len(w.authors) > 1 else ""
    )
    fam, ini = w.authors[-1]
    byline += f"{'. '.join(ini)}. {fam}"
    body = []
    order = list(cited)
    rnd.shuffle(order)
    while order:
        take = order[: rnd.choice((1, 1, 2, 3))]
        order = order[len(take) :]
        body.append(_sentence(rnd, take))
    paras = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    refs = sorted({reference(rnd, c) for c in cited})
    return "\n\n".join([
        f"# {w.title}", f"{byline} ({w.year})",
        "## Abstract", _sentence(rnd, []) + " " + _sentence(rnd, []),
        "## Introduction", *paras, "## References", "\n".join(refs),
    ]) + "\n"  # fmt: skip


def _pool(rnd: random.Random, papers: int) -> list[Work]:
    """The works the library cites, most popular first."""
    return [_work(rnd, rnd.randint(1960, 2015), i) for i in range(max(200, papers * 3))]


def generate(out: Path, papers: int, seed: int = 7, refs: int = 20) -> list[Path]:
    """Write `papers` markdown files into `out` (paper00001.md ...); the same seed gives the
    same files."""
    rnd = random.Random(seed)
    pool = _pool(rnd, papers)
    pool_size = len(pool)
    # cumulative once: `choices` would sum every weight again for each paper (quadratic)
    cum = list(accumulate(1 / (rank + 1) ** 1.1 for rank in range(pool_size)))
    own = [_work(rnd, 1995 + (25 * i) // max(1, papers), pool_size + i) for i in range(papers)]
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i, w in enumerate(own):
        chosen = {id(c): c for c in rnd.choices(pool, cum_weights=cum, k=refs)}
        if i > 10 and rnd.random() < 0.2:  # the library's own earlier papers
            for c in rnd.sample(own[:i], 2):
                chosen[id(c)] = c
        cited = [c for c in chosen.values() if c.year <= w.year]
        path = out / f"paper{i + 1:05d}.md"
        path.write_text(paper(rnd, w, cited), encoding="utf-8")
        files.append(path)
    return files


def extra_paper(path: Path, papers: int, seed: int = 7, variant: int = 0) -> Path:
    """One more paper for a library made by `generate(_, papers, seed)`: it cites the pool's
    most popular works and a few of its rare ones (add/change/delete measurements);
    `variant` changes its text."""
    pool = _pool(random.Random(seed), papers)
    rnd = random.Random(seed * 1000 + variant)
    w = _work(random.Random(seed + 1), 2024, len(pool) + papers + 1)
    path.write_text(paper(rnd, w, pool[:12] + pool[-5:]), encoding="utf-8")
    return path


def most_cited(store: Any, field: str = "family", n: int = 2) -> list[str]:
    """The `field` ('family' or 'key') of the n authors whose works are cited most in a built
    library: the names the benchmarks ask their questions about."""
    rows = store.query(
        "MATCH (a:Author)-[:AUTHORED]->(w:Work)<-[c:CITES]-() "
        f"RETURN a.{field} AS v, count(c) AS n ORDER BY n DESC, v LIMIT {n}"
    )
    return [r["v"] for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--papers", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    files = generate(a.out, a.papers, a.seed)
    print(f"{len(files)} papers written to {a.out}")


if __name__ == "__main__":
    main()
