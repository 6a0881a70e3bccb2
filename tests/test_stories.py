"""Story assignment: the helper process that makes story vectors, and runs that agree."""

from __future__ import annotations

import os
import subprocess
import sys

from briefs.index import demo
from briefs.index.library import Library
from briefs.index.stories import vectors as story_vectors


def test_a_helper_process_makes_the_same_story_vectors_in_the_same_order(cli, home,
                                                                        monkeypatch):
    cli("add", *demo.files())
    library = Library(next(home.rglob("library.sqlite3")).parent)
    ids = [row[0] for row in library.store.db.execute("SELECT id FROM articles ORDER BY id")]
    idf = library.idf()
    here = list(story_vectors.members(library.store, library.index.folder, ids, idf))
    monkeypatch.setattr(story_vectors, "PARALLEL_FROM", 1)
    monkeypatch.setattr(story_vectors, "CHUNK", 3)  # several requests in flight
    helped = list(story_vectors.members(library.store, library.index.folder, ids, idf))
    library.close()
    assert [m.id for m in here] == ids
    assert helped == here
    assert all(m.vector for m in here)


_TIES = """
import sqlite3
from briefs.index.stories import assignment as stories
from briefs.index.stories.active import ActiveStories, Entry
db = sqlite3.connect(":memory:")
db.executescript(stories.SCHEMA)
active = ActiveStories(db, keep_members_up_to=116)
# 60 stories share one word with the new article; the few scored are a tie among all 60.
for n in range(60):
    sid = active.start(f"s-{n}", f"story {n}")
    vec = {"harbour": 0.5 + n / 200, f"word{n}": 0.7}
    active.add(sid, Entry(n, f"a{n}", "", None, active.terms.row(vec)))
print(active.best_for(active.terms.row({"harbour": 1.0}), None)[0])
"""


def test_a_tie_between_candidate_stories_breaks_the_same_way_in_every_run():
    # Candidates tied on shared words once came in set order, which changes per process.
    answers = set()
    for seed in ("1", "2", "3", "4"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", _TIES], env=env, check=True,
                              capture_output=True, text=True)
        answers.add(done.stdout.strip())
    assert len(answers) == 1
    assert answers.pop().startswith("s-")


def test_members_kept_in_memory_match_the_store_at_every_split_check(cli, tmp_path,
                                                                    monkeypatch):
    # Split checks and second looks read a story's members from memory, not the store;
    # a kept list that drifted (a member missing, moved, out of order) would split wrongly.
    from briefs.index.stories import active as active_stories
    from tests.test_compare import write_two_fires

    checked = []
    members = active_stories.ActiveStories.members

    def members_checked(self, sid):
        story = self.stories[sid]
        kept = story["members"]
        from_memory = members(self, sid)
        story["members"] = None
        kept_before, self.kept = self.kept, self.kept + 10 ** 9  # read, keep nothing
        from_store = members(self, sid)
        story["members"], self.kept = kept, kept_before
        as_tuple = [(e.seq, e.id, e.published, self.terms.vector(e.row)) for e in from_memory]
        assert as_tuple == \
            [(e.seq, e.id, e.published, self.terms.vector(e.row)) for e in from_store]
        checked.append((sid, kept is not None))
        return from_memory

    monkeypatch.setattr(active_stories.ActiveStories, "members", members_checked)
    write_two_fires(tmp_path)
    cli("add", *demo.files(), tmp_path)
    assert any(in_memory for _, in_memory in checked)  # the kept lists were used
    groups = [sorted(s["articles"]) for s in cli.json("stories")]
    assert sorted(f"surrey{n}" for n in range(6)) in groups


def test_stories_are_the_same_whether_members_are_kept_in_memory_or_not(cli, tmp_path,
                                                                       monkeypatch):
    from briefs.index.stories import active as active_stories
    from tests.test_compare import write_two_fires

    write_two_fires(tmp_path)
    cli("add", *demo.files(), tmp_path)
    kept = sorted(sorted(s["articles"]) for s in cli.json("stories"))
    monkeypatch.setattr(active_stories, "KEPT_MEMBERS", 0)
    monkeypatch.setenv("BRIEFS_HOME", str(tmp_path / "other"))
    cli("add", *demo.files(), tmp_path)
    assert sorted(sorted(s["articles"]) for s in cli.json("stories")) == kept


