"""A build killed with SIGKILL while it loads the store: no server is left behind, and the next
build repairs the graph to exactly what a clean build gives."""

from __future__ import annotations

import json
import os
import pty
import random
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from litgraph.pipeline import LOAD_BATCH, build
from litgraph.store.embedded import EmbeddedStore
from test_pipeline import ADDED, clean_dump, dump, small_corpus

LITGRAPH = Path(sys.executable).with_name("litgraph")


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FAMILIES = _names(
    "Abbot Birch Calder Dunmore Ellery Fairlie Garrow Hartley Inchbald Jessop "
    "Kerrigan Lomax Mabry Nettle Orrell Pardew Quarry Rudge Sallow Tansey Upjohn "
    "Varley Wetherby Yarrow"
)
GIVEN = _names("Alma Bruno Clara Dmitri Edith Felix Greta Hugo Ines Jonas Kira Leon")
WORDS = _names(
    "shared services neighbourhood gardens tenants councils volunteers repair "
    "networks schools libraries transport care budgets trust rules meetings commons "
    "kitchens"
)
LOAD = re.compile(rb"load\s+\[[#.]+\]\s+(\d+)/(\d+)")


def _person(rnd: random.Random) -> tuple[str, str]:
    return rnd.choice(FAMILIES) + rnd.choice(("", "s", "ton", "ley")), rnd.choice(GIVEN)


def _title(rnd: random.Random) -> str:
    return " ".join(rnd.sample(WORDS, 5)).capitalize()


