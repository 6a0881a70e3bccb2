"""Postings of frequent words, decoded ahead into arrays beside the Whoosh index.

Whoosh keeps each block of postings zlib-compressed and pickled together with the words'
positions: reading the 50,000 postings of "police" costs 40 ms before anything is scored. After
each commit, every segment without them gets the postings of its frequent words (in at least
FREQUENT articles of the segment) and of every publication day decoded once and written as
numpy arrays, with each article's field lengths; searches memory-map them (scored by
briefs.index.search.numpy_search). Segments never change once written (a merge writes a new one), so
neither do their arrays; deletions are read from the live segment at search time.
"""

from __future__ import annotations

import functools
import json
import shutil
from itertools import accumulate
from pathlib import Path

import numpy as np

from briefs.index import workers

FIELDS = ("title", "body", "source", "author")  # the scored text fields
FREQUENT = 1000  # a word in this many articles of a segment has its postings decoded ahead
DAY = "day"  # the publication day: every day's postings are decoded (date filters read them)
# Documents to decode from which segments are decoded in helper processes, and how many.
PARALLEL_FROM = 50_000
HELPERS = 2


def segment_key(reader) -> str | None:
    """The name of a reader's segment (its arrays live in a folder of that name), if any."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else None


def decode(reader, field: str, term: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers (in the segment) and weights of one term, deleted documents included.

    Reads the whoosh3 codec's blocks directly (the package is pinned in pyproject.toml, and
    tests/test_numpy_search.py compares every answer built on this with Whoosh's own).
    """
    matcher = reader._terms.matcher(field, term, reader.schema[field].format)
    ids: list = []
    weights: list = []
    if all(hasattr(matcher, a) for a in ("_read_data", "_goto", "_lastblock", "_byteids")):
        # Whole blocks at a time: one unpickle per 128 postings, not a Python step per posting.
        matcher.reset()
        while not matcher._atend:
            matcher._read_data()
            block_ids, block_weights = matcher._data[0], matcher._data[1]
            count = len(block_ids)
            ids.append(np.fromiter(block_ids if matcher._byteids else accumulate(block_ids),
                                   dtype=np.int64, count=count))
            if block_weights is None:
                weights.append(np.ones(count))
            elif isinstance(block_weights, float):
                weights.append(np.full(count, block_weights))
            else:
                weights.append(np.asarray(block_weights, dtype=np.float64))
            if matcher._lastblock:
                break
            matcher._goto(matcher._nextoffset)
        if ids:
            return np.concatenate(ids), np.concatenate(weights)
        return np.zeros(0, np.int64), np.zeros(0)
    # Postings stored inline with the term (a word in one article): any matcher will do.
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def field_lengths(reader, field: str) -> np.ndarray:
    """Each document's length in a field, as the scorer reads it (0 for none)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    stored = length_bytes(perdoc, field, count) if perdoc is not None else None
    if stored is not None:
        return byte_lengths()[stored]
    return np.fromiter((reader.doc_field_length(d, field, 0) or 0 for d in range(count)),
                       dtype=np.float64, count=count)


@functools.lru_cache(maxsize=1)
def byte_lengths() -> np.ndarray:
    """The length each of the 256 length bytes stands for (0 for none)."""
    from whoosh.util.numeric import byte_to_length

    return np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def length_bytes(perdoc, field: str, count: int) -> np.ndarray | None:
    """A whoosh3 segment's length bytes of a field, one per document (0: none stored), read
    as one block; None where the codec or column is not what this reads. Asking Whoosh
    document by document took 1.6 s a field at 500,000 documents."""
    from whoosh.codec import whoosh3

    if not isinstance(perdoc, whoosh3.W3PerDocReader):
        return None
    column = perdoc._cached_reader(f"_{field}_len", whoosh3.LENGTHS_COLUMN)
    if column is None:
        return np.zeros(count, dtype=np.uint8)  # no document has a length in this field
    if getattr(column, "_typecode", None) != "B" or getattr(column, "_fixedlen", None) != 1:
        return None
    found = np.zeros(count, dtype=np.uint8)
    stored = min(column._count, count)  # documents after the last one stored have none
    if stored:
        found[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored),
                                       dtype=np.uint8)
    return found


class Segment:
    """The decoded frequent postings and field lengths of one segment (memory-mapped)."""

    def __init__(self, folder: Path):
        self.terms: dict[str, dict[str, list[int]]] = json.loads(
            (folder / "terms.json").read_text())
        self.ids = np.load(folder / "ids.npy", mmap_mode="r")
        self.weights = np.load(folder / "weights.npy", mmap_mode="r")
        self.lengths = np.load(folder / "lengths.npy", mmap_mode="r")

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        span = self.terms.get(field, {}).get(term)
        if span is None:
            return None
        return self.ids[span[0]:span[1]], self.weights[span[0]:span[1]]

    def field_lengths(self, field: str) -> np.ndarray:
        return self.lengths[FIELDS.index(field)]


class DecodedPostings:
    """The folder of decoded postings, one sub-folder per segment of the index."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._open: dict[str, Segment] = {}

    def get(self, reader) -> Segment | None:
        """A segment's decoded postings, or None if they were not written (yet)."""
        key = segment_key(reader)
        if key is None:
            return None  # an empty index
        if key not in self._open:
            folder = self.folder / key
            if not (folder / "terms.json").exists():
                return None
            try:
                self._open[key] = Segment(folder)
            except (OSError, ValueError):
                # Unreadable: Whoosh answers, and the next commit writes the arrays again.
                shutil.rmtree(folder, ignore_errors=True)
                return None
        return self._open[key]

    def update(self, readers: list, index_folder: Path | None = None) -> None:
        """Write the arrays of segments that have none; remove those of segments gone.

        With the `index_folder` the readers come from, big segments are decoded two at a
        time in helper processes (a big import commits one segment per writer child)."""
        readers = [r for r in readers if segment_key(r) is not None]
        keys = {segment_key(r) for r in readers}
        self.folder.mkdir(parents=True, exist_ok=True)
        todo = [r for r in readers if not self._written(segment_key(r))]
        if index_folder is not None and len(todo) > 1 and \
                sum(r.doc_count_all() for r in todo) >= PARALLEL_FROM and workers.available():
            self._write_in_helpers(index_folder, [segment_key(r) for r in todo])
            todo = [r for r in todo if not self._written(segment_key(r))]
        for reader in todo:
            self._write_safely(reader)
        for old in self.folder.iterdir():
            if old.name not in keys and not old.name.startswith("."):  # another writer's part
                self._open.pop(old.name, None)
                shutil.rmtree(old, ignore_errors=True)

    def _written(self, key: str) -> bool:
        return (self.folder / key / "terms.json").exists()

    def _write_safely(self, reader) -> None:
        try:
            self._write(reader)
        except ValueError:
            # A segment whose counts and postings disagree: Whoosh answers for it.
            shutil.rmtree(self.folder / f".{segment_key(reader)}.part", ignore_errors=True)

    def _write_in_helpers(self, index_folder: Path, keys: list[str]) -> None:
        """Decode these segments in two helper processes; any they leave, this one does."""
        import multiprocessing

        jobs = [(str(index_folder), str(self.folder), key) for key in keys]
        try:
            with workers.fork_pool(min(HELPERS, len(keys)), workers.die_with_parent) as pool:
                pool.map(_write_segment, jobs, chunksize=1)
        except (OSError, ValueError, multiprocessing.ProcessError):
            pass  # what is missing is written here

    def _write(self, reader) -> None:
        key = segment_key(reader)
        # Which terms, and how many postings each: a term's document frequency counts every
        # posting it has (deleted documents too, as decode() reads them).
        wanted: list[tuple[str, bytes, int]] = []
        for field in (*FIELDS, DAY):
            if field not in reader.schema:
                continue
            for term, info in reader.iter_field(field):
                if info.doc_frequency() >= FREQUENT or field == DAY:
                    wanted.append((field, term, info.doc_frequency()))
        total = sum(count for _, _, count in wanted)
        terms: dict[str, dict[str, list[int]]] = {field: {} for field in (*FIELDS, DAY)}
        # Written whole under a temporary name, then renamed: a reader sees all or nothing.
        part = self.folder / f".{key}.part"
        shutil.rmtree(part, ignore_errors=True)
        part.mkdir()
        # Each term's postings go straight to the files, whose size is known ahead: holding
        # them all to write at once peaked at 900 MB for a segment of 500,000 articles.
        with _NpyWriter(part / "ids.npy", np.int32, total) as ids, \
                _NpyWriter(part / "weights.npy", np.float32, total) as weights:
            for field, term, _ in wanted:
                term_ids, term_weights = decode(reader, field, term)
                terms[field][term.decode("utf-8")] = [ids.written, ids.written + len(term_ids)]
                ids.write(term_ids)
                weights.write(term_weights)
        lengths = np.stack([field_lengths(reader, f) for f in FIELDS]).astype(np.float32)
        np.save(part / "lengths.npy", lengths)
        (part / "terms.json").write_text(json.dumps(terms))
        shutil.rmtree(self.folder / key, ignore_errors=True)
        part.rename(self.folder / key)


def _write_segment(job: tuple[str, str, str]) -> None:
    """In a helper: decode one segment of the index, found by its key."""
    from whoosh import index

    index_folder, folder, key = job
    with index.open_dir(index_folder).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if segment_key(leaf) == key:
                DecodedPostings(Path(folder))._write_safely(leaf)


class _NpyWriter:
    """A one-dimensional .npy file of a size known ahead, written a piece at a time."""

    def __init__(self, path: Path, dtype, total: int):
        self.dtype, self.total, self.written = np.dtype(dtype), total, 0
        self._file = path.open("wb")
        np.lib.format.write_array_header_1_0(self._file, {
            "descr": np.lib.format.dtype_to_descr(self.dtype), "fortran_order": False,
            "shape": (total,)})

    def write(self, values: np.ndarray) -> None:
        if self.written + len(values) > self.total:
            raise ValueError("more postings than the terms' document frequencies")
        self._file.write(np.ascontiguousarray(values, dtype=self.dtype).tobytes())
        self.written += len(values)

    def __enter__(self) -> _NpyWriter:
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()
        if exc[0] is None and self.written != self.total:
            raise ValueError("fewer postings than the terms' document frequencies")
