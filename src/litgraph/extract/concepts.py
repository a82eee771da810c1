"""Domain concepts: a shipped vocabulary (TOML) matched in text, plus mined key phrases."""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from litgraph.errors import ConfigError
from litgraph.keys import concept_key
from litgraph.model import ConceptHit, Page
from litgraph.sources.pdf import heading_flags

_SEP = r"(?:\s*[-‐‑–]\s*|\s+)?"  # 'co-production', 'co production', 'coproduction'


@dataclass(frozen=True)
class ConceptLink:
    """A relation from one concept to another: a renaming, or a distinction people blur."""

    concept: str  # key of the other concept
    year: int | None = None  # when the change was made
    source: str = ""  # the work that made it, as 'Family Year' ('Osborne 2018')
    note: str = ""


@dataclass(frozen=True)
class Concept:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()  # matched case-sensitively
    broader: tuple[str, ...] = ()
    description: str = ""
    succeeded_by: tuple[ConceptLink, ...] = ()  # renamed to, or replaced by, these concepts
    distinct_from: tuple[ConceptLink, ...] = ()  # homonyms, rivals, contrasted neighbours


_Matcher = tuple[str, int, tuple[str, ...], re.Pattern[str], frozenset[str]]
_WORDS = re.compile(r"\w+")
_HEAD = re.compile(r"\w{1,3}")


@dataclass
class Vocabulary:
    """Concepts by key, with compiled matchers."""

    concepts: dict[str, Concept]
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)
    _exact: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _matchers: list[_Matcher] | None = field(default=None, repr=False)
    _heads: tuple[dict[str, list[int]], list[int]] | None = field(default=None, repr=False)
    _pieces: frozenset[str] | None = field(default=None, repr=False)

    def pattern(self, key: str) -> re.Pattern[str]:
        if key not in self._patterns:
            self._patterns[key] = _compile(self.concepts[key])
        return self._patterns[key]

    def matchers(self) -> list[_Matcher]:
        """Per concept: its key, what every match of it contains (an alias's first word in
        lower case, or an acronym as written), its regex and its names as written."""
        if self._matchers is None:
            self._matchers = []
            for key, c in self.concepts.items():
                firsts = {w[0].lower() for w in map(_alias_words, c.aliases) if w}
                needles = (*sorted(firsts, key=len, reverse=True), *c.acronyms)
                self._matchers.append(
                    (key, len(firsts), needles, self.pattern(key), self.exact(key))
                )
        return self._matchers

    def heads(self) -> tuple[dict[str, list[int]], list[int]]:
        """The matchers by the first (up to three) letters of their names, in lower case;
        and those with a name that does not begin with a letter or digit (always tried)."""
        if self._heads is None:
            by_head: dict[str, list[int]] = defaultdict(list)
            always: list[int] = []
            for i, (_, _, needles, _, _) in enumerate(self.matchers()):
                heads = [_HEAD.match(n.lower()) for n in needles]
                if not all(heads):  # a name beginning with punctuation
                    always.append(i)
                    continue
                for head in {h.group() for h in heads if h}:
                    by_head[head].append(i)
            self._heads = (dict(by_head), always)
        return self._heads

    def term_pieces(self) -> frozenset[str]:
        """Every run of two or more words inside a label, alias or acronym (lower case,
        singular)."""
        if self._pieces is None:
            self._pieces = _term_pieces(self.concepts)
        return self._pieces

    def exact(self, key: str) -> frozenset[str]:
        """Folded names of a concept as written (no added plural ending, no wildcard)."""
        if key not in self._exact:
            c = self.concepts[key]
            self._exact[key] = frozenset(concept_key(n) for n in (*c.aliases, *c.acronyms))
        return self._exact[key]

    def lookup(self, text: str) -> Concept | None:
        """The concept whose key, label, alias or acronym folds to the same key as text."""
        want = concept_key(text)
        for c in self.concepts.values():
            names = (c.key, c.label, *c.aliases, *c.acronyms)
            if any(concept_key(n.rstrip("*")) == want for n in names):
                return c
        return None

    def successions(self) -> list[tuple[str, ConceptLink]]:
        """(older concept key, link to its successor) for every renaming, oldest first."""
        pairs = [(k, s) for k, c in self.concepts.items() for s in c.succeeded_by]
        return sorted(pairs, key=lambda p: (p[1].year or 0, p[0], p[1].concept))

    def predecessors(self, key: str) -> list[tuple[str, ConceptLink]]:
        """(older concept key, link) for the concepts that key renamed or replaced."""
        return [(k, s) for k, s in self.successions() if s.concept == key]

    def distinctions(self, key: str) -> list[tuple[str, ConceptLink]]:
        """(other concept key, link) for the distinctions recorded on either side."""
        own = [(d.concept, d) for d in self.concepts[key].distinct_from]
        back = [
            (k, d) for k, c in self.concepts.items() for d in c.distinct_from if d.concept == key
        ]
        return own + back


