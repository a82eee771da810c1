"""One reference string -> Reference: authors, year, title, container, pages, DOI, ..."""

from __future__ import annotations

import re
from collections.abc import Iterator

from litgraph.keys import find_doi
from litgraph.lexicon.names import PARTICLE, PARTICLES, UPPER, is_initials, is_particle, split_name
from litgraph.lexicon.years import SUFFIX, UNDATED, YEAR
from litgraph.model import Person, Reference

_NUMBERING = re.compile(
    r"^\s*(?:[•▪·*○■►]|\[\s*\d{1,4}\s*\]|\(\d{1,4}\)|\d{1,4}[.)](?=\s)|\d{1,3}\s(?=\D))\s*"
)
_YEAR_PAREN = re.compile(
    rf"\(\s*(?:[^()]{{0,20}}?,\s*)?({YEAR})({SUFFIX})?(?:\s*[/-]\s*\d{{2,4}}{SUFFIX}?)?[^()]{{0,25}}?\)"
)
_YEAR_BARE = re.compile(rf"(?<![\d/.-])({YEAR})({SUFFIX})?(?:/\d{{1,4}})?(?=[\s.,:;)\]]|$)")
_NODATE = re.compile(rf"\(?\s*\b({UNDATED})\s*\)?", re.IGNORECASE)
_ETAL = re.compile(r"\bet\.?\s*al\.?|\bu\.\s?a\.|\band others\b|\bmit weiteren\b", re.IGNORECASE)
_EDITOR = re.compile(
    r"\(\s*(?:eds?|Hrsg|Hg|Hrsgg|editors?|coord|dir)\.?\s*\)|,?\s*\b(?:eds?|Hrsg|Hg)\.(?=\s|$|[:,)])"
    r"|,?\s*\beditors?\b",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"^(?:X{3,}|Author|Anonymous|Anon\.?|\[?anonymi[sz]ed\]?)$", re.IGNORECASE
)
_QUOTED = re.compile(r"^[\"“”‘’'„‚«‹]\s*(.+?)\s*[\"“”’'‘«»›](?=[\s,.:;]|$)")
_IN = re.compile(rf"^(?:In|in|IN)\s*:\s*|^(?:In|in)\s+(?=[{UPPER}])")
_VOL = re.compile(
    r"(?:vol\.?|volume|Jg\.|Bd\.)?\s*\b(\d{1,4})\s*(?:\(\s*([\w/–-]{1,12})\s*\)|,?\s*(?:no\.?|nr\.?|H\.|issue)\s*(\d{1,4}))",
    re.IGNORECASE,
)
_PAGES = re.compile(r"(?:pp?\.|S\.|pages|Seiten)?\s*(\d{1,5})\s*[-–—‒]{1,2}\s*(\d{1,5})(?!\d)")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_PUBLISHER = re.compile(
    rf"([{UPPER}][\w.,/ -]{{1,40}}?)\s*:\s*([{UPPER}][^.:;]{{1,60}}?)(?:[.,;]|\s*$)"
)
# places of publication only: 'London', 'London/New York', 'Frankfurt a.M.', 'Ithaca, New York'
_PLACES = re.compile(
    rf"[{UPPER}][\w'’-]+(?:\s(?:a\.\s?M\.?|[{UPPER}][\w'’-]+))?"
    rf"(?:\s*[/,-]\s*[{UPPER}][\w'’-]+(?:\s[{UPPER}][\w'’-]+)?){{0,2}}"
)
_PUBLISHER_END = re.compile(r"\b(?:Press|Verlag|Publishers?|Publishing|Books)$")
_REPORT = re.compile(
    r"working paper|discussion paper|arbeitspapier|report|bericht|policy paper|technical paper",
    re.I,
)
_THESIS = re.compile(r"dissertation|ph\.?\s?d\.? thesis|\bthesis\b|\bdiss\.|habilitation", re.I)


