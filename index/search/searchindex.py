"""The Whoosh full-text index, derived from the store and rebuilt from it at any time."""

from __future__ import annotations

import math
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from briefs.index.article import Article
from briefs.index.dates import to_datetime
from briefs.index.errors import BriefsError
from briefs.index.search.heap import keep_search_memory
from briefs.index.search.snippets import snippet
from briefs.index.search.vocabulary import Vocabulary, words_of

SCHEMA_VERSION = "4"
SNIPPET_CHARS = 4000
BIG_BATCH = 2000  # from this many documents on, indexing uses two processes
VOCABULARY_BATCH = 20_000  # documents whose words are added to the vocabulary at once
IDF_CACHE = 200_000  # stems whose idf is kept
EXACT_COUNT = 2000  # match counts up to this are exact
PREFIX_SCAN = 3000  # index terms looked at for one prefix
PREFIX_TERMS = 30  # the most frequent of them are searched
_PLAIN_WORD = re.compile(r"(?<![\w:*~])[^\W\d_][\w'-]*(?![\w:*~])")
_FUZZY = re.compile(r"(?<![\w\"])(\w+:)?([^\W\d_][\w'-]*)~(\d)?(?![\w~])")


class QueryError(BriefsError):
    """A search query Whoosh cannot parse."""


@dataclass
class Hit:
    """One search result: the article id, its score and a highlighted snippet."""

    id: str
    score: float
    snippet: str = ""


@dataclass
class Results:
    """Ranked hits, the total match count and a spelling suggestion when nothing matched."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    suggestion: str | None = None
    partial: bool = False  # the time budget ran out: the best of what was found in time


def schema():
    """id, title (boosted), body, source, author, url, published, tags; stemming analyzer."""
    from whoosh import fields
    from whoosh.analysis import StandardAnalyzer

    from briefs.index.search.stemmed_text import StemmedText

    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        # No spelling fields: unstemmed words live in the Vocabulary (far cheaper to write).
        title=StemmedText(field_boost=2.0),
        body=StemmedText(),
        source=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        author=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        url=fields.ID(),
        published=fields.DATETIME(sortable=True),
        # The publication day as one term ("20251123"): date ranges become cheap term ranges.
        day=fields.ID(),
        tags=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
    )


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) against other processes."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock, as before
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Stopped(BriefsError):
    """An index commit given up because its caller asked to stop (the app quitting)."""


def idf_of(searcher) -> Callable[[str], float]:
    """Inverse document frequency of a body stem in a Whoosh searcher's index (cached)."""
    total = max(searcher.doc_count(), 1)
    cache: dict[str, float] = {}

    def idf(term: str) -> float:
        value = cache.get(term)
        if value is None:
            if len(cache) >= IDF_CACHE:
                # Bounded: a million articles' stems took hundreds of MB in the story helper;
                # the frequent ones come back at once.
                cache.clear()
            df = searcher.doc_frequency("body", term)
            value = cache[term] = math.log((total + 1) / (df + 1)) + 1.0
        return value

    return idf


