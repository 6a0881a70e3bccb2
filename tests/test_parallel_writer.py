"""The two-process index writer: spilled runs read back whole, the same index as one writer."""

from __future__ import annotations

import random

import pytest
from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from briefs.index import workers
from briefs.index.search import parallel_writer
from briefs.index.search.searchindex import schema

WORDS = ("river flood bridge mayor council vote storm ferry police court budget school "
         "harbour fire crew minister summit trade rail strike").split()


def test_a_spilled_pool_gives_back_every_posting_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel_writer, "RUN_BLOCK", 7)  # blocks end mid-run
    pool = parallel_writer._TermPool(FileStorage(str(tmp_path)), None, limitmb=0)
    pool.limit = 2_000  # bytes: a run every dozen postings
    rng = random.Random(4)
    items = []
    for docnum in range(300):  # as a writer adds them: a document's postings after the last's
        for field in ("body", "title"):
            words = sorted({rng.choice(WORDS) for _ in range(rng.randint(0, 4))})
            pool.add_field(field, docnum, [(w.encode(), 1, 2.0, b"p") for w in words], 0.5)
            items += [(field, w.encode(), docnum, 1.0, b"p") for w in words]
        pool.full()
    assert len(pool.runs) > 20
    assert list(pool.items()) == sorted(items)
    assert pool.fieldnames == {"body", "title"}


def test_a_pool_with_more_runs_than_open_files_allowed_merges_the_earliest_first(tmp_path):
    pool = parallel_writer._TermPool(FileStorage(str(tmp_path)), None, limitmb=0)
    pool.limit = 1_000
    rng = random.Random(9)
    items = []
    for docnum in range(200):
        for word in sorted({rng.choice(WORDS) for _ in range(3)}):
            pool.add(("body", word.encode(), docnum, 1.0, b""))  # Whoosh's own way
            items.append(("body", word.encode(), docnum, 1.0, b""))
    assert len(pool.runs) > 10
    assert list(pool.items(maxfiles=3)) == sorted(items)
    assert not list(tmp_path.glob("*.run"))  # every run read back and removed


def test_a_pool_that_never_spilled_gives_back_every_posting_in_order(tmp_path):
    pool = parallel_writer._TermPool(FileStorage(str(tmp_path)), None, limitmb=64)
    items = [("body", word.encode(), docnum, 2.0, b"p") for docnum in range(50)
             for word in sorted(set(WORDS[docnum % 7:docnum % 7 + 4]))]
    for item in items:
        pool.add(item)
    assert not pool.runs
    assert list(pool.iter_postings()) == sorted(items)


def _articles(count: int) -> list[dict]:
    from datetime import datetime

    rng = random.Random(7)
    docs = [{"id": f"a{n}", "title": " ".join(rng.choices(WORDS, k=4)),
             "body": " ".join(rng.choices(WORDS, k=60)), "source": f"Outlet {n % 5}",
             "tags": "a,b" if n % 2 else "", "url": f"https://example.org/{n}"}
            for n in range(count)]
    for n, doc in enumerate(docs[::2]):  # every other one dated: a sortable column and a day
        day = datetime(2025, 1 + n % 12, 1 + n % 28)
        doc["published"], doc["day"] = day, day.strftime("%Y%m%d")
    return docs


def _documents(ix) -> dict:
    """article id -> its stored fields, field lengths and publication column value."""
    found = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        column = reader.column_reader("published", translate=False)
        for docnum, fields in searcher.iter_docs():
            found[fields["id"]] = (fields, reader.doc_field_length(docnum, "title"),
                                   reader.doc_field_length(docnum, "body"),
                                   reader.doc_field_length(docnum, "source"), column[docnum])
    return found


def _postings(ix) -> dict:
    """(field, term) -> {article id: (weight, positions)}; docnums differ by writer."""
    found = {}
    with ix.searcher() as searcher:
        ids = {docnum: fields["id"] for docnum, fields in searcher.iter_docs()}
        reader = searcher.reader()
        for field, term in reader.all_terms():
            if field == "id":
                continue
            matcher, seen = reader.postings(field, term), {}
            while matcher.is_active():
                positioned = matcher.supports("positions")
                seen[ids[matcher.id()]] = (matcher.weight(), tuple(
                    matcher.value_as("positions")) if positioned else matcher.value())
                matcher.next()
            found[field, term] = seen
    return found