# a DOI at the end of an entry broken by a line wrap: '...1991.tb00 779.x'
_DOI_WRAP = re.compile(r"(10\.\d{4,9}/\S+)\s+([0-9][\w.()-]*\.?)\s*$")


def parse_reference(text: str, ref_id: str) -> Reference:
    """Parse one reference entry; incomplete entries still give authors and year."""
    raw = re.sub(r"\s+", " ", text).strip()
    body = _GLUED_YEAR.sub(r"\1 \2", _NUMBERING.sub("", raw, count=1))
    head, year, suffix, rest = _split_year(body)
    authors, editors = parse_names(head)
    lead_editors = bool(_EDITOR.search(head))
    fields = _parse_rest(rest, lead_editors)
    if lead_editors and not fields.get("_editors"):
        fields["_editors"] = authors
    return Reference(
        id=ref_id,
        raw=raw,
        authors=authors,
        year=year,
        year_suffix=suffix,
        title=fields.get("title"),  # type: ignore[arg-type]
        container=fields.get("container"),  # type: ignore[arg-type]
        volume=fields.get("volume"),  # type: ignore[arg-type]
        issue=fields.get("issue"),  # type: ignore[arg-type]
        pages=fields.get("pages"),  # type: ignore[arg-type]
        publisher=fields.get("publisher"),  # type: ignore[arg-type]
        doi=find_doi(_DOI_WRAP.sub(r"\1\2", raw)),
        url=_url(raw),
        editors=editors or fields.get("_editors", ()),  # type: ignore[arg-type]
        kind=fields.get("kind"),  # type: ignore[arg-type]
    )


# a year glued to the initials before it or after a stray space: 'J.H.1994.', 'Schaeper .2001.'
_GLUED_YEAR = re.compile(rf"((?:\b[{UPPER}]\.)|(?<=\w) \.)((?:1[5-9]|20)\d\d{SUFFIX}?[.,:;)])")

# --- year -----------------------------------------------------------------------------------


_YEAR_AFTER_NAMES = re.compile(rf"\s*[.,]?\s*\(({YEAR})({SUFFIX}?)\)[.,:]?")


def _more_names(text: str) -> bool:
    """', & Chumpitaz Cáceres, R.', ', Mary Anne Lassegard, and Carol E. Ford.': the name list
    goes on past what _lead_names matched."""
    if re.match(r"^\s*,?\s*(?:&|and|und)\s", text):
        return _names_like(text)
    words = text.strip(" ,.").split()
    chunks = [c.split() for c in re.split(r",\s*(?:and\s+|&\s*)?", text.strip(" ,.")) if c]
    return (
        bool(re.match(r"^\s*,\s", text))
        and 0 < len(words) <= 12
        and all(w[:1].isupper() or w.strip(",.") in _LOWER_OK for w in words)
        and all(1 <= len(c) <= 4 for c in chunks)
        and not re.search(r"[a-z]{3}\.\s+\S", text.strip())  # 'Distance. Grassroots': a title
    )


