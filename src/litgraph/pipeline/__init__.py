"""build(paths, store) -> BuildReport: discover, extract (in parallel), resolve, load.

Incremental and crash-safe on every store (FalkorDB has no multi-statement transactions):
- each source file's extracted documents are cached on its `Source` node with the file's
  sha256 and the extractor version; an unchanged file is never extracted again;
- each file's contribution to the graph has a fingerprint; an unchanged one is not written;
- a contribution is written as: Source marked `writing` -> old contribution retracted -> new
  one written -> Source marked `complete` with its fingerprint. A build killed at any point
  leaves at most one Source not `complete`, and the next build redoes exactly that one;
- a file that disappeared from the built folders retracts its contribution;
- a relationship exists once however many sources assert it (`graph.provenance`), and a
  store written with one relationship per source is migrated by the next build.

Every file fault is a failure in the report, never an abort or a wait: unreadable files and
folders, broken links and pipes are reported by the scan; each extraction has a time bound
(FILE_SECONDS) and, in worker processes, a memory bound (FILE_MEMORY). Worker processes end
when the litgraph process that started them ends, however it ends.
"""

from .build import build
from .extraction import FILE_MEMORY, FILE_SECONDS, extract_source
from .report import BuildReport, Progress
from .writing import LOAD_BATCH, Pending, write_contributions

__all__ = [
    "FILE_MEMORY",
    "FILE_SECONDS",
    "LOAD_BATCH",
    "BuildReport",
    "Pending",
    "Progress",
    "build",
    "extract_source",
    "write_contributions",
]