def test_numpy_uses_one_blas_thread_while_stories_are_assigned(cli, tmp_path, monkeypatch):
    # Idle BLAS threads spin, and took the core the story-vector helper runs on.
    from threadpoolctl import threadpool_info

    from briefs.index.stories import assignment as stories
    from tests.test_compare import write_two_fires

    threads = []
    split_in_two = stories.split_in_two

    def counting(rows):
        threads.extend(pool["num_threads"] for pool in threadpool_info()
                       if pool["user_api"] == "blas")
        return split_in_two(rows)

    monkeypatch.setattr(stories, "split_in_two", counting)
    write_two_fires(tmp_path)
    cli("add", tmp_path)
    assert threads and set(threads) == {1}


def test_story_memberships_follow_removals_and_additions_without_a_scan(cli, home, tmp_path):
    cli("add", *demo.files()[:-1])
    library = Library(home)
    library.update_stories()
    count = library.stories.members_count
    assert count() == library.store.count() == len(demo.files()) - 1
    # A removed article leaves its story; one added later joins one.
    gone = library.store.db.execute("SELECT id FROM articles ORDER BY id").fetchone()[0]
    assert cli("remove", gone)[0] == 0
    cli("add", demo.files()[-1])
    library = Library(home)
    library.update_stories()
    assert count() == library.store.count() == len(demo.files()) - 1
    assert library.store.db.execute("SELECT 1 FROM story_members WHERE article_id = ?",
                                    (gone,)).fetchone() is None
    # Memberships lost some other way (an old library, a crash) are found again.
    library.store.db.execute("DELETE FROM story_members")
    assert library.update_stories() == library.store.count()


def _recounted(db) -> tuple[dict, dict]:
    """The story counts recomputed from the members and their articles."""
    tally = {}
    for sid, *counts in db.execute(
            "SELECT m.story_id, COUNT(*), COUNT(DISTINCT nullif(a.source, '')), "
            "MIN(a.published), MAX(a.published) "
            "FROM story_members m JOIN articles a ON a.id = m.article_id GROUP BY m.story_id"):
        tally[sid] = tuple(counts)
    firsts = {(sid, source): first for sid, source, first in db.execute(
        "SELECT m.story_id, a.source, MIN(a.published) FROM story_members m JOIN articles a "
        "ON a.id = m.article_id WHERE a.source != '' GROUP BY m.story_id, a.source")}
    return tally, firsts


def _kept(db) -> tuple[dict, dict]:
    tally = {sid: tuple(counts) for sid, *counts in db.execute(
        "SELECT story_id, articles, outlets, first, last FROM story_tally WHERE articles > 0")}
    firsts = {(sid, source): first for sid, source, first in db.execute(
        "SELECT story_id, source, first FROM story_outlets")}
    return tally, firsts


def test_story_counts_kept_by_triggers_match_a_recount_through_splits_and_removals(
        cli, home, tmp_path):
    # Two events of one kind arriving together: a story grows, splits, and loses articles.
    folder = tmp_path / "two"
    folder.mkdir()
    for n in range(12):
        for event, (place, river) in enumerate((("Halden", "Tista"), ("Vardo", "Pasvik"))):
            (folder / f"{event}-{n}.md").write_text(
                f"---\ntitle: Flood in {place}, report {n}\nsource: Outlet {n % 4}\n"
                f"published: 2025-0{event + 3}-{n + 1:02d}\n---\n"
                f"The {river} river burst its banks in {place} on day {n}. Residents of "
                f"{place} were moved to higher ground as the {river} rose.\n")
    cli("add", str(folder), *demo.files())
    library = Library(home)
    library.update_stories()
    db = library.store.db
    assert _kept(db) == _recounted(db)
    assert len(_kept(db)[0]) > 2
    for article_id, in db.execute("SELECT id FROM articles ORDER BY id LIMIT 5").fetchall():
        assert cli("remove", article_id)[0] == 0
    library = Library(home)
    page = library.story_page("outlets", min_size=1)  # the removals leave the counts first
    assert _kept(db := library.store.db) == _recounted(db)
    # What the page shows is what the members say, outlets ordered by their first article.
    tally, firsts = _recounted(db)
    for row in page:
        assert (row.articles, len(row.sources), row.first, row.last) == tally[row.id]
        dates = [firsts[(row.id, source)] for source in row.sources]
        assert dates == sorted(dates)
    assert [len(r.sources) for r in page] == sorted((len(r.sources) for r in page), reverse=True)