def _split_year(body: str) -> tuple[str, int | None, str, str]:
    """(author part, year, suffix, rest after the year)."""
    limit = min(len(body), 260)
    cands = []
    m = _YEAR_PAREN.search(body, 0, limit)
    if m:
        cands.append((m.start(), m.end(), int(m.group(1)), m.group(2) or ""))
    m2 = _YEAR_BARE.search(body, 0, limit)
    if m2:
        cands.append((m2.start(), m2.end(), int(m2.group(1)), m2.group(2) or ""))
    nd = _NODATE.search(body, 0, limit)
    if nd:
        cands.append((nd.start(), nd.end(), 0, nd.group(1)))
    early = [c for c in cands if _names_like(body[: c[0]])]
    lead = _lead_names(body)
    if early and lead and min(early)[0] > lead + 25 and not _more_names(body[lead : min(early)[0]]):
        early = []
    full = _FULL_NAMES.match(body)
    if early and not lead and full and min(early)[0] > full.end() + 10:
        early = []  # 'Browning Christopher, Pertti Joenniemi. Title // Journal. 2003. 38(4)'
    if early:
        start, end, year, suffix = min(early)
        return body[:start], year or None, suffix, body[end:]
    # year late (e.g. numbered styles ending with the year): a leading list of names
    names_end = _lead_names(body)
    year_m = _YEAR_BARE.search(body, names_end)
    y = int(year_m.group(1)) if year_m else None
    ys = (year_m.group(2) or "") if year_m else ""
    if names_end:
        m4 = _YEAR_AFTER_NAMES.match(body, names_end)  # a long name list, then '(1981).'
        if m4:
            return body[:names_end], int(m4.group(1)), m4.group(2) or "", body[m4.end() :]
        return body[:names_end], y, ys, body[names_end:]
    m5 = _FULL_NAMES.match(body)  # 'Browning Christopher, Pertti Joenniemi. Title. ...'
    if m5:
        return m5.group(1), y, ys, body[m5.end() :]
    m3 = re.match(rf"^(.+?(?:\b[{UPPER}]\.|[a-z]{{2}}))[.,]\s+(?=[\"“‘'{UPPER}0-9])", body)
    if m3 and _names_like(m3.group(1)):
        return m3.group(1), y, ys, body[m3.end() :]
    return "", y, ys, body


# names written out in full, no initials, up to the first full stop: 'Haukkala Hiski. '
_WORD = rf"[{UPPER}][\w'’-]+"
_NW = rf"(?:{_WORD}|{PARTICLE}|[{UPPER}]\.)"
_FULL_NAMES = re.compile(
    rf"^((?:{_WORD},\s+)?{_NW}(?:\s+{_NW}){{1,3}}"
    rf"(?:(?:,|,?\s+and|\s*&)\s+{_NW}(?:\s+{_NW}){{1,3}}){{0,5}}"
    rf"(?:\s*\((?:eds?|Hrsg)\.?\))?)"
    rf"\.\s+(?=[\"“‘'{UPPER}])"
)
_FAM = rf"(?:{PARTICLE}\s)*[{UPPER}][\w'’]+(?:-[{UPPER}][\w'’]+)?"
_NAME_UNIT = re.compile(
    rf"{_FAM}\s?,?\s(?:[{UPPER}]\.\s?-?){{1,4}}|{_FAM}\s[{UPPER}]{{1,4}}(?=[,.;:\s])"
    rf"|(?:[{UPPER}]\.\s?-?){{1,3}}\s?{_FAM}|{_FAM}\s[{UPPER}][a-z]?\.(?=[,;:])"
)
_EDS_AFTER = re.compile(r"\s*,?\s*(?:\(eds?\.?\)|\(Hrsg\.\))")
_NAME_SEP = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b)\s*(?:(?:and|&|und)\s+)?")


def _lead_names(body: str) -> int:
    """End offset of a leading 'Surname X.Y., Surname Z.' list, or 0 when there is none."""
    pos, units = 0, 0
    while True:
        m = _NAME_UNIT.match(body, pos)
        if not m:
            break
        units, pos = units + 1, m.end()
        e = _ETAL.match(body, pos) or _EDS_AFTER.match(body, pos)
        if e:
            pos = e.end()
        sep = _NAME_SEP.match(body, pos)
        if not sep and body[:pos].rstrip().endswith("."):  # 'Atanasov, P. Cvetanova, G.'
            sep = re.compile(r"\s*").match(body, pos)
        if not sep or not _NAME_UNIT.match(body, sep.end()):
            break
        pos = sep.end()
    if not units:
        return 0
    while pos and body[pos - 1].isspace():
        pos -= 1
    rest = body[pos:]
    if body[pos - 1] == "." and re.match(r"^\s", rest):
        return pos
    return pos if re.match(r"^\s*[.,:;]\s", rest) or re.match(r"^\.?\s*\(", rest) else 0