def _index_in_two_processes(folder, docs):
    folder.mkdir()
    ix = index.create_in(str(folder), schema())
    # limitmb=1: each child spills several runs, read back through the term pool.
    writer = parallel_writer.writer(ix, procs=2, multisegment=True, limitmb=1, batchsize=50)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return ix


@pytest.mark.skipif(not workers.available(), reason="needs Linux, fork and two cores")
def test_two_processes_write_each_blocks_length_bounds_from_its_documents(tmp_path):
    docs = _articles(400)
    for doc in docs[::3]:
        doc["body"] += " storm" * len(doc["id"])  # lengths that differ from block to block
    ix = _index_in_two_processes(tmp_path / "ix", docs)
    checked = 0
    for leaf, _ in ix.reader().leaf_readers():
        for field, term in leaf.all_terms():
            if field != "body":
                continue
            matcher, blocks = leaf.postings(field, term), {}
            while matcher.is_active():
                bounds = (matcher.block_min_length(), matcher.block_max_length())
                blocks.setdefault((matcher.block_min_id(), bounds), []).append(
                    leaf.doc_field_length(matcher.id(), field))
                matcher.next()
            for (_, (low, high)), lengths in blocks.items():
                assert (low, high) == (min(lengths), max(lengths))
                checked += 1
    assert checked > 20


@pytest.mark.skipif(not workers.available(), reason="needs Linux, fork and two cores")
def test_two_processes_that_spill_write_the_same_postings_as_one(tmp_path):
    docs = _articles(600)
    (tmp_path / "one").mkdir()
    single = index.create_in(str(tmp_path / "one"), schema())
    writer = SegmentWriter(single)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    double = _index_in_two_processes(tmp_path / "two", docs)
    assert len(double.reader().leaf_readers()) > 1  # both children wrote a segment
    assert _postings(double) == _postings(single)
    assert _documents(double) == _documents(single)


def _segment_files(folder, docs, monkeypatch, block_at_a_time: bool) -> dict[str, bytes]:
    """The files of one segment written as a writer child writes it (its pool, its lengths),
    with Whoosh's posting-by-posting flush or write_terms; by name, less the segment's id."""
    from whoosh import writing

    with monkeypatch.context() as patch:
        patch.setattr(writing, "PostingPool", parallel_writer._TermPool)
        patch.setattr(SegmentWriter, "per_document_reader",
                      parallel_writer._per_document_reader)
        patch.setattr(SegmentWriter, "add_document", parallel_writer._add_document)
        if block_at_a_time:
            patch.setattr(SegmentWriter, "_flush_segment", parallel_writer._flush_segment)
        folder.mkdir()
        ix = index.create_in(str(folder), schema())
        writer = SegmentWriter(ix, limitmb=1, compound=False)  # spills several runs
        assert isinstance(writer.pool, parallel_writer._TermPool)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        assert len(writer.pool.runs) == 0
    return {path.name.partition(".")[2]: path.read_bytes() for path in folder.iterdir()
            if path.name.startswith("MAIN_") and "." in path.name}


def test_a_child_writes_postings_a_block_at_a_time_with_the_bytes_whoosh_writes(
        tmp_path, monkeypatch):
    docs = _articles(900)
    for n, doc in enumerate(docs):
        # Rare words too: terms of one posting (inlined), of a few, and of many blocks.
        doc["body"] += f" rare{n} shared{n // 7}" + " storm" * (n % 4)
        if n < 256:
            doc["body"] += " exact"  # two whole blocks, no partial last one
    spilled: list = []
    save = parallel_writer._TermPool.save
    monkeypatch.setattr(parallel_writer._TermPool, "save",
                        lambda pool: (spilled.append(1), save(pool)))
    whoosh_way = _segment_files(tmp_path / "whoosh", docs, monkeypatch, False)
    ours = _segment_files(tmp_path / "ours", docs, monkeypatch, True)
    assert len(spilled) > 4  # runs merged back, one term in several entries
    assert {"pst", "trm", "_body_len.col"} <= set(ours)
    assert ours.keys() == whoosh_way.keys()
    for name, data in whoosh_way.items():
        assert ours[name] == data, name
