"""The part of a reference entry after authors and year -> title, container, volume, issue,
pages, publisher and kind."""

from __future__ import annotations

import re
from collections.abc import Iterator

from litgraph.extract.refnames import EDITOR, parse_names
from litgraph.lexicon.imprint import (
    EDITION,
    IMPRINT,
    PLACE,
    PLACE_COLON,
    PLACES,
    PUBLISHER_END,
)
from litgraph.lexicon.names import UPPER
from litgraph.lexicon.years import YEAR

_QUOTED = re.compile(r"^[\"“”‘’'„‚«‹]\s*(.+?)\s*[\"“”’'‘«»›](?=[\s,.:;]|$)")
_IN = re.compile(rf"^(?:In|in|IN)\s*:\s*|^(?:In|in)\s+(?=[{UPPER}])")
_VOL = re.compile(
    r"(?:vol\.?|volume|Jg\.|Bd\.)?\s*\b(\d{1,4})\s*(?:\(\s*([\w/–-]{1,12})\s*\)|,?\s*(?:no\.?|nr\.?|H\.|issue)\s*(\d{1,4}))",
    re.IGNORECASE,
)
_PAGES = re.compile(r"(?:pp?\.|S\.|pages|Seiten)?\s*(\d{1,5})\s*[-–—‒]{1,2}\s*(\d{1,5})(?!\d)")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_REPORT = re.compile(
    r"working paper|discussion paper|arbeitspapier|report|bericht|policy paper|technical paper",
    re.I,
)
_THESIS = re.compile(r"dissertation|ph\.?\s?d\.? thesis|\bthesis\b|\bdiss\.|habilitation", re.I)


def parse_rest(rest: str, lead_editors: bool = False) -> dict[str, object]:
    rest = rest.strip(" .,:;)")
    out: dict[str, object] = {}
    if not rest:
        return out
    title, after = _take_title(re.sub(r"\s+([.,;:])(?=\s)", r"\1", rest))
    title = _TITLE_TAIL.sub("", title)
    quoted = _QUOTED.fullmatch(title)  # '“Title?”' when the title went on past nothing
    out["title"] = (quoted.group(1) if quoted else title) or None
    after = after.strip(" .,:;")
    chapter = bool(_IN.match(after)) or bool(re.match(r"^[Ii]n\s", after) and EDITOR.search(after))
    if chapter:
        after = _IN.sub("", after, count=1)
        ed = EDITOR.search(after)
        if ed and ed.start() < 150:
            out["_editors"] = parse_names(after[: ed.start()])[0]
            after = after[ed.end() :].strip(" .,:;")
    container = _take_container(after)
    place = _imprint(container.strip()) if container else None
    tail = after[len(container or "") :]
    if place:
        out["publisher"] = place.group(2).strip()
    elif container and not chapter and PUBLISHER_END.search(_without_places(container)):
        out["publisher"] = _publisher(container)  # 'MIT Press', 'Westdeutscher Verlag'
    elif container and not chapter and PLACES.fullmatch(container) and not re.search(r"\d", tail):
        pass  # 'London/New York', 'Frankfurt a.M.': where a book appeared, not a container
    elif container:
        out["container"] = container
    _numbers(after, out)
    pub = IMPRINT.search(after if chapter or not container else after[len(container) :])
    if pub and not re.match(r"^\d", pub.group(2)) and "publisher" not in out:
        out["publisher"] = pub.group(2).strip()
    out["kind"] = _kind(rest, chapter, out, lead_editors)
    return out


def _imprint(text: str) -> re.Match[str] | None:
    """'Leeds: Thornbury Press', 'Upper Saddle River, NJ: Prentice Hall': the whole text is an
    imprint (a place name's first word may stand before the two the pattern knows)."""
    m = IMPRINT.search(text)
    if m and re.fullmatch(rf"(?:[{UPPER}]\w+\s)?", text[: m.start()]):
        return IMPRINT.fullmatch(text, m.start())
    return None


def _without_places(container: str) -> str:
    """'Oxford University Press, Oxford' -> 'Oxford University Press': the places after it go."""
    parts = container.split(", ")
    while len(parts) > 1 and PLACES.fullmatch(parts[-1]) and not PUBLISHER_END.search(parts[-1]):
        parts.pop()
    return ", ".join(parts)