def _names_like(head: str) -> bool:
    head = _EDITOR.sub(" ", _ETAL.sub(" ", head)).strip(" ,.;:(")
    if not head:
        return True
    words = head.split()
    if len(words) > 24:
        return False
    lower = [w for w in words if w[:1].islower() and w.strip(",.;") not in _LOWER_OK]
    return len(lower) <= max(1, len(words) // 4) and not _SENTENCE_IN_NAMES.search(head)


# 'Joenniemi. Gardens of the north': a title sentence after the names, not another name
_SENTENCE_IN_NAMES = re.compile(
    rf"[a-z]{{2}}\.\s+[{UPPER}][a-z]+\s+(?:(?:and|und|&)\s+)?(?!{PARTICLE}\s)[a-z]{{2,}}"
)


_LOWER_OK = PARTICLES | {"and", "und", "&", "y", "et", "e", "with", "of", "for", "the"}


# --- names ------------------------------------------------------------------------------------


# 'Atanasov, P. Cvetanova, G.': a name that starts right after the initials before it
_RUN_ON_NAMES = re.compile(
    rf"(\b[{UPPER}]\.)\s+(?=[{UPPER}][a-z][\w'’-]+,\s*(?:[{UPPER}]\.\s?)+(?:$|[,;&]|and\b))"
)


# 'Robert G. Jnr', 'Cook EH Jr', 'Martin Luther King III': no names of their own
_NAME_SUFFIX = re.compile(r"(?<=\S)\s*,?\s+(?:Jr|Jnr|Sr|Snr|II|III|IV)\.?(?=[\s,;&)]|$)")


def parse_names(head: str) -> tuple[tuple[Person, ...], tuple[Person, ...]]:
    """Author part -> (authors, editors). Leading editors of a whole book count as authors."""
    text = _ETAL.sub(" ", head)
    text = _EDITOR.sub(" ", text)
    text = _NAME_SUFFIX.sub(" ", text)
    text = re.sub(r"^[-–—_]{2,}\.?", " ", text)
    text = re.sub(r"[()\[\]]", " ", text)
    text = _RUN_ON_NAMES.sub(r"\1 ; ", text)
    text = re.sub(r"\s+(?:and|und|&|y|et|e)\s+|\s*;\s*|\s+/\s*|/", " ; ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.:;")
    if not text:
        return (), ()
    people: list[Person | None] = []
    for chunk in text.split(";"):
        parts = [p.strip() for p in chunk.split(",") if p.strip(" .")]
        people.extend(_pair(parts))
    return tuple(p for p in people if p is not None), ()


def _is_given(part: str) -> bool:
    words = part.split()
    if not words or len(words) > 3:
        return False
    if is_initials(part):
        return True
    if len(words) == 2 and is_particle(words[1]):  # 'Tocqueville, Alexis de'
        words = words[:1]
    return len(words) <= 2 and all(is_initials(w) or _GIVEN_WORD.fullmatch(w) for w in words)


# a given name written out: 'Henning', 'Kai-Olaf', 'Hans-Joerg'
_GIVEN_WORD = re.compile(rf"[{UPPER}][^\W\d_A-Z]+(?:-[{UPPER}][^\W\d_A-Z]+)*")


def _pair(parts: list[str]) -> list[Person | None]:
    out: list[Person | None] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        words = part.split()
        if (
            nxt is not None
            and (
                len(words) == 1
                or is_particle(words[0])
                or part.isupper()
                or (len(words) <= 3 and is_initials(nxt) and not any(map(is_initials, words)))
                or _double_family(words, nxt, last=_closes_name(parts, i))
            )
            and _is_given(nxt)
            and not is_initials(part)
        ):
            out.append(_person(part, nxt))
            i += 2
            continue
        out.append(_single(part))
        i += 1
    return out


def _closes_name(parts: list[str], i: int) -> bool:
    """The given name after parts[i] closes its name: it is the last part, or (the first author
    of an MLA-style list) the names after it are written given name first ('Jerez Mir, Miguel,
    José Real-Dato')."""
    if i + 2 == len(parts):
        return True
    return i == 0 and len(parts[i + 2].split()) >= 2


def _double_family(words: list[str], nxt: str, last: bool) -> bool:
    """'Salling Olesen, Henning': two or three capitalised words, then one given name (with
    initials perhaps) that closes the name ('Tom Smith, Anna Berg' lists two people)."""
    given = nxt.split()
    return (
        last
        and 2 <= len(words) <= 3
        and all(w[:1].isupper() and not is_initials(w) for w in words)
        and not is_initials(given[0])
        and all(is_initials(g) for g in given[1:])
    )


def _person(family: str, given: str) -> Person | None:
    family = family.strip(" .,:")
    if _PLACEHOLDER.match(family) or not family:
        return None
    if family.isupper() and len(family) > 3:
        family = family.title()
    return Person(family, given.strip(" ,"))


def _single(part: str) -> Person | None:
    """'Stephen P. Osborne', 'Osborne S.P.', 'Osborne' -> Person."""
    words = part.split()
    if not words or _PLACEHOLDER.match(part.strip()):
        return None
    family, given = split_name(part)
    if len(words) > 4 and given and not is_initials(given):  # an organisation, not a person
        return _person(part, "")
    return _person(family, given)


# --- title, container, numbers ----------------------------------------------------------------


def _parse_rest(rest: str, lead_editors: bool = False) -> dict[str, object]:
    rest = rest.strip(" .,:;)")
    out: dict[str, object] = {}
    if not rest:
        return out
    title, after = _take_title(re.sub(r"\s+([.,;:])(?=\s)", r"\1", rest))
    out["title"] = _TITLE_TAIL.sub("", title) or None
    after = after.strip(" .,:;")
    chapter = bool(_IN.match(after)) or bool(re.match(r"^[Ii]n\s", after) and _EDITOR.search(after))
    if chapter:
        after = _IN.sub("", after, count=1)
        ed = _EDITOR.search(after)
        if ed and ed.start() < 150:
            out["_editors"] = parse_names(after[: ed.start()])[0]
            after = after[ed.end() :].strip(" .,:;")
    container = _take_container(after)
    place = _PUBLISHER.fullmatch(container.strip()) if container else None
    tail = after[len(container or "") :]
    if place:
        out["publisher"] = place.group(2).strip()
    elif container and not chapter and _PUBLISHER_END.search(container):
        out["publisher"] = container  # 'MIT Press', 'Westdeutscher Verlag'
    elif container and not chapter and _PLACES.fullmatch(container) and not re.search(r"\d", tail):
        pass  # 'London/New York', 'Frankfurt a.M.': where a book appeared, not a container
    elif container:
        out["container"] = container
    _numbers(after, out)
    pub = _PUBLISHER.search(after if chapter or not container else after[len(container) :])
    if pub and not re.match(r"^\d", pub.group(2)) and "publisher" not in out:
        out["publisher"] = pub.group(2).strip()
    out["kind"] = _kind(rest, chapter, out, lead_editors)
    return out


# an edition, translator or editor note after a title: ', 2nd edn', '. Trans. F. Vezin',
# ' (trans. R. Nice)', ', ed. J. H. Burns and H. L. A. Hart'
_TITLE_TAIL = re.compile(
    r"(?:[,.]\s*|\s*\(|\s+[–—-]\s*)(?:trans|transl|translated by|ed|edited by|hrsg\. von)"
    r"\.?\s+[^()]*\)?$"
    r"|[,.]\s*\d+(?:st|nd|rd|th)\.?\s+(?:edn|ed|edition|Aufl\w*)\.?$"
    r"|\s*\[\d+ (?:paragraphs|Abs[äa]tze)\]$",
    re.IGNORECASE,
)
# 'Title // Container. 2007.' (the Russian GOST style); not the '//' of a URL
_CONTAINER_MARK = re.compile(r"(?<![:/])\s*//(?=\s)")


# a quoted phrase that only begins the title: '"Machines" meanings: ...', '„Being There“: ...'
_QUOTE_GOES_ON = re.compile(r"^\s*:\s+[\"“„‘'A-Z]|^\s+(?!in\b|and\b|eds?\b)[a-z]")


def _take_title(rest: str) -> tuple[str, str]:
    q = _QUOTED.match(rest)
    if q and not _QUOTE_GOES_ON.match(rest[q.end() :]):
        return q.group(1).strip(" ,."), rest[q.end() :]
    mark = _CONTAINER_MARK.search(rest, 0, 300)
    if mark:
        return rest[: mark.start()].strip(" ,."), rest[mark.end() :]
    cuts = list(_title_cuts(rest))
    if cuts:
        k = 0
        while k + 1 < len(cuts) and k < 2:  # 'Title. Subtitle. Place: Publisher' keeps it
            if not _is_subtitle(rest[cuts[k][1] : cuts[k + 1][0]], rest[cuts[k + 1][1] :]):
                break
            k += 1
        start, end = cuts[k]
        sub, after = _comma_title(rest[end:])  # 'Title. Subtitle, Berghahn Books, New York'
        if (
            after
            and not _PLACES.fullmatch(sub)
            and not any(_title_cuts(sub))
            and _is_subtitle(sub, after)
        ):
            return f"{rest[:start].strip(' ,')}{rest[start:end].strip()} {sub}", after
        head, tail = _comma_title(rest[:start])  # 'Title, Vilniaus Universitetas, Thesis. X'
        if tail:
            return head, f"{tail}{rest[start:]}"
        return rest[:start].strip(" ,"), rest[end:]
    return _comma_title(rest)


def _comma_title(rest: str) -> tuple[str, str]:
    """A title that ends at a comma: 'Title, Journal of X, 84(4)', 'Title, In: ...'."""
    parts = re.split(r",\s+(?=[Ii]n[:\s])", rest, maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1]
    commas = list(re.finditer(r",\s+", rest))
    for i, m in enumerate(commas):  # 'Title, Journal of X, 84(4)' / 'Title, Some Press, City'
        nxt = rest[m.end() :].split(",", 1)[0]
        if (
            len(rest[: m.start()].split()) >= 2
            and nxt[:1].isupper()  # not ', and the Entrepreneurial University'
            and (_VENUE.search(nxt) or _BODY.search(nxt) or re.match(r"^Vol", nxt))
        ):
            while i > 0 and _PLACE.fullmatch(rest[commas[i - 1].end() : commas[i].start()]):
                i -= 1  # 'Title, New Haven, CT, Yale University Press': the place goes too
            if len(rest[: commas[i].start()].split()) < 2:
                i += 1
            cut = commas[i]
            return rest[: cut.start()].strip(), rest[cut.end() :]
        if (
            len(rest[: m.start()].split()) >= 2
            and re.match(  # 'Common agency, Econometrica, 54'
                rf"^[{UPPER}][^,]{{1,60}},\s*(?:vol\.\s*)?\d{{1,4}}\b", rest[m.end() :]
            )
        ):
            return rest[: m.start()].strip(), rest[m.end() :]
    k = len(commas)
    while k > 0 and len(commas) - k < 2:  # 'Les récits de vie, Paris', 'Title, London, Sage'
        end = commas[k].start() if k < len(commas) else len(rest)
        if not _PLACES.fullmatch(rest[commas[k - 1].end() : end].strip(" .")):
            break
        k -= 1
    if k < len(commas) and len(rest[: commas[k].start()].split()) >= 3:
        return rest[: commas[k].start()].strip(), rest[commas[k].end() :].strip(" .")
    return rest.strip(" ,."), ""


_ABBREV = {"vol", "no", "ed", "eds", "pp", "st", "dr", "hrsg", "trans", "transl"}
_VENUE = re.compile(
    r"\b(?:journal|review|quarterly|zeitschrift|proceedings|bulletin|annals|studies|press|"
    r"verlag|publish\w*|books|university|universit\w+|revue|rivista|revista|magazine|"
    r"newsletter|working paper|series|report|in:|publication|th[eè]se|thesis|dissertation|"
    r"paper presented|express|times|gazette|editora|[ée]ditions?|edizioni|ediciones|lexington)",
    re.IGNORECASE,
)


def _title_cuts(rest: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the sentence ends in a reference body: 'x. ', 'x? ', not 'Vol. '."""
    for m in re.finditer(r"(?<=[^\s.])(\.|\s?[?!])([’”\"']?)\s+(?=\S)", rest):
        prev = rest[: m.start()].split()
        last = prev[-1] if prev else ""
        if m.group(1) == ".":
            if len(last) <= 1 or last.lower().lstrip("([") in _ABBREV:
                continue
            yield m.start(), m.end()
        else:  # a title ends with its '?' or '!' (and a closing quote: 'What is a case?’ In:')
            yield m.end(2), m.end()


_NOT_SUBTITLE = re.compile(
    r"^(?:[Ii]n|Aus|From|Hrsg|Eds?|Edited|Trans\w*|Paper|Available|Retrieved|URL)\b"
)


def _place_publisher(seg: str) -> bool:
    """'Leeds: Thornbury Press', 'Princeton, NJ: Testing Service' (not 'Jugend, Arbeit,
    Macht: Eine Ethnoanalyse')."""
    return bool(_PLACE_COLON.match(seg) and _PUBLISHER.fullmatch(seg))


def _is_subtitle(segment: str, remainder: str) -> bool:
    """A second title sentence, followed by a place, publisher or container."""
    seg = segment.strip().lstrip("–—- ")
    digits = re.sub(rf"\b{YEAR}(?:s|er)?\b|\b\d{{1,2}}(?:st|nd|rd|th)\b", "", seg)  # '1980s'
    if not (3 <= len(seg) <= 200) or not remainder.strip() or re.search(r"\d", digits):
        return False
    if _NOT_SUBTITLE.match(seg):
        return False
    rem = remainder.strip()
    if _IN.match(rem) and not _place_publisher(seg):  # 'Title. Subtitle. In: Editor (ed.)'
        return True
    if _VENUE_NAME.search(seg) or _place_publisher(seg) or _PLACE_COLON.match(seg):
        return False
    if not seg[0].isupper() and seg[0] not in "\"“‘'[(„":
        return False
    place = re.split(r"[.,:]\s", rem + " ")[0]
    after_place = rem[len(place) :].strip(" .,")
    if (
        _PUBLISHER_NAME.fullmatch(seg)
        and _PLACE.fullmatch(place)
        and (not after_place or re.match(r"(?:Retrieved|Available|URL|https?:)", after_place))
    ):
        return False  # 'Title. Random House. New York.', not 'Power. A Radical View. London: X'
    if rem[:1].isdigit():  # 'Title. Soil Soc. 2017;5(2)': that was the journal
        return False
    last = re.split(r",\s*|\.\s+", rem.rstrip(" ."))[-1]
    ends_in_place = last != rem.rstrip(" .") and bool(_PLACES.fullmatch(last))  # '..., Paris'
    return bool(re.search(r"\d|:", rem) or _VENUE.search(rem) or len(rem) <= 40 or ends_in_place)


# a place of publication written between commas: 'New Haven', 'CT'
_PLACE = re.compile(rf"[{UPPER}][\w.'’-]*(?:\s+[{UPPER}][\w.'’-]*){{0,2}}")
# 'Princeton, NJ: Educational Testing Service': a place before a publisher
_PLACE_COLON = re.compile(
    rf"^[{UPPER}][\w.'’-]*(?:[ /][{UPPER}][\w.'’-]*)?"
    r"(?:,\s*[A-Z]{2}\.?|,\s*[A-Z]\.[A-Z]\.)?\s*:\s"
)
# a segment that names a venue rather than continuing a title
_VENUE_NAME = re.compile(
    r"^(?:The\s+)?(?:Journal|Review|Proceedings|Annals|Bulletin|Zeitschrift|Revue|Rivista|"
    r"Revista|Quarterly|Studies in|Working Paper|Discussion Paper)\b|\b(?:Journal|Review) of\b"
    r"|\b(?:Press|Verlag|Publishers?|Publishing|Publications?|House|Company|Co|Ltd|Limited|"
    r"Inc|University|Universit\w+|Books|Editions?|Working Papers?|Discussion Papers?|Series|"
    r"Report|Thesis|Dissertation|Journal)\s*$"
    r"|\b(?:working paper|discussion paper|paper presented|dissertation|thesis|th[eè]se|"
    r"unpublished|institute for|institut f[uü]r)\b",
    re.IGNORECASE,
)
# a short name in capitals only, as publishers are written ('Random House', 'Sage & Sons')
_PUBLISHER_NAME = re.compile(rf"[{UPPER}][\w.'’-]*(?:\s+(?:[{UPPER}][\w.'’-]*|&)){{0,4}}")
# bodies that publish reports: a comma before them ends a title
_BODY = re.compile(
    r"\b(?:Institute|Institut|Centre|Center|Secretariat|Corporation|Commission|Ministry|Office|"
    r"Council|Bank|Foundation|Agency|Bureau|Department|Organi[sz]ation)\b"
)


def _take_container(after: str) -> str | None:
    if not after:
        return None
    m = re.match(
        r"^(.+?)(?=,?\s*(?:vol\.?|volume|Jg\.|Bd\.)?\s*\d|[.;]\s|,\s*(?:pp?\.|S\.)|$)", after
    )
    cont = (m.group(1) if m else after).strip(" ,.:;*_")
    cont = cont.strip("*_ ")
    if not cont or len(cont) < 2 or cont[0].isdigit():
        return None
    return cont[:200]


# a volume written alone before the pages: 'Review, 7, 33-49', 'Journal 19: 221-41',
# 'vol. 54, pp. 1-39'
_VOL_ALONE = re.compile(
    r"(?:\bvol\.?\s*|[^\W\d_][,.]?\s+)(\d{1,4})(?=\s*[,:]\s*(?:pp?\.\s*)?\d{1,5}\s*[-–—]\s*\d)",
    re.IGNORECASE,
)


def _numbers(after: str, out: dict[str, object]) -> None:
    v = _VOL.search(after) or _VOL_ALONE.search(after)
    if v:
        out["volume"] = v.group(1)
        out["issue"] = (v.group(2) or v.group(3)) if v.re is _VOL else None
    p = _PAGES.search(after[v.end() :] if v else after)
    if p:
        out["pages"] = f"{p.group(1)}-{p.group(2)}"


def _kind(rest: str, chapter: bool, out: dict[str, object], lead_editors: bool) -> str | None:
    if chapter:
        return "chapter"
    if lead_editors:
        return "book"
    if _THESIS.search(rest):
        return "thesis"
    if _REPORT.search(rest):
        return "report"
    if out.get("volume") or (out.get("container") and out.get("pages")):
        return "article"
    if out.get("publisher"):
        return "book"
    if _URL.search(rest):
        return "web"
    return None


def _url(raw: str) -> str | None:
    m = _URL.search(raw)
    return m.group(0).rstrip(".,;)") if m else None
