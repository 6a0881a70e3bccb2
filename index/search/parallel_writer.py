"""Whoosh's two-process writer, made safe against `kill -9` of the parent.

Whoosh's MpWriter children wait on a job queue; if the parent is killed they wait forever and
keep the index lock, so no later run can write. Here each child asks Linux to kill it when its
parent dies (workers.die_with_parent). Where that is not available, no parallel writer is made.
"""

from __future__ import annotations

import heapq
import pickle
from array import array
from itertools import groupby
from operator import itemgetter

from whoosh import writing
from whoosh.multiproc import MpWriter, SubWriterTask

from briefs.index.workers import die_with_parent

# Postings per pickle in a spilled run. The merge at the end holds one block of every run:
# at a million articles a child spills about 130 runs, and blocks of 10,000 held 250-560 MB
# of postings at once (a merge of 130 runs alone: 275 MB; blocks of 1,000: 50 MB, faster).
RUN_BLOCK = 1_000


class _TermPool(writing.PostingPool):
    """Whoosh's posting pool, holding each term's postings together.

    Whoosh keeps one list of (field, term, docnum, weight, positions) tuples, sorts it at
    every spill and merges the runs back posting by posting: a quarter of a writer child's
    time. A child adds documents in docnum order, so each term's postings are in order as
    they come; here only the terms are sorted at a spill, runs are merged term by term (an
    earlier run holds earlier documents), and the same postings come out in the same order.
    Spilled runs are pickled in blocks of about RUN_BLOCK postings.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.terms: dict[str, dict[bytes, list]] = {}  # field -> term -> postings

    def add(self, item) -> None:
        """One posting, as Whoosh's own add_document gives them."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, [(tbytes, 1, weight, vbytes)])
        self.full()

    def add_field(self, fieldname: str, docnum: int, items: list, boost: float = 1.0) -> None:
        """Add a document's postings in one field (what field.index() gave: term, frequency,
        weight, positions), after those of the documents before it."""
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        size = 0
        for tbytes, _, weight, vbytes in items:
            postings = terms.get(tbytes)
            if postings is None:
                terms[tbytes] = [(docnum, weight * boost, vbytes)]
            else:
                postings.append((docnum, weight * boost, vbytes))
            # The size Whoosh's add() estimates for a posting.
            size += 150 + len(fieldname) + 2 * len(tbytes) + len(vbytes or b"")
        self.currentsize += size

    def full(self) -> None:
        """Spill a run if the pool holds more than its limit (after a whole document)."""
        if self.currentsize > self.limit:
            self.save()

    def save(self) -> None:
        if self.terms:
            path, f = self._new_run()
            self._write_run(f, self._sorted_terms())
            self._add_run(path)
            self.terms = {}
        self.currentsize = 0

    def _sorted_terms(self):
        for fieldname in sorted(self.terms):
            terms = self.terms[fieldname]
            for tbytes in sorted(terms):
                yield (fieldname, tbytes), terms[tbytes]

    def _write_run(self, f, entries) -> None:
        block: list = []
        size = 0
        for entry in entries:
            block.append(entry)
            size += len(entry[1])
            if size >= RUN_BLOCK:
                pickle.dump(block, f, pickle.HIGHEST_PROTOCOL)
                block, size = [], 0
        if block:
            pickle.dump(block, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    block = pickle.load(f)
                except EOFError:
                    return
                yield from block
        finally:
            f.close()
            self._remove_run(path)

    def _merged(self, paths: list):
        # Ties between runs go to the earlier run: its documents come first.
        return heapq.merge(*(self._read_run(path) for path in paths), key=_KEY)

    def items(self, maxfiles: int = 128):
        """Every posting as Whoosh's pool gives it, in (field, term, docnum) order."""
        for (fieldname, tbytes), postings in self.terms_in_order(maxfiles):
            for docnum, weight, vbytes in postings:
                yield fieldname, tbytes, docnum, weight, vbytes

    def terms_in_order(self, maxfiles: int = 128):
        """Every term's postings, ((field, term), [(docnum, weight, positions)]) in (field,
        term) order, with at most `maxfiles` runs open at once."""
        if self.runs:
            self.save()
            runs, self.runs = self.runs, []
            while len(runs) > maxfiles:
                # The earliest runs become one: as few as bring the count down to maxfiles.
                take = min(maxfiles, len(runs) - maxfiles + 1)
                path, f = self._new_run()
                self._write_run(f, self._merged(runs[:take]))
                runs = [path, *runs[take:]]
            yield from self._merged(runs)
        else:
            yield from self._sorted_terms()

    def iter_postings(self):
        return self.items()


_KEY = itemgetter(0)


def _add_document(writer, **fields) -> None:
    """Whoosh's SegmentWriter.add_document, with a document's postings added to the pool at
    once. Fields with spelling or vectors (briefs has none) take Whoosh's own way."""
    schema = writer.schema
    fieldnames = sorted(name for name in fields if not name.startswith("_"))
    if any(name in schema and (schema[name].separate_spelling() or schema[name].vector)
           for name in fieldnames):
        return _whoosh_add_document(writer, **fields)
    writer._check_state()
    writer._check_fields(schema, fieldnames)
    perdocwriter, docnum = writer.perdocwriter, writer.docnum
    docboost = writer._doc_boost(fields)
    indexed: list = []  # (field, its postings, boost), pooled once the document is whole
    perdocwriter.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                boost = writer._field_boost(fields, fieldname, docboost)
                items = list(field.index(value))
                if field.scorable:
                    length = sum(item[1] for item in items)
                indexed.append((fieldname, items, boost))
            stored = fields.get(f"_stored_{fieldname}", value)
            perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
            if field.column_type and stored is not None:
                perdocwriter.add_column_value(fieldname, field.column_type,
                                              field.to_column_value(stored))
    except ValueError:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    pool = writer.pool
    for fieldname, items, boost in indexed:
        pool.add_field(fieldname, docnum, items, boost)
    pool.full()
    writer._added = True
    writer.docnum += 1


_whoosh_add_document = writing.SegmentWriter.add_document


class _Lengths:
    """A new segment's field lengths, each field's read into a list once.

    Writing the postings asks for the document's field length once per posting (millions),
    which Whoosh answers by reading the length column file each time.
    """

    def __init__(self, reader):
        self._reader = reader

    def doc_field_length_reader(self, fieldname: str, default: int = 0):
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN

        from briefs.index.search.decoded_postings import byte_lengths, length_bytes

        count = self._reader.doc_count_all()
        stored = length_bytes(self._reader, fieldname, count)
        if stored is not None and \
                self._reader._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN) is not None:
            # As Whoosh's reader answers: the length, or None where none was stored.
            table = [int(n) or None for n in byte_lengths().tolist()]
            return [table[b] for b in stored.tolist()].__getitem__
        one = self._reader.doc_field_length_reader(fieldname, default)
        return [one(docnum) for docnum in range(count)].__getitem__

    def close(self) -> None:
        self._reader.close()