def _publisher(container: str) -> str:
    """'Washington, D.C., Island Press' -> 'Island Press': the places around it go."""
    parts = _without_places(container).split(", ")
    while len(parts) > 1 and PLACE.fullmatch(parts[0]):
        parts.pop(0)
    rest = ", ".join(parts)
    m = IMPRINT.fullmatch(rest)
    return m.group(2) if m else rest


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
_CONTAINER_MARK = re.compile(rf"(?<![:/])\s*//(?=\s|[{UPPER}])")


# a quoted phrase that only begins the title: '"Machines" meanings: ...', '„Being There“: ...'
_QUOTE_GOES_ON = re.compile(r"^\s*:\s+[\"“„‘'A-Z]|^\s+(?!in\b|and\b|eds?\b)[a-z]")


# an edition statement after a title: ', 4th edn.', ' 2nd ed.', ' (2nd ed.)', '. 2. Edition.',
# '. 8. Auflage', ', 3rd edition'
_EDITION_NOTE = re.compile(rf"(?:[,.]\s*|\s+\(?){EDITION}\)?", re.IGNORECASE)
# a chapter's container begins: '. In: ', ', in '
_CHAPTER = re.compile(r"[.,]\s+[Ii]n[:\s]")
# a translated title in brackets after the title: ' [Goals and Perspectives]'
_TRANSLATION = re.compile(r"\s*(\[[^\[\]]{3,200}\])")
# ... and a comma after it: 'Demografija [Demography], Moscow'
_TRANSLATED = re.compile(r"(?<=\w)\s\[[^\[\]]{3,200}\](,\s+)")


# quoted words that end a sentence of their own, then the title goes on when what follows reads
# as a subtitle: '“Let’s Argue!” Communicative Action', '"We will return." Adolescence in a
# camp' (not '“Social Mechanisms.” Acta Sociologica 39 (3)')
_SPEECH_GOES_ON = re.compile(rf"(?<=[.!?][\"”’'])\s+(?!In\b)[{UPPER}]")


def _take_title(rest: str) -> tuple[str, str]:
    q = _QUOTED.match(rest)
    if q and _SPEECH_GOES_ON.match(rest, q.end()):
        nxt = next(((a, b) for a, b in _title_cuts(rest) if a > q.end()), None)
        if nxt and _is_subtitle(rest[q.end() : nxt[0]], rest[nxt[1] :]):
            return rest[: nxt[0]].strip(), rest[nxt[1] :]
    if q and not _QUOTE_GOES_ON.match(rest[q.end() :]):
        title, after = q.group(1).strip(" ,."), rest[q.end() :]
        tr = _TRANSLATION.match(after)  # '‘Buts et perspectives’ [Goals and Perspectives]'
        return (f"{title} {tr.group(1)}", after[tr.end() :]) if tr else (title, after)
    tr = _TRANSLATED.search(rest)  # 'Title. Subtitle [Translation. Subtitle], Journal, no. 4'
    if tr:
        head, after = rest[: tr.start(1)], rest[tr.end() :]
        if all(_is_subtitle(head[b:], after) for _, b in _title_cuts(head)):
            return head.strip(), after
    ed = _EDITION_NOTE.search(rest, 0, 300)  # 'Title, 4th edn. Body', 'Title 2nd ed. Publisher'
    if ed and len(rest[: ed.start()].split()) >= 2 and not _CHAPTER.search(rest, 0, ed.start()):
        return rest[: ed.start()].strip(" ,."), rest[ed.end() :]
    mark = _CONTAINER_MARK.search(rest, 0, 300)
    if mark and not _VOL.search(rest, 0, mark.start()):  # not after a volume: 'x 13(2). y // z'
        return rest[: mark.start()].strip(" ,."), rest[mark.end() :]
    cuts = list(_title_cuts(rest))
    if cuts:
        k = 0
        while k + 1 < len(cuts) and k < 3:  # 'Title. Subtitle. Place: Publisher' keeps it
            if not _is_subtitle(rest[cuts[k][1] : cuts[k + 1][0]], rest[cuts[k + 1][1] :]):
                break
            k += 1
        start, end = cuts[k]
        sub, after = _comma_title(rest[end:])  # 'Title. Subtitle, Berghahn Books, New York'
        if (
            after
            and (not PLACES.fullmatch(sub) or _IN.match(after))  # no place before 'In:'
            and not any(_title_cuts(sub))
            and _is_subtitle(sub, after)
        ):
            return f"{rest[:start].strip(' ,')}{rest[start:end].strip()} {sub}", after
        # 'Title, Vilniaus Universitetas, Thesis. X', 'Title, London. X'; a place before an
        # imprint belongs to the title ('The Hospital, Cambridge. Cambridge: Quay Press')
        head, tail = _comma_title(rest[:start], places=0 if PLACE_COLON.match(rest[end:]) else 1)
        if tail:
            return head, f"{tail}{rest[start:]}"
        return rest[:start].strip(" ,"), rest[end:]
    return _comma_title(rest)