class SearchIndex:
    """Open (or create) the index in `folder`; writes wait for other writers' locks."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._ix = None
        self._searcher = None
        self.vocabulary = Vocabulary(folder / "words.sqlite3")
        self.outdated = False  # an index of an older format was found and replaced
        self._days_for = None  # the searcher whose per-day postings are in _days
        self._days: dict[str, list[int]] = {}
        self._decoded = None
        self._decoding = None  # a background_decoding.Decoding under way

    @property
    def decoded(self):
        """The decoded postings of frequent words (numpy is imported on first use)."""
        if self._decoded is None:
            from briefs.index.search.decoded_postings import DecodedPostings

            self._decoded = DecodedPostings(self.folder / "decoded")
        return self._decoded

    # -- opening ---------------------------------------------------------------------------
    @property
    def ix(self):
        if self._ix is None:
            self._ix = self._open()
        return self._ix

    def _open(self):
        from whoosh import index

        self.folder.mkdir(parents=True, exist_ok=True)
        # Two processes starting on a library without an index would both create one, and
        # Whoosh's create first deletes the index files it finds, the other's half-written
        # table of contents included: one creates, the other waits and opens.
        with _exclusive(self.folder / ".create.lock"):
            marker = self.folder / "briefs-schema"
            if index.exists_in(str(self.folder)) and marker.exists() and \
                    marker.read_text().strip() == SCHEMA_VERSION:
                return index.open_dir(str(self.folder))
            self.outdated = index.exists_in(str(self.folder))
            return self._create()

    def _create(self):
        from whoosh import index

        ix = index.create_in(str(self.folder), schema())
        (self.folder / "briefs-schema").write_text(SCHEMA_VERSION)
        return ix

    def check(self) -> str | None:
        """None when the index opens and reads; else why it is broken."""
        try:
            with self.ix.searcher() as searcher:
                searcher.doc_count()
            return None
        except Exception as exc:  # noqa: BLE001 - any failure means "rebuild"
            return f"{type(exc).__name__}: {exc}"

    # -- who is writing --------------------------------------------------------------------
    @property
    def _catch_up_path(self) -> Path:
        # Beside the index folder, not in it: a rebuild deletes the folder.
        return self.folder.parent / f".{self.folder.name}.catch-up.lock"

    @contextmanager
    def catching_up(self) -> Iterator[bool]:
        """Hold the catch-up lock while the index takes in a big backlog a commit at a time;
        yields False (and holds nothing) when another thread or process already does."""
        try:
            import fcntl
        except ImportError:
            yield True
            return
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        with open(self._catch_up_path, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def busy(self) -> bool:
        """True while another writer holds the index, or a catch-up is under way."""
        try:
            import fcntl
        except ImportError:
            return False
        if self._catch_up_path.exists():
            with open(self._catch_up_path, "a") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    return True
                fcntl.flock(handle, fcntl.LOCK_UN)
        path = self.folder / "MAIN_WRITELOCK"  # Whoosh's writer lock (index "MAIN")
        if not path.exists():
            return False
        from whoosh.util.filelock import FileLock

        lock = FileLock(str(path))  # not through the index: it may be unreadable
        if not lock.acquire(blocking=False):
            return True
        lock.release()
        return False

    def destroy(self) -> None:
        """Delete the index files (before a rebuild)."""
        self.close()
        self.vocabulary.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def close(self) -> None:
        if self._decoding is not None:
            # Only an import cut short leaves one under way (it waits for it at its end):
            # closing should not wait minutes for arrays nobody asked for.
            self._decoding.stop()
            self._decoding = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    # -- writing ---------------------------------------------------------------------------
    def apply(self, changed: Iterable[Article], removed: Iterable[str],
              expected: int = 0, stop: Callable[[], bool] | None = None,
              decode_later: bool = False) -> int:
        """Index changed articles and drop removed ids in one commit. Returns docs written.

        `expected` (how many articles will come) picks the writer: two processes for big
        batches where their children can be tied to this process's life. When `stop()`
        turns true, the commit is given up (Stopped): nothing of it is written. With
        `decode_later`, a big batch's arrays are decoded in a background process: call
        finish_decoding() when they are wanted (close() stops it).
        """
        from whoosh.writing import SegmentWriter

        from briefs.index import workers
        from briefs.index.search import parallel_writer

        self.finish_decoding()  # one decoding at a time
        # Separate segment files are memory-mapped as they are; a compound file is copied into
        # memory when a searcher opens (600 MB at 100,000 articles).
        parallel = expected >= BIG_BATCH and workers.available()
        if parallel:
            writer = parallel_writer.writer(self.ix, procs=2, multisegment=True, limitmb=128,
                                            timeout=60.0, delay=0.05, compound=False,
                                            subargs={"compound": False})
        else:
            writer = SegmentWriter(self.ix, timeout=60.0, delay=0.05, compound=False,
                                   limitmb=128)
        # The writer's children fork when the first documents are handed out.
        with workers.frozen_heap() if parallel else nullcontext():
            count = self._write(writer, changed, removed, stop)
        self._refresh()
        if decode_later and parallel:
            from briefs.index.search import background_decoding

            self._decoding = background_decoding.start(self.folder)
        if self._decoding is None:
            self._decode()
        return count

    def _decode(self) -> None:
        try:
            self.decoded.update([leaf for leaf, _ in self.searcher.reader().leaf_readers()],
                                self.folder)
        except OSError:
            pass  # a full disk, say: the arrays only speed searches up, Whoosh answers without

    def finish_decoding(self) -> None:
        """Wait for the arrays of the last commit being decoded in the background; where
        that process failed, decode them here."""
        decoding, self._decoding = self._decoding, None
        if decoding is not None and not decoding.finish():
            self._decode()

    def _write(self, writer, changed: Iterable[Article], removed: Iterable[str],
               stop: Callable[[], bool] | None = None) -> int:
        """Write and commit; returns the documents written. Their words go to the vocabulary
        a batch at a time: the set of a million articles' words took hundreds of MB. A word
        listed before its commit only makes a suggestion a little early."""
        count = 0
        words: set[str] = set()
        try:
            for article_id in removed:
                writer.delete_by_term("id", article_id)
            for article in changed:
                if stop is not None and stop():
                    raise Stopped("indexing stopped before its commit")
                writer.update_document(**_document(article))
                words |= words_of(article.title)
                words |= words_of(article.body)
                count += 1
                if count % VOCABULARY_BATCH == 0:
                    self.vocabulary.add(words)
                    words = set()
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self.vocabulary.add(words)
        return count

    def _refresh(self) -> None:
        # A fresh searcher after a commit; whoosh's refresh() can fail on a reused reader.
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self.vocabulary.forget()  # another process may have added words with its articles

    # -- reading ---------------------------------------------------------------------------
    @property
    def searcher(self):
        if self._searcher is not None and not self._searcher.up_to_date():
            self._refresh()
        if self._searcher is None:
            self._searcher = self.ix.searcher()
        return self._searcher

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def idf(self) -> Callable[[str], float]:
        """Inverse document frequency of a body stem, from the index's counts."""
        return idf_of(self.searcher)

    def parse(self, text: str):
        from whoosh import qparser
        from whoosh.qparser.dateparse import DateParserPlugin

        parser = qparser.MultifieldParser(["title", "body"], self.ix.schema,
                                          group=qparser.AndGroup)
        parser.add_plugin(qparser.FuzzyTermPlugin())
        parser.add_plugin(DateParserPlugin(free=False))
        parser.add_plugin(qparser.GtLtPlugin())
        try:
            query = parser.parse(self._expand_fuzzy(text))
        except Exception as exc:  # noqa: BLE001 - whoosh raises many kinds for bad syntax
            raise QueryError(f"cannot understand the query {text!r}: {exc}") from exc
        return self._fast(query)

    def _fast(self, query):
        """Rewrite the two query kinds Whoosh answers slowly on a large index.

        A date range on `published` becomes a term range on `day`; a prefix (`elect*`, and the
        unfinished word typed in the app) expands to its most frequent terms only, so one or
        two letters cannot expand to thousands of terms.
        """
        from whoosh import query as q

        if isinstance(query, q.DateRange) and query.fieldname == "published":
            start = query.startdate.strftime("%Y%m%d") if query.startdate else None
            end = query.enddate.strftime("%Y%m%d") if query.enddate else None
            return q.TermRange("day", start, end, startexcl=query.startexcl,
                               endexcl=query.endexcl)
        if isinstance(query, q.Prefix) and query.fieldname in ("title", "body"):
            if len(query.text) <= 2 and query.fieldname == "body":
                return q.NullQuery  # two letters: titles only, or every article matches
            return self._capped_prefix(query)
        if isinstance(query, q.CompoundQuery) or hasattr(query, "child"):
            return query.apply(self._fast)
        return query

    def _capped_prefix(self, query):
        from itertools import islice

        from whoosh import query as q

        reader = self.searcher.reader()
        field, prefix = query.fieldname, query.text
        candidates = list(islice(reader.expand_prefix(field, prefix), PREFIX_SCAN))
        if len(candidates) <= PREFIX_TERMS:
            terms = candidates
        else:
            terms = sorted(candidates, key=lambda t: -reader.doc_frequency(field, t))
            terms = terms[:PREFIX_TERMS]
        if not terms:
            return q.NullQuery
        return q.Or([q.Term(field, t.decode() if isinstance(t, bytes) else t,
                            boost=query.boost) for t in terms])

    def _expand_fuzzy(self, text: str) -> str:
        """Rewrite `word~` / `word~2` as the indexed words within that edit distance.

        Stemmed fields hold "govern", too far from the typo "goverment"; the vocabulary of
        unstemmed words holds "government". The words found are then parsed (and stemmed).
        """

        def expand(match: re.Match) -> str:
            field, word, dist = match.group(1) or "", match.group(2), int(match.group(3) or 1)
            found = self.vocabulary.within(word, min(dist, 2))
            if not found:
                return match.group(0)
            return f"{field}({' OR '.join(sorted(found))})"

        return _FUZZY.sub(expand, text)

    def search(self, text: str, limit: int = 20, body_for=None,
               time_limit: float | None = None, text_for=None) -> Results:
        """Ranked hits for a Whoosh query string, with snippets from `body_for(id)`.

        `text_for(id)`: an article's title and body, where phrases are checked fastest.

        With `time_limit` (seconds) the search stops when the budget is spent and ranks what it
        found so far (`partial`): the app types ahead with a budget and refines when idle.
        """
        keep_search_memory()
        query, date_range = _split_filter(self.parse(text))
        searcher = self.searcher
        date_filter = self._date_filter(date_range) if date_range is not None else None
        if query is None:
            return self._newest(date_filter, limit)
        from briefs.index.search import numpy_search

        text_of = None
        if text_for is not None:
            def text_of(docnum: int):
                return text_for(searcher.stored_fields(docnum)["id"])
        deadline = None if time_limit is None else time.perf_counter() + time_limit
        found = numpy_search.search(searcher, query, self.decoded, date_filter, limit, text_of,
                                    deadline)
        if found is not None:
            result = Results(total=found.total, partial=found.partial)
            terms = _text_terms(query.iter_all_terms())
            for docnum, score in zip(found.docnums, found.scores, strict=True):
                article_id = searcher.stored_fields(docnum)["id"]
                result.hits.append(Hit(article_id, score,
                                       self._snippet(body_for, article_id, terms)))
            if not result.hits and time_limit is None:
                result.suggestion = self.suggest(query, text)
            return result
        # NOT, a phrase beside other words in an OR, and the like: Whoosh walks the postings.
        partial = False
        if date_filter is not None:
            date_filter = set(date_filter.tolist())  # the filter Whoosh takes
        if time_limit is None:
            hits = searcher.search(query, limit=limit, terms=body_for is not None,
                                   filter=date_filter)
        else:
            from whoosh.collectors import TimeLimit, TimeLimitCollector

            collector = TimeLimitCollector(
                searcher.collector(limit=limit, terms=body_for is not None,
                                   filter=date_filter),
                timelimit=time_limit, use_alarm=False)
            try:
                searcher.search_with_collector(query, collector)
            except TimeLimit:
                partial = True
            hits = collector.results()
        shown = hits.scored_length()
        # Counting every match of a common word costs more than the search itself: small
        # counts are exact, large ones Whoosh's estimate (good enough for "N matches").
        if date_filter is not None:
            # Counting through a filter walks every match; assume the words and the dates
            # are independent instead (the count is shown as an estimate anyway).
            estimate = round(query.estimate_size(searcher.reader()) * len(date_filter)
                             / max(searcher.doc_count(), 1))
            total = shown if shown < limit else max(estimate, shown)
        else:
            estimate = hits.estimated_length()
            total = shown if shown < limit else (len(hits) if estimate <= EXACT_COUNT
                                                 else estimate)
        result = Results(total=total, partial=partial)
        for hit in hits:
            terms = _text_terms(hit.matched_terms() or ()) if body_for is not None else set()
            result.hits.append(Hit(hit["id"], float(hit.score or 0.0),
                                   self._snippet(body_for, hit["id"], terms)))
        if not result.hits and time_limit is None:
            # Not while typing: a half-typed word is no typo, and the search on pause asks.
            result.suggestion = self.suggest(query, text)
        return result

    @staticmethod
    def _snippet(body_for, article_id: str, terms: set[str]) -> str:
        """The highlighted passages of an article's lead."""
        if body_for is None or not terms:
            return ""
        body = body_for(article_id)
        return snippet(body[:SNIPPET_CHARS], terms) if body else ""  # the lead is read

    def _newest(self, docnums, limit: int) -> Results:
        """The newest `limit` of these documents (a search for dates only has no ranking)."""
        import numpy as np

        searcher = self.searcher
        inside = np.zeros(searcher.doc_count_all(), bool)
        inside[docnums] = True
        chosen: list[int] = []
        for day in sorted(self._days, reverse=True):
            ids = self._days[day]
            chosen.extend(sorted(ids[inside[ids]].tolist(), reverse=True))
            if len(chosen) >= limit:
                break
        hits = [Hit(searcher.stored_fields(d)["id"], 0.0) for d in chosen[:limit]]
        return Results(hits=hits, total=len(docnums))

    def _date_filter(self, date_range):
        """The documents inside a date range (a TermRange on `day`, or an And of them), as
        one numpy array of document numbers.

        Whoosh would walk a tree of one matcher per day for every search; reading each day's
        postings once per searcher and keeping them as arrays makes the next keystroke's
        filter one concatenation (a Python set of a quarter of a million took 30 ms).
        """
        import numpy as np
        from whoosh import query as q

        if isinstance(date_range, q.And):
            parts = [self._date_filter(r) for r in date_range.subqueries]
            if not parts:
                return np.zeros(0, np.int64)
            found = parts[0]
            for part in parts[1:]:
                found = np.intersect1d(found, part, assume_unique=True)
            return found
        searcher = self.searcher
        if self._days_for is not searcher:
            self._days_for, self._days = searcher, {}
        reader = searcher.reader()
        start, end = date_range.start, date_range.end
        arrays = []
        for raw in reader.lexicon("day"):
            day = raw.decode("ascii") if isinstance(raw, bytes) else raw
            if start is not None and (day < start or (date_range.startexcl and day == start)):
                continue
            if end is not None and (day > end or (date_range.endexcl and day == end)):
                continue
            ids = self._days.get(day)
            if ids is None:
                ids = self._days[day] = self._day_documents(reader, day)
            arrays.append(ids)
        # A document has one day, so the days' arrays never overlap.
        return np.concatenate(arrays) if arrays else np.zeros(0, np.int64)

    def _day_documents(self, reader, day: str):
        """The (undeleted) documents published on a day, from the decoded postings."""
        import numpy as np

        from briefs.index.search.decoded_postings import decode

        found = []
        for leaf, base in reader.leaf_readers():
            segment = self.decoded.get(leaf)
            postings = segment.postings("day", day) if segment is not None else None
            if postings is None:
                if ("day", day) not in leaf:
                    continue
                postings = decode(leaf, "day", day.encode("ascii"))
            # Whole arrays, not element by element: a memory-mapped element costs a microsecond.
            ids = np.asarray(postings[0], dtype=np.int64)
            if leaf.has_deletions():
                ids = ids[~np.isin(ids, np.fromiter(leaf.deleted_docs_set, dtype=np.int64))]
            found.append(ids + base)
        return np.concatenate(found) if found else np.zeros(0, np.int64)

    def suggest(self, query, text: str) -> str | None:
        """A corrected query string ("did you mean"), or None.

        Each plain word that the index does not hold is replaced by the closest indexed word
        (from the vocabulary of unstemmed words, so suggestions are real words; among the
        nearest, the one in most articles).
        """
        try:
            searcher = self.searcher
            analyzer = self.ix.schema["body"].analyzer

            reader = searcher.reader()

            def frequency(word: str) -> int:
                """Articles holding the word (0 when only deleted ones did)."""
                found = 0
                for t in analyzer(word):
                    for f in ("body", "title"):
                        if (f, t.text) in reader and reader.postings(f, t.text).is_active():
                            found += searcher.doc_frequency(f, t.text)
                return found
        except Exception:  # noqa: BLE001 - a failed suggestion must never fail the search
            return None
        changed = False

        def fix(match: re.Match) -> str:
            nonlocal changed
            word = match.group(0)
            if word.upper() in ("AND", "OR", "NOT", "TO") or len(word) < 3:
                return word
            lower = word.lower()
            if not [t.text for t in analyzer(lower)] or frequency(lower):
                return word
            for distance in (1, 2):
                # Removed articles leave words behind: only suggest what still matches.
                options = [(frequency(w), w) for w in self.vocabulary.within(lower, distance)]
                options = [o for o in options if o[0]]
                if options:
                    changed = True
                    return max(options)[1]
            return word

        fixed = _PLAIN_WORD.sub(fix, text)
        return fixed if changed and fixed != text else None


