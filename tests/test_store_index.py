"""The store is the truth: reindex, a broken index rebuilt, kill -9 during an import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from briefs.index.library import Library
from tests.conftest import write


def make_folder(folder, count: int):
    for n in range(count):
        write(folder / f"a{n:05d}.md",
              f"---\nid: art-{n:05d}\ntitle: Article number {n} about rivers\n---\n"
              f"Body of article {n}. The river rose by {n} centimetres overnight.\n")


def test_reindex_rebuilds_from_store(cli, tmp_path):
    make_folder(tmp_path / "lib", 12)
    cli("add", tmp_path / "lib")
    code, out, _ = cli("reindex")
    assert code == 0 and "reindexed 12 articles" in out
    assert cli.json("search", "rivers", "--limit", "50")["total"] == 12


def test_deleted_or_corrupt_index_is_rebuilt_on_next_start(cli, tmp_path, home):
    make_folder(tmp_path / "lib", 5)
    cli("add", tmp_path / "lib")
    index_dir = home / "index"
    for path in index_dir.iterdir():
        if path.suffix in (".seg", ".toc") or path.name.startswith("_MAIN"):
            path.write_bytes(b"garbage")
    code, out, err = cli("search", "rivers", "--json")
    assert json.loads(out)["total"] == 5
    assert "search index was unreadable" in err and "rebuilding it from the article store" in err
    import shutil

    shutil.rmtree(index_dir)
    code, out, err = cli("search", "rivers", "--json")
    assert json.loads(out)["total"] == 5


def test_removed_article_leaves_index(cli, tmp_path):
    make_folder(tmp_path / "lib", 3)
    cli("add", tmp_path / "lib")
    code, out, _ = cli("remove", "art-00001")
    assert code == 0
    assert {r["id"] for r in cli.json("search", "rivers")["results"]} == {"art-00000",
                                                                          "art-00002"}
    code, out, err = cli("remove", "art-99999")
    assert code == 3 and "no article with id" in err


def test_kill_during_import_leaves_consistent_store(tmp_path, home):
    folder = tmp_path / "big"
    make_folder(folder, 3000)
    env = {**os.environ, "BRIEFS_HOME": str(home)}
    for delay in (0.6, 1.0, 1.6):
        proc = subprocess.Popen([sys.executable, "-m", "briefs.tui.cli", "add", str(folder)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        # What another reader sees as committed just before the kill must survive it.
        committed = 0
        if (home / "library.sqlite3").exists():
            try:
                reader = sqlite3.connect(home / "library.sqlite3", timeout=5)
                committed = reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                reader.close()
            except sqlite3.OperationalError:
                committed = 0  # the schema was not there yet
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        db = sqlite3.connect(home / "library.sqlite3")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] >= committed
        # No half article: every stored row is complete and matches its file.
        for article_id, title, body in db.execute("SELECT id, title, body FROM articles"):
            n = int(article_id.split("-")[1])
            assert title == f"Article number {n} about rivers"
            assert body == f"Body of article {n}. The river rose by {n} centimetres overnight."
        db.close()
    # On the next start the index catches up with whatever the store holds.
    with Library(home) as library:
        library.sync_index()
        assert library.index.doc_count() == library.store.count()
        stored = library.store.count()
    assert stored > 0
    result = subprocess.run([sys.executable, "-m", "briefs.tui.cli", "add", str(folder)],
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    with Library(home) as library:
        assert library.store.count() == 3000
        assert library.index.doc_count() == 3000


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.add(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _needs_proc() -> None:
    if not os.path.isdir("/proc"):
        import pytest

        pytest.skip("needs /proc to see child processes")


def _helpers_of(proc: subprocess.Popen, seconds: float = 60) -> set[int]:
    """The child processes of `proc`, once it has any (or it ended, or time ran out)."""
    children: set[int] = set()
    deadline = time.monotonic() + seconds
    while not children and proc.poll() is None and time.monotonic() < deadline:
        children = _children(proc.pid)
        time.sleep(0.02)
    return children


def _alive(pids: set[int]) -> set[int]:
    """The processes among `pids` still running (a zombie has exited)."""
    return {c for c in pids if os.path.exists(f"/proc/{c}")
            and "Z" not in open(f"/proc/{c}/stat").read().rsplit(")", 1)[1].split()[0]}


def test_kill_while_indexing_leaves_no_writer_process_holding_the_index(tmp_path, home):
    _needs_proc()
    folder = tmp_path / "big"
    make_folder(folder, 4000)
    env = {**os.environ, "BRIEFS_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "briefs.tui.cli", "add", str(folder)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = _helpers_of(proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)
    alive = _alive(children)
    assert not alive, f"index writer children outlived the killed import: {alive}"
    # The next run can take the index lock and bring the index in line with the store.
    started = time.monotonic()
    with Library(home) as library:
        library.sync_index()
        assert library.index.doc_count() == library.store.count()
    assert time.monotonic() - started < 30


def test_ctrl_c_while_indexing_ends_the_import_and_its_helpers_without_tracebacks(
        tmp_path, home):
    _needs_proc()
    folder = tmp_path / "big"
    make_folder(folder, 4000)
    env = {**os.environ, "BRIEFS_HOME": str(home)}
    # Its own process group, as a terminal's foreground job: Ctrl-C reaches every process.
    # SIGINT as a terminal leaves it: a test run started in the background (`cmd &` from a
    # script) ignores it, and so would the import.
    proc = subprocess.Popen([sys.executable, "-m", "briefs.tui.cli", "add", str(folder)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    children = _helpers_of(proc)
    time.sleep(0.5)  # the helpers at work
    os.killpg(proc.pid, signal.SIGINT)
    _, errors = proc.communicate(timeout=30)
    time.sleep(1.0)
    assert not _alive(children), "helpers outlived the interrupted import"
    assert "Traceback" not in errors, errors  # one line for the user, not one per helper
    assert "interrupted" in errors


def test_kill_while_assigning_stories_leaves_no_helper_and_the_next_run_assigns_all(
        tmp_path, home):
    _needs_proc()
    folder = tmp_path / "big"
    make_folder(folder, 2500)
    env = {**os.environ, "BRIEFS_HOME": str(home)}
    command = [sys.executable, "-m", "briefs.tui.cli"]
    subprocess.run([*command, "add", str(folder)], env=env, check=True, capture_output=True)
    with sqlite3.connect(home / "library.sqlite3") as db:  # every article waits for a story
        db.execute("DELETE FROM story_members")
        db.execute("DELETE FROM stories")
    proc = subprocess.Popen([*command, "stories"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    children = _helpers_of(proc)  # the helper making story vectors
    assert children, "no helper process was started for 2,500 articles"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)
    alive = _alive(children)
    assert not alive, f"the story helper outlived the killed run: {alive}"
    done = subprocess.run([*command, "stories", "--json"], env=env, check=True,
                          capture_output=True, text=True)
    assigned = [a for story in json.loads(done.stdout) for a in story["articles"]]
    assert sorted(assigned) == [f"art-{n:05d}" for n in range(2500)]


_OPEN_AT = """
import sys, time
from pathlib import Path
from briefs.index.search.searchindex import SearchIndex
start = float(sys.argv[2])
while time.time() < start:
    pass