def _comma_title(rest: str, places: int = 2) -> tuple[str, str]:
    """A title that ends at a comma: 'Title, Journal of X, 84(4)', 'Title, In: ...', and before
    up to `places` places 'Title, London, Sage', 'Title, Some Press, City, 2006'."""
    parts = re.split(r"(?:,|(?<=\w)\s*[-–—])\s+(?=[Ii]n[:\s])", rest, maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1]
    commas = [  # not inside a bracketed translation
        m for m in re.finditer(r",\s+", rest) if not _open_bracket(rest[: m.start()])
    ]
    for i, m in enumerate(commas):  # 'Title, Journal of X, 84(4)' / 'Title, Some Press, City'
        nxt = re.split(r",|\.\s", rest[m.end() :], maxsplit=1)[0]
        bare = re.sub(r"\([^()]*\)", "", nxt)  # '(Eastern Africa Series)' is the title's own
        if (
            len(rest[: m.start()].split()) >= 2
            and nxt[:1].isupper()  # not ', and the Entrepreneurial University'
            and (
                _VENUE.search(bare)
                or (_BODY.search(bare) and len(bare.split()) >= 2)  # not ', Organization, and'
                or re.match(r"^Vol", nxt)
            )
        ) or _URL.match(nxt.lstrip("(<[")):  # 'Title, http://...'
            if _URL.match(nxt.lstrip("(<[")):
                return rest[: m.start()].strip(), rest[m.end() :]
            while i > 0 and PLACE.fullmatch(rest[commas[i - 1].end() : commas[i].start()]):
                i -= 1  # 'Title, New Haven, CT, Yale University Press': the place goes too
            if len(rest[: commas[i].start()].split()) < 2:
                i += 1
            cut = commas[i]
            return rest[: cut.start()].strip(), rest[cut.end() :]
        if (
            len(rest[: m.start()].split()) >= 2
            and re.match(  # 'Common agency, Econometrica, 54'
                rf"^[{UPPER}][^,]{{1,60}},\s*(?:vol\.\s*)?(?!{YEAR}\.?$)\d{{1,4}}\b",
                rest[m.end() :],
            )
        ):
            return rest[: m.start()].strip(), rest[m.end() :]
    k = _imprint_start(rest, commas, places)
    if k < len(commas) and len(rest[: commas[k].start()].split()) >= 2:
        return rest[: commas[k].start()].strip(), rest[commas[k].end() :].strip(" .")
    return rest.strip(" ,."), ""


def _imprint_start(rest: str, commas: list[re.Match[str]], places: int) -> int:
    """Index of the comma before an imprint written with commas at the end of `rest` (len(commas)
    when there is none): 'Title, Paris', 'Title, London, Sage', 'Title, Taylor & Francis,
    London-New York, 2006': a year or pages at the end, one or two places, and a publisher's
    name before them."""
    if not commas or not places:
        return len(commas)
    ends = [m.start() for m in commas[1:]] + [len(rest)]
    segs = [rest[m.end() : e].strip(" .") for m, e in zip(commas, ends, strict=True)]
    k = len(segs)
    while k > 0 and _DATE_OR_PAGES.fullmatch(segs[k - 1]):
        k -= 1
    if k > 0 and places > 1 and IMPRINT.fullmatch(segs[k - 1]):
        k -= 1  # 'Title, mimeo, Berlin: Free University', 'Title, Upper Saddle River, NJ: X'
        start = commas[k - 1].end() if k else 0
        if PLACE.fullmatch(rest[start : commas[k].start()]) or re.match(r"[A-Z]{2}:", segs[k]):
            k -= 1
        return k if k >= 0 else len(commas)
    found = 0
    while k > 0 and found < places and PLACES.fullmatch(segs[k - 1]):
        k, found = k - 1, found + 1
    if not found or (places == 1 and len(rest[: commas[k].start()].split(", ")[-1].split()) < 2):
        return len(commas)  # 'Datenfälschung, Diagnoseverfahren, Konsequenzen': nouns, no place
    if k > 0 and (_PUBLISHER_NAME.fullmatch(segs[k - 1]) or PUBLISHER_END.search(segs[k - 1])):
        k -= 1
    return k