_whoosh_per_document_reader = writing.SegmentWriter.per_document_reader


def _per_document_reader(writer):
    return _Lengths(_whoosh_per_document_reader(writer))


def _flush_segment(writer) -> None:
    """Whoosh's SegmentWriter._flush_segment, with each term's postings written a block at a
    time (write_terms) where the pool, codec and schema are the ones that supports."""
    from whoosh.codec import whoosh3

    pool, fieldwriter, schema = writer.pool, writer.fieldwriter, writer.schema
    if not isinstance(pool, _TermPool) or type(fieldwriter) is not whoosh3.W3FieldWriter \
            or any(field.separate_spelling() for _, field in schema.items()):
        return _whoosh_flush_segment(writer)
    writer.perdocwriter.close()
    lengths = writer.per_document_reader() if writer.codec.length_stats else None
    write_terms(fieldwriter, schema, lengths, pool.terms_in_order())
    fieldwriter.close()
    if lengths:
        lengths.close()


_whoosh_flush_segment = writing.SegmentWriter._flush_segment


def write_terms(fieldwriter, schema, lengths, terms) -> None:
    """Write (field, term) -> postings entries, in order (one term may come in several
    entries in a row), as Whoosh's FieldWriter.add_postings writes them posting by posting:
    the same blocks, bounds and bytes (tests/test_parallel_writer.py compares the files).
    Whoosh's way makes four calls and four type checks per posting: the 20k random-shape
    reindex took 3-5% longer that way (the rest of a flush is zlib and pickle, in C)."""
    lastfield = None
    length_of = None
    for (fieldname, tbytes), entries in groupby(terms, key=_KEY):
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            length_of = lengths.doc_field_length_reader(fieldname) if lengths else None
            lastfield = fieldname
        fieldwriter.start_term(tbytes)
        postwriter = fieldwriter._postwriter
        limit = postwriter._blocklimit
        pending: list = []
        for _, postings in entries:
            if pending:
                postings = pending + postings
            start = 0
            # Whoosh writes a full block when the next posting comes: every block holds
            # `limit` postings but the last, which finish_term writes.
            while len(postings) - start > limit:
                _fill_block(postwriter, postings[start:start + limit], length_of)
                postwriter._write_block()
                start += limit
            pending = postings[start:] if start else postings
        _fill_block(postwriter, pending, length_of)
        fieldwriter.finish_term()
    if lastfield is not None:
        fieldwriter.finish_field()


def _fill_block(postwriter, postings: list, length_of) -> None:
    """Set a W3PostingsWriter's buffered block to these postings, with the statistics its
    add_posting() would have kept."""
    docnums, weights, values = zip(*postings, strict=True)
    postwriter._ids = array("I", docnums)
    postwriter._weights = array("f", weights)
    postwriter._values = [value for value in values if value]
    postwriter._maxweight = max(0, *weights)
    if length_of is not None:
        found = [length for length in map(length_of, docnums) if length]
        postwriter._minlength = min(found) if found else None
        postwriter._maxlength = max(found, default=0)


class _Child(SubWriterTask):
    def run(self) -> None:
        die_with_parent()
        # This process is ours alone: its writer pools postings by term, reads each
        # field's lengths once, adds a document's postings at once and writes them a
        # block at a time.
        writing.PostingPool = _TermPool
        writing.SegmentWriter.per_document_reader = _per_document_reader
        writing.SegmentWriter.add_document = _add_document
        writing.SegmentWriter._flush_segment = _flush_segment
        super().run()


class _Writer(MpWriter):
    def cancel(self) -> None:
        """Whoosh's cancel, then the children ended: they wait on their job queue forever,
        and Python's exit would wait for them (a stopped catch-up, a failed import)."""
        try:
            super().cancel()
        finally:
            for task in self.tasks:
                if task.is_alive():
                    task.terminate()
                    task.join(timeout=5)

    def _new_task(self):
        task = _Child(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                      self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task


def writer(ix, procs: int, **kwargs):
    """A multi-process writer whose children cannot outlive this process.

    Each child writes a segment of its own (`multisegment`): their spilled runs are in
    _TermPool's format, which only they read."""
    kwargs["multisegment"] = True
    return _Writer(ix, procs=procs, **kwargs)