def _text_terms(pairs) -> set[str]:
    """The title and body terms among (field, term) pairs: what a snippet marks."""
    return {t.decode() if isinstance(t, bytes) else t for f, t in pairs if f in ("title", "body")}


def _split_filter(query):
    """Take a date range out of a top-level AND: as a filter it is computed once, not scored."""
    from whoosh import query as q

    def is_range(c) -> bool:
        return isinstance(c, q.TermRange) and c.fieldname == "day"

    if is_range(query):
        return None, query  # dates only: every article in the range
    if isinstance(query, q.And):
        ranges = [c for c in query.subqueries if is_range(c)]
        rest = [c for c in query.subqueries if c not in ranges]
        if ranges:
            return (rest[0] if len(rest) == 1 else q.And(rest) if rest else None), \
                (ranges[0] if len(ranges) == 1 else q.And(ranges))
    return query, None


def _document(article: Article) -> dict:
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "author": article.author,
        "url": article.url,
        "tags": ",".join(article.tags),
    }
    published = to_datetime(article.published)
    if published is not None:
        doc["published"] = published
        doc["day"] = published.strftime("%Y%m%d")
    return doc


def warm_up() -> None:
    """Load the numpy scoring ahead of the first search (numpy takes 0.1 s to import)."""
    from briefs.index.search import numpy_search  # noqa: F401