index = SearchIndex(Path(sys.argv[1]))
print(index.doc_count())
"""


def test_processes_opening_a_library_without_an_index_at_once_all_get_one(tmp_path):
    # Each would create the index; Whoosh's create deletes the files another is writing.
    for attempt in range(6):
        folder = tmp_path / f"index{attempt}"
        start = time.time() + 1.0
        procs = [subprocess.Popen([sys.executable, "-c", _OPEN_AT, str(folder), str(start)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
            assert out.strip() == "0"


def test_the_list_is_newest_first_with_undated_articles_last_and_served_by_the_date_index(
        tmp_path):
    from briefs.index.article import Article
    from briefs.index.store import Store

    store = Store(tmp_path / "library.sqlite3")
    store.put_many([Article(id=f"a{n}", title=f"Article {n}", body="Text.",
                            published=date, fetched=f"2025-01-0{n + 1}T00:00:00Z")
                    for n, date in enumerate(["2024-05-01", None, "2025-02-03", None,
                                              "2025-02-03"])])
    listed = [a.id for a in store.list()]
    assert listed == ["a4", "a2", "a0", "a3", "a1"]
    assert [a.id for a in store.list(limit=2, offset=2)] == ["a0", "a3"]
    # The first page of a big library must not sort every article: the query the list
    # runs is planned on the date index.
    seen: list[str] = []
    store.db.set_trace_callback(seen.append)
    store.list(limit=10)
    store.db.set_trace_callback(None)
    query = next(q for q in seen if q.lstrip().startswith("SELECT"))
    plan = " ".join(str(tuple(r)) for r in store.db.execute("EXPLAIN QUERY PLAN " + query))
    assert "articles_published" in plan and "TEMP B-TREE FOR ORDER BY" not in plan


def _slowly(n: int) -> list[int]:
    time.sleep(0.2)
    return [n]


def test_a_helper_pool_closed_half_read_kills_its_helpers_without_waiting_on_them():
    from briefs.index import workers

    _needs_proc()
    if not workers.available():
        import pytest

        pytest.skip("needs Linux, fork and two cores")

    def numbers():
        with workers.fork_pool(2, workers.die_with_parent) as pool:
            yield from workers.ahead(pool, _slowly, ((n,) for n in range(100)), 4)

    before = _children(os.getpid())
    stream = numbers()
    assert next(stream) == 0
    helpers = _children(os.getpid()) - before
    assert len(helpers) >= 2
    started = time.monotonic()
    stream.close()  # as a Ctrl-C in the reader of the stream closes it
    assert time.monotonic() - started < 10
    time.sleep(0.2)
    assert not _alive(helpers)