def load_vocabulary(extra: list[str] | None = None) -> Vocabulary:
    """The shipped vocabulary, extended/overridden (by key) by the given TOML files."""
    shipped = resources.files("litgraph").joinpath("data/vocabulary.toml").read_text("utf-8")
    concepts, where = _parse_text(shipped, "vocabulary.toml")
    for path in extra or []:
        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read vocabulary file ({exc.strerror})") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{path}: vocabulary file is not UTF-8 ({exc.reason})") from exc
        more, more_where = _parse_text(text, path)
        concepts.update(more)
        where.update(more_where)
    _check_links(concepts, where)
    return Vocabulary(concepts)


def _parse_text(text: str, origin: str) -> tuple[dict[str, Concept], dict[str, str]]:
    """Concepts of one file, and where each was written ('file:line')."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: invalid TOML in vocabulary file ({exc})") from exc
    lines = [n + 1 for n, ln in enumerate(text.splitlines()) if _CONCEPT_HEADER.match(ln)]
    items = data.get("concept", [])
    if not isinstance(items, list):
        raise ConfigError(f"{origin}: 'concept' must be an array of tables ([[concept]])")
    out: dict[str, Concept] = {}
    where: dict[str, str] = {}
    for i, item in enumerate(items):
        at = f"{origin}:{lines[i]}" if i < len(lines) else origin
        concept = _concept(item, at, i + 1)
        out[concept.key] = concept
        where[concept.key] = at
    return out, where


_CONCEPT_HEADER = re.compile(r"^\s*\[\[\s*concept\s*\]\]")
_LINK_FIELDS = frozenset({"concept", "year", "source", "note"})


def _concept(item: Any, where: str, number: int) -> Concept:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: concept #{number}: expected a table")
    label = item.get("label") or item.get("key")
    if not isinstance(label, str) or not label.strip():
        raise ConfigError(f"{where}: concept #{number} needs a 'label' (or 'key')")
    key = concept_key(item.get("key") or label)
    at = f"{where}: concept '{key}'"
    aliases = _strings(item.get("aliases"), at, "aliases")
    acronyms = _strings(item.get("acronyms"), at, "acronyms")
    if not aliases and not acronyms:
        aliases = (label,)
    return Concept(
        key=key,
        label=label.strip(),
        aliases=aliases,
        acronyms=acronyms,
        broader=tuple(concept_key(b) for b in _strings(item.get("broader"), at, "broader")),
        description=str(item.get("description", "")).strip(),
        succeeded_by=_links(item.get("succeeded_by"), at, "succeeded_by"),
        distinct_from=_links(item.get("distinct_from"), at, "distinct_from"),
    )


def _strings(value: Any, at: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{at}: '{name}' expected a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _links(value: Any, at: str, name: str) -> tuple[ConceptLink, ...]:
    """'other' or {concept = 'other', year = 2018, source = 'Osborne 2018', note = '...'}."""
    if value is None:
        return ()
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{at}: '{name}' expected a list of concept keys or tables")
    return tuple(_link(v, f"{at}: {name}[{i + 1}]") for i, v in enumerate(value))


def _link(value: Any, at: str) -> ConceptLink:
    if isinstance(value, str):
        value = {"concept": value}
    if not isinstance(value, dict):
        raise ConfigError(f"{at}: expected a concept key or a table")
    unknown = sorted(set(value) - _LINK_FIELDS)
    if unknown:
        allowed = ", ".join(sorted(_LINK_FIELDS))
        raise ConfigError(f"{at}: unknown field '{unknown[0]}' (use {allowed})")
    target = value.get("concept")
    if not isinstance(target, str) or not concept_key(target):
        raise ConfigError(f"{at}: needs 'concept', the key of the other concept")
    year = value.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ConfigError(f"{at}: 'year' must be a whole number such as 2018")
    if isinstance(year, int) and not 1500 <= year <= 2100:
        raise ConfigError(f"{at}: 'year' {year} is not a plausible year")
    for name in ("source", "note"):
        if not isinstance(value.get(name, ""), str):
            raise ConfigError(f"{at}: '{name}' must be a string")
    return ConceptLink(
        concept=concept_key(target),
        year=year,
        source=value.get("source", "").strip(),
        note=value.get("note", "").strip(),
    )


def _check_links(concepts: dict[str, Concept], where: dict[str, str]) -> None:
    """Every succeeded_by and distinct_from names a known concept, never the concept itself."""
    for key, c in concepts.items():
        for name, links in (("succeeded_by", c.succeeded_by), ("distinct_from", c.distinct_from)):
            for i, link in enumerate(links):
                at = f"{where[key]}: concept '{key}': {name}[{i + 1}]"
                if link.concept == key:
                    raise ConfigError(f"{at}: a concept cannot point to itself")
                if link.concept not in concepts:
                    raise ConfigError(f"{at}: unknown concept '{link.concept}'")


def _alias_words(alias: str) -> list[str]:
    return [w for w in re.split(r"[\s\-‐‑–]+", alias.rstrip("*")) if w]


def _alias_regex(alias: str) -> str:
    wildcard = alias.endswith("*")
    words = _alias_words(alias)
    body = _SEP.join(re.escape(w) for w in words)
    return body + (r"\w*" if wildcard else r"(?:s|es)?")


def _compile(c: Concept) -> re.Pattern[str]:
    parts = [f"(?i:{_alias_regex(a)})" for a in sorted(c.aliases, key=len, reverse=True)]
    parts += [re.escape(a) for a in c.acronyms]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


# --- matching -------------------------------------------------------------------------------


def find_spans(text: str, vocab: Vocabulary) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, key) matches; the longest match wins an overlap, and of
    two equally long ones the name as written ('public values') beats an inflected one
    ('public value' + s)."""
    spans: list[tuple[int, int, str, bool]] = []
    lower = text.lower()
    aligned = len(lower) == len(text)
    # every match begins a word (the regexes start with (?<!\w)): only the concepts with a
    # name beginning like one of the text's words are looked for
    by_head, always = vocab.heads()
    words = set(_WORDS.findall(lower))
    present = {w[:n] for w in words for n in (1, 2, 3)}
    tried = set(always)
    for head in present & by_head.keys():
        tried.update(by_head[head])
    matchers = vocab.matchers()
    for i in sorted(tried):
        key, n_words, needles, pattern, exact = matchers[i]
        # a match begins where an alias's first word or an acronym does: the regex is tried
        # there only, from left to right past its own last match (as finditer would)
        starts: set[int] = set()
        for i, needle in enumerate(needles):
            hay = lower if i < n_words else text
            at = hay.find(needle)
            while at >= 0:
                starts.add(at)
                at = hay.find(needle, at + 1)
        if not starts:
            continue
        if not aligned:  # lower-casing changed the length: scan the whole text
            spans.extend(
                (m.start(), m.end(), key, concept_key(m.group()) in exact)
                for m in pattern.finditer(text)
            )
            continue
        end = -1
        for at in sorted(starts):
            if at >= end and (m := pattern.match(text, at)):
                end = m.end()
                spans.append((at, end, key, concept_key(m.group()) in exact))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0], not s[3]))
    chosen: list[tuple[int, int, str]] = []
    for start, end, key, _ in spans:
        if all(end <= c[0] or start >= c[1] for c in chosen):
            chosen.append((start, end, key))
    return sorted(chosen)