def make_papers(folder: Path, n: int = 150, pool: int = 400, seed: int = 20240601) -> Path:
    """n invented papers in markdown, each citing 20-40 works of a shared pool."""
    rnd = random.Random(seed)
    works = []
    for i in range(pool):
        fam, given = _person(rnd)
        works.append((fam, given, 1970 + i % 50, f"{_title(rnd)} {i}", f"Journal {i % 23}"))
    folder.mkdir(parents=True, exist_ok=True)
    for p in range(n):
        cited = rnd.sample(works, rnd.randint(20, 40))
        fam, given = _person(rnd)
        lines = [f"# Paper {p}: {_title(rnd)}", "", f"{given} {fam} ({2000 + p % 24})", ""]
        lines += ["## Abstract", f"We study {' and '.join(rnd.sample(WORDS, 3))}.", ""]
        lines.append("## Digest")
        for j, (cf, _, cy, _, _) in enumerate(cited):
            verb = rnd.choice(("argued", "showed", "suggested"))
            lines.append(
                f"As {cf} ({cy}) {verb}, {' '.join(rnd.sample(WORDS, 4))} matter."
                if j % 2
                else f"Earlier work looked at {' '.join(rnd.sample(WORDS, 3))} ({cf}, {cy})."
            )
        lines += ["", "## References"]
        for cf, cg, cy, ct, cv in sorted(cited):
            lines.append(f"{cf}, {cg[0]}. ({cy}). {ct}. {cv}, {cy % 40 + 1}(2), 10-30.")
        (folder / f"paper{p:03d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_build(store: Path, folder: Path) -> dict[str, object]:
    out = subprocess.run(
        [str(LITGRAPH), "--store", f"embedded:{store}", "--json", "build", str(folder), "-j", "2"],
        capture_output=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr.decode()
    assert b"Traceback" not in out.stderr
    report: dict[str, object] = json.loads(out.stdout)
    return report


def build_killed_at(store: Path, folder: Path, fraction: float) -> int:
    """Run `litgraph build` with a terminal on stderr (so it draws its progress bar) and
    SIGKILL it once the load stage has written `fraction` of the sources. Returns that count."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(LITGRAPH), "--store", f"embedded:{store}", "build", str(folder), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    seen, done = b"", -1
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                seen = (seen + os.read(master, 4096))[-300:]
            except OSError:
                break
            m = list(LOAD.finditer(seen))
            if m and int(m[-1].group(1)) >= fraction * int(m[-1].group(2)):
                proc.send_signal(signal.SIGKILL)
                done = int(m[-1].group(1))
                break
    finally:
        if proc.poll() is None and done < 0:
            proc.kill()
        proc.wait(timeout=30)
        os.close(master)
    assert done > 0, "the build ended before it could be killed during load"
    return done


def servers_for(store: Path) -> list[int]:
    """Pids of live processes whose command line names the store directory."""
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (d / "stat").read_text().split(") ", 1)[1][:1]
        except OSError:
            continue
        if str(store) in cmd and state != "Z":
            out.append(int(d.name))
    return out


def wait_no_server(store: Path, seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := servers_for(store)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_papers(tmp_path_factory.mktemp("safety") / "papers")


@pytest.fixture(scope="module")
def reference(papers: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], ...]:
    """The graph of one clean, uninterrupted build (library call, fresh store)."""
    return clean_dump(papers, tmp_path_factory.mktemp("clean") / "store", jobs=2)


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_sigkill_during_load_is_repaired(
    papers: Path, reference: tuple[list[str], ...], tmp_path: Path, fraction: float
) -> None:
    store = (tmp_path / "store").resolve()
    written = build_killed_at(store, papers, fraction)
    assert wait_no_server(store) == [], "a redis-server outlived the killed build"
    with EmbeddedStore(store) as s:  # the interrupted state: some sources, one batch partial
        partial = s.query("MATCH (s:Source) WHERE s.status <> 'complete' RETURN s.key AS k")
        complete = s.query("MATCH (s:Source {status: 'complete'}) RETURN count(s) AS n")[0]["n"]
    assert len(partial) <= LOAD_BATCH
    assert written <= complete < 150  # the progress bar counts completed sources
    report = run_build(store, papers)
    assert report["failures"] == []
    assert report["recovered"] == len(partial)
    assert int(str(report["extracted"])) + int(str(report["cached"])) == 150
    assert wait_no_server(store) == []
    with EmbeddedStore(store) as s:
        assert dump(s) == reference


# --- an interruption at every write of an incremental build (in process) ---------------------


class Interrupted(Exception):
    pass


def interrupt_after(store: EmbeddedStore, writes: int) -> Callable[[], int]:
    """Make the store's `write` raise once `writes` queries have run (the query before the
    cut is done, as a kill would leave it); returns a counter of the writes seen."""
    real = store.write
    seen = [0]

    def write(cypher: str, params: Any = None, *, timeout: float | None = None) -> list[Any]:
        if seen[0] >= writes:
            raise Interrupted
        seen[0] += 1
        return real(cypher, params, timeout=timeout)

    store.write = write  # type: ignore[method-assign]
    return lambda: seen[0]


def restore(store: EmbeddedStore) -> None:
    del store.write  # back to the class method


@pytest.mark.slow
def test_interrupted_incremental_build_is_repaired_at_every_write(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    target = folder / "hood1991.md"
    original = target.read_text(encoding="utf-8")
    changed = original + ADDED
    target.write_text(changed, encoding="utf-8")
    expected = clean_dump(folder, tmp_path / "fresh")
    target.write_text(original, encoding="utf-8")
    build([str(folder)], embedded_store)
    cut = 0
    while True:
        cut += 1
        target.write_text(original, encoding="utf-8")
        build([str(folder)], embedded_store)
        target.write_text(changed, encoding="utf-8")
        count = interrupt_after(embedded_store, cut)
        try:
            build([str(folder)], embedded_store)
            finished = True
        except Interrupted:
            finished = False
        finally:
            restore(embedded_store)
        r = build([str(folder)], embedded_store)
        assert r.failures == []
        assert dump(embedded_store) == expected, f"interrupted after write {cut}"
        if finished:
            break
    assert cut > 5 and count() == cut  # the last round ran all its writes