def test_a_library_from_before_the_story_counts_is_counted_once_when_opened(cli, home):
    cli("add", *demo.files())
    library = Library(home)
    library.update_stories()
    db = library.store.db
    before = library.story_page("latest", min_size=1)
    # As an older briefs left it: no counts, no triggers.
    db.executescript("DROP TRIGGER story_member_joins; DROP TRIGGER story_member_leaves;"
                     "DROP TRIGGER story_member_moves; DROP TABLE story_tally;"
                     "DROP TABLE story_outlets;")
    library = Library(home)
    library.update_stories()
    assert [r.to_dict() for r in library.story_page("latest", min_size=1)] == \
        [r.to_dict() for r in before]
    db = library.store.db
    assert _kept(db) == _recounted(db)


def test_stories_assigned_in_small_batches_group_the_demo_as_one_batch_does(
        cli, home, tmp_path, monkeypatch):
    from briefs.index import library as library_module

    def grouping(home_dir) -> list[list[str]]:
        library = Library(home_dir)
        return sorted(sorted(s.articles) for s in library.stories.all())

    cli("add", *demo.files())
    one_batch = grouping(home)
    other = tmp_path / "other"
    monkeypatch.setenv("BRIEFS_HOME", str(other))
    monkeypatch.setattr(library_module, "ASSIGN_BATCH", 2)
    from briefs.index.stories import Stories

    batches = []
    real = Stories.assign_members

    def counted(self, members):
        result = real(self, members)
        batches.append(len(result))
        return result

    monkeypatch.setattr(Stories, "assign_members", counted)
    cli("add", *demo.files())
    assert batches == [2] * (len(demo.files()) // 2)  # one commit per batch of two
    library = Library(other)  # and it counts each article once, whatever moved between batches
    library.store.db.execute("DELETE FROM story_members")
    assert library.update_stories() == len(demo.files())
    assert grouping(other) == one_batch
    assert any(len(story) > 1 for story in one_batch)


def test_candidate_stories_are_those_a_stable_sort_by_shared_words_would_pick():
    import random
    from collections import Counter
    from operator import itemgetter

    import numpy as np

    from briefs.index.stories.active import most_held

    rng = random.Random(7)
    for size in (0, 1, 24, 25, 26, 300, 3000):
        for _ in range(40):
            held: list[int] = []
            for _ in range(size):  # few distinct counts: ties everywhere, as in real runs
                held += [rng.randrange(2 * size + 1)] * rng.choice((1, 1, 1, 2, 3, 20))
            rng.shuffle(held)
            shared = Counter(held)  # counted in order: ties keep their first occurrence
            stable = [slot for slot, _ in sorted(shared.items(), key=itemgetter(1),
                                                 reverse=True)[:25]]
            assert most_held(np.array(held, dtype=np.int64), 25) == stable


def test_years_are_found_as_the_one_pattern_that_looks_behind_finds_them():
    import random
    import re

    from briefs.index.stories.assignment import years

    looking_behind = re.compile(r"(?<![\d.,$])\b(19[5-9]\d|20[0-4]\d)\b(?![\d.,%])")
    rng = random.Random(11)
    pieces = ["19", "20", "195", "2049", "2050", "1949", "0", "7", ".", ",", "$", "%", " ", "a",
              "_", "é", "٣", "-", "\n", "in ", "(", "x2"]
    found = 0
    for _ in range(3000):
        text = "".join(rng.choices(pieces, k=rng.randrange(1, 30)))
        assert years(text) == looking_behind.findall(text), text
        found += bool(years(text))
    assert found > 100  # the texts hold years, not only near misses
    assert years("in 2025 not $2024, 12023, 2022.5 or x2021; (1999)") == ["2025", "1999"]