def match_concepts(pages: tuple[Page, ...], vocab: Vocabulary) -> tuple[ConceptHit, ...]:
    """Vocabulary concepts found in the pages, most frequent first."""
    counts: Counter[str] = Counter()
    where: dict[str, set[int]] = defaultdict(set)
    for page in pages:
        for _, _, key in find_spans(page.text, vocab):
            counts[key] += 1
            where[key].add(page.number)
    return tuple(
        ConceptHit(key, vocab.concepts[key].label, n, "vocabulary", tuple(sorted(where[key])))
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def concepts_in(sentence: str, vocab: Vocabulary) -> list[str]:
    """Keys of the vocabulary concepts in one sentence, in order of first appearance."""
    return list(dict.fromkeys(key for _, _, key in find_spans(sentence, vocab)))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- mined phrases --------------------------------------------------------------------------

_STOP = _words(
    """a about above across after again against all almost also although always am among an
    and another any are around as at be because been before being below between both but by
    can cannot could did do does doing done down during each either else etc even ever every
    few for from further had has have having he her here hers herself him himself his how
    however i if in into is it its itself just least less like made make many may me might
    more most much must my myself neither no nor not now of off often on once one only onto
    or other others otherwise our ours ourselves out over own per perhaps rather same several
    shall she should since so some such than that the their theirs them themselves then there
    therefore these they this those though through thus to too toward towards under until up
    upon us use used uses using very via was we well were what whatever when where whereas
    whether which while who whom whose why will with within without would yet you your
    first second third new different particular important various based within whilst also
    single six seven eight nine ten become becomes became remain remains seem seems
    special issue issues blog series continue reading highlights editorial editors journal
    e.g i.e et al p pp cf see example examples way ways terms part paper article study
    chapter section table figure approach work argued argue argues suggest suggests two
    three four five given order case cases level levels role number key main need needs
    der die das und oder ein eine einer eines zu zur zum von mit auf für ist sind nicht
    auch sich als bei durch im in den dem des wie werden wird"""
)
_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\S")


# Words too general to make a domain concept on their own: a phrase made only of them
# ('public services', 'sector organisations', 'professional staff') is not mined.
_GENERIC = _words(
    """public private service sector organisation organization management delivery user
    citizen customer client government agency provider professional staff employee manager
    agent people person state local national social policy system process share create
    become provide produce deliver work outcome result value administration literature theory
    discourse perspective planning production individual effective"""
)
_HEADING_LINE = re.compile(r"^\s*#")
_CLOSING = ".!?:;,)\"'”’"


def mine_phrases(
    pages: tuple[Page, ...], vocab: Vocabulary, top: int = 15
) -> tuple[ConceptHit, ...]:
    """Key phrases (2-4 content words, seen at least twice) ranked by a C-value score.

    Candidates are n-grams inside runs of non-stopwords; a phrase nested in longer ones
    counts only its occurrences outside them. Not mined: phrases containing a vocabulary term,
    pieces of a vocabulary term ('public governance' of 'New Public Governance'), phrases of
    generic words only ('public services') and phrases seen only in headings or the title.
    """
    counts: Counter[str] = Counter()
    in_text: set[str] = set()
    where: dict[str, set[int]] = defaultdict(set)
    surface: dict[str, dict[str, int]] = {}  # per phrase, how often each spelling
    content: dict[str, _Word | None] = {}  # the document's tokens, each judged once
    for page in pages:
        for block, heading in _text_blocks(page):
            for run in _candidates(block, content):
                if len(run) < 2:
                    continue
                words = [w for w, _, _ in run]
                low = [lw for _, lw, _ in run]
                for n in range(2, min(4, len(run)) + 1):
                    for i in range(len(run) - n + 1):
                        j = i + n - 1
                        # lower case, the plural last word singular: 'service users' ->
                        # 'service user'
                        norm = " ".join(low[i:j]) + " " + run[j][2]
                        counts[norm] += 1
                        where[norm].add(page.number)
                        seen = surface.get(norm)
                        if seen is None:
                            seen = surface[norm] = {}
                        spelt = " ".join(words[i : j + 1])
                        seen[spelt] = seen.get(spelt, 0) + 1
                        if not heading:
                            in_text.add(norm)
    frequent = {p: n for p, n in counts.items() if n >= 2}
    nested: dict[str, list[int]] = defaultdict(list)
    for phrase, n in frequent.items():
        words = phrase.split()
        for size in range(2, len(words)):
            for i in range(len(words) - size + 1):
                nested[" ".join(words[i : i + size])].append(n)
    pieces = vocab.term_pieces()
    scored: list[tuple[float, str]] = []
    for phrase, n in frequent.items():
        longer = nested.get(phrase, [])
        value = math.log2(len(phrase.split())) * (n - (sum(longer) / len(longer) if longer else 0))
        if value > 0 and phrase in in_text and _concept_like(phrase, pieces, vocab):
            scored.append((value, phrase))
    scored.sort(key=lambda s: (-s[0], s[1]))
    out: list[ConceptHit] = []
    for score, phrase in scored[:top]:
        spellings = surface[phrase]
        label = max(spellings, key=spellings.__getitem__)  # the first of the most common
        pages_ = tuple(sorted(where[phrase]))
        hit = ConceptHit(
            concept_key(phrase), label, counts[phrase], "mined", pages_, round(score, 3)
        )
        out.append(hit)
    return tuple(out)


def _concept_like(phrase: str, pieces: frozenset[str], vocab: Vocabulary) -> bool:
    """Not a vocabulary term or a piece of one, and not only generic words."""
    words = _split_words(phrase)
    if " ".join(words) in pieces or all(w in _GENERIC for w in words):
        return False
    return not find_spans(phrase, vocab)


def _term_pieces(concepts: dict[str, Concept]) -> frozenset[str]:
    """Every run of two or more words inside a vocabulary label, alias or acronym."""
    out: set[str] = set()
    for c in concepts.values():
        for name in (c.label, *c.aliases, *c.acronyms):
            if name.endswith("*"):
                continue
            words = _split_words(name)
            for size in range(2, len(words) + 1):
                for i in range(len(words) - size + 1):
                    out.add(" ".join(words[i : i + size]))
    return frozenset(out)


def _split_words(text: str) -> list[str]:
    """Lower-case singular words, hyphenated compounds split: 'Service-dominant logics' ->
    ['service', 'dominant', 'logic']."""
    return [_singular(w) for w in re.split(r"[\s\-‐‑–]+", text.lower()) if w]


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _text_blocks(page: Page) -> list[tuple[str, bool]]:
    """Paragraphs and markdown heading lines of a page, each with 'is it a heading?': a '#'
    line, a paragraph of PDF heading lines (bold or large type), or a paragraph of one to
    three lines and a few words without closing punctuation."""
    flags = heading_flags(page.lines)
    headings = {ln.text for ln, flag in zip(page.lines, flags, strict=True) if flag}
    out: list[tuple[str, bool]] = []
    for para in re.split(r"\n[ \t]*\n+", page.text):
        lines = [ln for ln in para.split("\n") if ln.strip()]
        body = [ln for ln in lines if not _HEADING_LINE.match(ln)]
        out.extend((ln, True) for ln in lines if _HEADING_LINE.match(ln))
        if not body:
            continue
        joined = "\n".join(body)
        short = len(body) <= 3 and len(joined.split()) <= 14
        short = short and joined.rstrip()[-1:] not in _CLOSING
        out.append((joined, short or all(ln in headings for ln in body)))
    return out


_Word = tuple[str, str, str]  # a content word: as written, in lower case, singular


def _candidates(text: str, known: dict[str, _Word | None]) -> list[list[_Word]]:
    """Runs of content words between stopwords and punctuation; `known` remembers which
    tokens are content words (None: a stopword, a short word or punctuation)."""
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    for tok in _TOKEN.findall(text):
        if tok in known:
            w = known[tok]
        else:
            word = tok.strip("'’-")
            low = word.lower()
            stop = len(word) < 3 or not word[0].isalpha() or low in _STOP
            w = known[tok] = None if stop else (word, low, _singular(low))
        if w is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(w)
    if current:
        runs.append(current)
    return runs