# what may follow an imprint: '2006', 'Septemeber 2012', 'p. 48-72', 'pp. 1-20'
_DATE_OR_PAGES = re.compile(rf"(?:[{UPPER}][a-z]+\s)?{YEAR}|pp?\.\s?\d+(?:\s?[-–]\s?\d+)?")


_ABBREV = {"vol", "no", "ed", "eds", "pp", "st", "dr", "hrsg", "trans", "transl"}
_VENUE = re.compile(
    r"\b(?:journal|review|quarterly|zeitschrift|proceedings|bulletin|annals|studies|press|"
    r"verlag|publish\w*|books|university|universi(?:t|dad)\w*|revue|rivista|revista|magazine|"
    r"newsletter|(?:working|discussion|research|occasional|policy) papers?|series|report|in:|"
    r"publication|th[eè]se|thesis|dissertation|"
    r"paper presented|express|times|gazette|editora|[ée]ditions?|edizioni|ediciones|lexington)",
    re.IGNORECASE,
)


def _open_bracket(before: str) -> bool:
    """A '[' before this point is still open."""
    return before.count("[") > before.count("]")


def _title_cuts(rest: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the sentence ends in a reference body: 'x. ', 'x? ', not 'Vol. '."""
    for m in re.finditer(r"(?<=[^\s.])(\.|\s?[?!])([’”\"']?)\s+(?=\S)", rest):
        before = rest[: m.start()]
        if _open_bracket(before):
            continue  # inside a bracketed translation: '[Ratings. Regions by fertility]'
        prev = before.split()
        last = prev[-1] if prev else ""
        if m.group(1) == ".":
            if (
                (len(last) <= 1 and last.isalpha())
                or last.lower().lstrip("([") in _ABBREV
                or (  # 'G.W. Bush', 'M.E. Sharpe', not 'Ports in the U.S.A. New York: Norton'
                    re.fullmatch(rf"(?:[{UPPER}]\.)+[{UPPER}]", last)
                    and not PLACE_COLON.match(rest[m.end() :])
                )
            ):
                continue
            yield m.start(), m.end()
        else:  # a title ends with its '?' or '!' (and a closing quote: 'What is a case?’ In:')
            yield m.end(2), m.end()


_NOT_SUBTITLE = re.compile(
    r"^(?:[Ii]n\b|Aus:|From:|(?:Hrsg|Eds?|Edited|Trans\w*|Paper|Available|Retrieved|URL)\b)"
)


def _place_publisher(seg: str) -> bool:
    """'Leeds: Thornbury Press', 'Princeton, NJ: Testing Service' (not 'Jugend, Arbeit,
    Macht: Eine Ethnoanalyse')."""
    return bool(IMPRINT.fullmatch(seg))


def _is_subtitle(segment: str, remainder: str) -> bool:
    """A second title sentence, followed by a place, publisher or container."""
    seg = segment.strip().lstrip("–—- ")
    digits = re.sub(  # '1980s', '21st', 'am 01.03.2014'
        rf"\b(?:\d{{1,2}}\.\d{{1,2}}\.)?{YEAR}(?:s|er)?\b|\b\d{{1,2}}(?:st|nd|rd|th)\b", "", seg
    )
    if not (3 <= len(seg) <= 200) or not remainder.strip() or re.search(r"(?<![^\W\d_])\d", digits):
        return False  # a number of its own, not the one of 'Test d2'
    if _NOT_SUBTITLE.match(seg) or _EDITORS_NOTE.search(seg):
        return False
    rem = _EDITION.sub("", remainder.strip())  # 'Title. Subtitle. 2. Edition. New York: Wiley'
    if not rem:
        return False
    if _IN.match(rem) and not _place_publisher(seg):  # 'Title. Subtitle. In: Editor (ed.)'
        return True
    if _VENUE_NAME.search(seg) or _place_publisher(seg) or PLACE_COLON.match(seg):
        return False
    if len(seg.split()) < 2:  # 'Title. Rev. Lat. Enferm. 2005', 'Title. Abasar. Dhaka'
        return False
    if not seg[0].isupper() and seg[0] not in "\"“‘'[(„":
        return False
    place = re.split(r"[.,:]\s", rem + " ")[0]
    after_place = rem[len(place) :].strip(" .,")
    if (
        _PUBLISHER_NAME.fullmatch(seg)
        and PLACE.fullmatch(place)
        and (not after_place or re.match(r"(?:Retrieved|Available|URL|https?:)", after_place))
    ):
        return False  # 'Title. Random House. New York.', not 'Power. A Radical View. London: X'
    if _ISSUE_FIRST.match(rem):  # 'Title. Soil Soc. 2017;5(2)': that was the journal
        return False
    last = re.split(r",\s*|\.\s+", rem.rstrip(" ."))[-1]
    ends_in_place = last != rem.rstrip(" .") and bool(PLACES.fullmatch(last))  # '..., Paris'
    return bool(re.search(r"\d|:", rem) or _VENUE.search(rem) or len(rem) <= 40 or ends_in_place)


# what follows a journal's name, not a subtitle: '2017;5(2)', 'Vol. 39', 'No 171', 'First
# published online'
_ISSUE_FIRST = re.compile(
    r"\d|(?:vol|no|nr|issue|volume)\b|(?:first |advance |early )?(?:published online|online first)",
    re.IGNORECASE,
)
# editors or translators named after the title: 'G. Roth, C. Wittich, Eds. & Trans.'
_EDITORS_NOTE = re.compile(r"\b(?:Eds?|Trans|Hrsg)\.(?:\s|$)")
# an edition statement: '2. Edition. ', '8. Aufl. ', '3rd edn, '
_EDITION = re.compile(rf"^{EDITION}[,\s]*", re.IGNORECASE)
# a segment that names a venue rather than continuing a title
_VENUE_NAME = re.compile(
    r"^(?:The\s+)?(?:Journal|Review|Proceedings|Annals|Bulletin|Zeitschrift|Revue|Rivista|"
    r"Revista|Quarterly|Studies in|Working Paper|Discussion Paper)\b|\b(?:Journal|Review) of\b"
    r"|\b(?:Press|Verlag|Publishers?|Publishing|Publications?|House|Company|Co|Ltd|Limited|"
    r"Inc|University|Universit\w+|Books|Editions?|Working Papers?|Discussion Papers?|Series|"
    r"Report|Thesis|Dissertation|Journal)\s*$"
    r"|\b(?:working paper|discussion paper|paper presented|unpublished|institute for|"
    r"institut f[uü]r|series (?:on|in))\b"
    # 'Thèse de doctorat', 'PhD thesis' (not 'La thèse du parti de cartel', an argument)
    r"|^(?:(?:ph\.?\s?d\.?|doctoral|master'?s?|diploma)\s+)?(?:dissertation|thesis|th[eè]se)\b"
    r"|\b(?:ph\.?\s?d\.?|doctoral|master'?s?|m\.?sc|m\.?phil|m\.?a\.?)\s+(?:dissertation|thesis)\b",
    re.IGNORECASE,
)
# a short name in capitals only, as publishers are written ('Random House', 'Sage & Sons')
_PUBLISHER_NAME = re.compile(rf"[{UPPER}][\w.'’-]*(?:\s+(?:[{UPPER}][\w.'’-]*|&)){{0,4}}")
# bodies that publish reports: a comma before them ends a title
_BODY = re.compile(
    r"\b(?:Institute|Institut|Centre|Center|Secretariat|Corporation|Commission|Ministry|Office|"
    r"Council|Bank|Foundation|Agency|Bureau|Department|Organi[sz]ation)\b"
)


# where a container ends: at its volume, issue or pages, or a full stop
_CONTAINER_END = re.compile(
    r"^(.+?)(?=,?\s*(?:vol\.?|volume|Jg\.|Bd\.|no\.?|nr\.)?\s*\d|[.;]\s|,\s*(?:pp?\.|S\.)"
    r"|\s*\(pp?\.|$)"
)


def _take_container(after: str) -> str | None:
    if not after:
        return None
    m = _CONTAINER_END.match(after)
    cont = (m.group(1) if m else after).strip(" ,.:;*_")
    cont = cont.strip("*_ ")
    if not cont or len(cont) < 2 or cont[0].isdigit() or _URL.match(cont.lstrip("(<[")):
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


def first_url(raw: str) -> str | None:
    m = _URL.search(raw)
    return m.group(0).rstrip(".,;)") if m else None
