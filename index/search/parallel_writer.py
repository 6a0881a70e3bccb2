"""Whoosh's two-process writer, made safe against `kill -9` of the parent.

Whoosh's MpWriter children wait on a job queue; if the parent is killed they wait forever and
keep the index lock, so no later run can write. Here each child asks Linux to kill it when its
parent dies (workers.die_with_parent). Where that is not available, no parallel writer is made.
"""

from __future__ import annotations

import pickle

from whoosh import writing
from whoosh.multiproc import MpWriter, SubWriterTask

from briefs.index.workers import die_with_parent

RUN_BLOCK = 10_000  # postings per pickle in a spilled run

class _BlockPool(writing.PostingPool):
    """Whoosh's posting pool with its spilled runs written and read in blocks.

    A child indexing tens of thousands of articles spills millions of postings to disk in
    sorted runs and merges them back at the end; Whoosh pickles and unpickles each posting
    on its own, which costs more than writing the segment. One pickle per block of postings
    keeps the same runs and the same order at a fraction of the cost.
    """

    def _write_run(self, f, items) -> None:
        block: list = []
        for item in items:
            block.append(item)
            if len(block) >= RUN_BLOCK:
                pickle.dump(block, f, pickle.HIGHEST_PROTOCOL)
                block = []
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


class _Lengths:
    """A new segment's field lengths, each field's read into a list once.

    Writing the postings asks for the document's field length once per posting (millions),
    which Whoosh answers by reading the length column file each time.
    """

    def __init__(self, reader):
        self._reader = reader

    def doc_field_length_reader(self, fieldname: str, default: int = 0):
        one = self._reader.doc_field_length_reader(fieldname, default)
        return [one(docnum) for docnum in range(self._reader.doc_count_all())].__getitem__

    def close(self) -> None:
        self._reader.close()


_whoosh_per_document_reader = writing.SegmentWriter.per_document_reader


def _per_document_reader(writer):
    return _Lengths(_whoosh_per_document_reader(writer))


class _Child(SubWriterTask):
    def run(self) -> None:
        die_with_parent()
        # This process is ours alone: its writer spills runs in blocks and reads each
        # field's lengths once.
        writing.PostingPool = _BlockPool
        writing.SegmentWriter.per_document_reader = _per_document_reader
        super().run()


class _Writer(MpWriter):
    def _new_task(self):
        task = _Child(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                      self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task


def writer(ix, procs: int, **kwargs):
    """A multi-process writer whose children cannot outlive this process."""
    return _Writer(ix, procs=procs, **kwargs)
