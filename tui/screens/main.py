"""The main screen: search bar, article list and reader side by side."""

from __future__ import annotations

import re
import threading

from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from briefs.index.article import Article
from briefs.index.search import QueryError
from briefs.tui import messages
from briefs.tui.components.article_list import ArticleList
from briefs.tui.components.reader import Reader
from briefs.tui.textsafe import query_terms

SORTS = ("relevance", "date", "source")
STORE_POLL_SECONDS = 2.0
WARM_UP_AFTER = 0.5  # seconds after start: the list is drawn by then
CLAIM_STYLES = {"shared": "underline", "conflict": "reverse", "single": "italic"}
LIST_PAGE = 500
TOPICS_SHOWN = 60
DEBOUNCE = 0.15
TYPING_BUDGET = 0.03  # seconds of search per keystroke (parsing and drawing come on top)
REFINE_AFTER = 0.6  # seconds without typing before the full, unbudgeted search
# A search indexes at most this many waiting articles itself; a bigger backlog (a lost index,
# a big import by another process) is taken in by a catch-up worker, a commit at a time.
INLINE_BACKLOG = 2000
_WORD = re.compile(r"[\w-]+$")


def as_you_type(query: str) -> str:
    """Make a typed query match while the last word is unfinished (prefix search)."""
    query = query.strip()
    if not query or query.endswith(('"', ")", "*", "~", "]")):
        return query
    if _WORD.search(query) and ":" not in query.split()[-1] and len(query.split()[-1]) >= 2:
        return query + "*"
    return query


class MainScreen(Screen):
    """Search, list and read."""

    BINDINGS = [
        # A priority binding: seen as the key arrives, before the keys behind it are handed
        # to the list (a burst such as "/storm" reached the list's bindings otherwise).
        Binding("slash", "focus_search", "Search", id="focus_search", priority=True),
        Binding("escape", "leave_search", "Back to list", show=False, id="leave_search"),
        Binding("enter", "open", "Open", show=False, id="open"),
        Binding("space", "mark", "Mark for compare", id="mark"),
        Binding("c", "compare", "Compare", id="compare"),
        Binding("s", "star", "Star", id="star"),
        Binding("u", "toggle_read", "Read/unread", id="toggle_read"),
        Binding("o", "open_url", "Open URL", show=False, id="open_url"),
        Binding("t", "cycle_sort", "Sort", id="cycle_sort"),
        Binding("f", "filter_source", "Filter source", show=False, id="filter_source"),
        Binding("d", "filter_date", "Filter month", show=False, id="filter_date"),
        Binding("less_than_sign", "resize(-5)", "Narrower list", show=False, id="shrink_list"),
        Binding("greater_than_sign", "resize(5)", "Wider list", show=False, id="grow_list"),
        Binding("tab", "cycle_panes", "Next pane", show=False, id="cycle_panes"),
        Binding("r", "refresh", "Fetch feeds", id="refresh"),
        Binding("S", "story", "Story", id="story"),
        Binding("v", "stories", "Stories", id="stories"),
        Binding("T", "topics", "Topics", id="topics"),
        Binding("C", "toggle_claims", "Claims", id="claims"),
    ]

    search_text: reactive[str] = reactive("", init=False)
    sort: reactive[str] = reactive("date", init=False)
    source_filter: reactive[str | None] = reactive(None, init=False)
    month_filter: reactive[str | None] = reactive(None, init=False)
    list_width: reactive[int] = reactive(45, init=False)
    total: reactive[int] = reactive(0)
    show_claims: reactive[bool] = reactive(False, init=False)
    topic_filter: reactive[tuple[str, frozenset[str]] | None] = reactive(None, init=False)
    catch_up: reactive[tuple[int, int] | None] = reactive(None, init=False)  # (done, total)

    def __init__(self) -> None:
        super().__init__()
        self._debounce: Timer | None = None
        self._refine: Timer | None = None
        self._results: list[str] = []
        self._opened: Article | None = None
        self._leaving = threading.Event()

    def compose(self):
        yield Header()
        yield Input(placeholder="Search: words, \"phrases\", source:name, elect*, goverment~",
                    id="search", select_on_focus=False)
        with Horizontal(id="panes"):
            yield ArticleList(id="list")
            yield Reader(id="reader")
        yield Static(id="status")
        yield Footer()

    @property
    def library(self):
        return self.app.library

    def on_mount(self) -> None:
        self.query_one("#search", Input).value = self.app.state.get("query", "")
        self.sort = self.app.state.get("sort", "date") if self.app.state.get("sort") in SORTS \
            else "date"
        width = self.app.state.get("list_width", 45)
        self.list_width = width if isinstance(width, int) and 20 <= width <= 80 else 45
        self._apply_width()
        self.run_query(self.app.state.get("query", ""))
        self.query_one(ArticleList).focus()
        self._layout(self.app.size.width)
        # Another process (`briefs fetch` from cron) may add articles: look for them now and then.
        self._seen_revision = self.library.store.revision()
        self.set_interval(STORE_POLL_SECONDS, self._check_store)
        self.set_timer(WARM_UP_AFTER, self._warm_up)
        self._catch_up_index()

    @work(thread=True, exclusive=True, group="catch-up")
    def _catch_up_index(self) -> None:
        """Take in a big index backlog a commit at a time; the list reads the store, and
        searches meanwhile find what is indexed so far (the status line says so)."""
        app = self.app
        with app.worker_library() as library:
            total = library.index_lag()
            if total <= INLINE_BACKLOG:
                return
            app.call_from_thread(setattr, self, "catch_up", (0, total))
            done = library.catch_up(
                progress=lambda done, total: app.call_from_thread(
                    setattr, self, "catch_up", (done, total)),
                stop=self._leaving.is_set)
        if not self._leaving.is_set():
            app.call_from_thread(self._caught_up, done)

    def on_unmount(self) -> None:
        self._leaving.set()  # quitting gives up a catch-up's commit at once

    def _caught_up(self, done: int | None) -> None:
        self.catch_up = None
        if done is not None:
            self.reload()

    def watch_catch_up(self) -> None:
        self._show_status()
        if self.catch_up is not None and self.search_text.strip():
            self.reload()  # the new commit's articles join the matches

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Import the search's numpy scoring once the list is up, not on the first keystroke."""
        from briefs.index.search import warm_up

        warm_up()

    def on_resize(self, event) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < 110, "narrow")
        self._apply_width()

    def _apply_width(self) -> None:
        table = self.query_one(ArticleList)
        table.styles.width = "100%" if self.has_class("narrow") else f"{self.list_width}%"

    def action_resize(self, step: int) -> None:
        self.list_width = max(20, min(80, self.list_width + step))
        self.app.state["list_width"] = self.list_width
        self._apply_width()

    # -- searching -------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self._stop_timers()
        self._debounce = self.set_timer(DEBOUNCE, lambda: self.run_query(event.value, True))
        self._refine = self.set_timer(REFINE_AFTER, lambda: self.run_query(event.value))

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        self._stop_timers()
        self.run_query(event.value)
        self.query_one(ArticleList).focus()

    def _stop_timers(self) -> None:
        for timer in (self._debounce, self._refine):
            if timer is not None:
                timer.stop()

    def run_query(self, text: str, typing: bool = False) -> None:
        """Search for `text`; while typing with a time budget, else in full."""
        self.search_text = text
        self.app.state["query"] = text
        self._search(text, self.sort, self.source_filter, typing)

    def _search(self, text: str, sort: str, source: str | None, typing: bool = False) -> None:
        self._run_search(text, sort, source, self.month_filter, typing)

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, text: str, sort: str, source: str | None, month: str | None,
                    typing: bool = False) -> None:
        library = self.library
        try:
            if text.strip():
                results = library.search(as_you_type(text), limit=LIST_PAGE, snippets=False,
                                         time_limit=TYPING_BUDGET if typing else None,
                                         backlog_most=INLINE_BACKLOG)
                if not typing and not results.hits and as_you_type(text) != text.strip():
                    # Nothing starts with the last word: it may be a typo, so ask for the word
                    # as typed, which is what "did you mean" can correct.
                    results = library.search(text, limit=LIST_PAGE, snippets=False,
                                             backlog_most=INLINE_BACKLOG)
                ids = [h.id for h in results.hits]
                total = results.total
                articles = library.store.get_many(ids)
                note = f"did you mean: {results.suggestion}" if results.suggestion else ""
                if results.partial:
                    note = "first matches; all of them when you pause"
                if source:
                    articles = [a for a in articles if a.source == source]
                if month:
                    articles = [a for a in articles if (a.published or "undated")
                                .startswith(month)]
            elif self.topic_filter is not None:
                articles = [a for a in library.store.get_many(sorted(self.topic_filter[1]))
                            if (not source or a.source == source) and
                            (not month or (a.published or "undated").startswith(month))]
                total = len(self.topic_filter[1])
                note = ""
            else:
                articles = library.store.list(limit=LIST_PAGE, source=source, month=month)
                total = library.store.count()
                note = ""
            if self.topic_filter is not None and text.strip():
                articles = [a for a in articles if a.id in self.topic_filter[1]]
        except QueryError as exc:
            self.app.call_from_thread(self._show_status, str(exc))
            return
        articles = sort_articles(articles, sort if text.strip() else
                                 ("date" if sort == "relevance" else sort))
        self.app.call_from_thread(self._show_results, articles, total, note)

    def _show_results(self, articles: list[Article], total: int, note: str) -> None:
        table = self.query_one(ArticleList)
        table.show(articles)
        self.total = total
        self._show_status(note, shown=len(articles))
        if articles and table.current_id:
            self._preview(table.current_id)
        elif not articles:
            self.query_one(Reader).show(None)

    def _show_status(self, note: str = "", shown: int | None = None) -> None:
        table = self.query_one(ArticleList)
        shown = table.row_count if shown is None else shown
        what = "matches" if self.search_text.strip() else "articles"
        bits = [f"{shown} shown / {self.total} {what}", f"sort: {self.sort}"]
        if self.source_filter:
            bits.append(f"source: {self.source_filter}")
        if self.topic_filter is not None:
            bits.append(f"topic: {self.topic_filter[0]}")
        if self.month_filter:
            bits.append(f"month: {self.month_filter}")
        if table.marked:
            bits.append(f"marked: {len(table.marked)}")
        if self.show_claims:
            bits.append("claims: underlined = shared, reversed = conflicting, italic = only here")
        if self.catch_up is not None:
            done, total = self.catch_up
            bits.append(f"index catching up: {done:,} of {total:,} articles; "
                        "searches find those so far")
        if self.app.demo:
            bits.append("demo library — add your own with `briefs add`")
        if note:
            bits.append(note)
        self.query_one("#status", Static).update("  ·  ".join(bits))

    # -- reading ---------------------------------------------------------------------------
    @on(messages.ArticleHighlighted)
    def _highlighted(self, event: messages.ArticleHighlighted) -> None:
        self._preview(event.article_id)

    @on(messages.ArticleOpened)
    def _opened(self, event: messages.ArticleOpened) -> None:
        self._preview(event.article_id)
        article = self._opened
        if article and not article.read:
            self._set_flag(article, "read", True)
        self.query_one(Reader).focus()

    def _preview(self, article_id: str) -> None:
        article = self.library.store.get(article_id)
        self._opened = article
        self.query_one(Reader).show(article, query_terms(self.search_text))
        if self.show_claims and article is not None:
            self._claim_marks(article.id)

    def action_toggle_claims(self) -> None:
        self.show_claims = not self.show_claims
        if self._opened is not None:
            self._preview(self._opened.id)
        self._show_status()

    @work(thread=True, exclusive=True, group="claims")
    def _claim_marks(self, article_id: str) -> None:
        """Style each claim of the article by how the rest of its story covers it."""
        from briefs.index.stories import claim_clusters

        app = self.app
        with app.worker_library() as library:
            sid = library.stories.story_of(article_id)
            story = library.stories.get(sid) if sid else None
            if story is not None:
                _, clusters = library.story_grid(story, keep=article_id)
            else:
                articles = library.store.get_many([article_id], with_body=True)
                clusters = claim_clusters(articles, library.idf())
        marks: dict[tuple[int, int], str] = {}
        for cluster in clusters:
            sources = {a.source for a, _ in cluster.members}
            for article, claim in cluster.members:
                if article.id != article_id:
                    continue
                conflicted = any(article_id in (x, y) for x, y, _ in cluster.conflicts)
                marks[(claim.start, claim.end)] = CLAIM_STYLES[
                    "conflict" if conflicted else "shared" if len(sources) > 1 else "single"]
        app.call_from_thread(self._apply_marks, article_id, marks)

    def _apply_marks(self, article_id: str, marks: dict) -> None:
        if self.show_claims and self._opened is not None and self._opened.id == article_id:
            self.query_one(Reader).show(self._opened, query_terms(self.search_text), marks,
                                        keep_scroll=True)

    def _set_flag(self, article: Article, flag: str, value: bool) -> None:
        self.library.store.set_flag(article.id, flag, value)
        setattr(article, flag, value)
        listed = self.query_one(ArticleList).articles.get(article.id)
        if listed is not None:
            setattr(listed, flag, value)
            self.query_one(ArticleList).refresh_article(listed)

    def _current(self) -> Article | None:
        article_id = self.query_one(ArticleList).current_id
        return self.library.store.get(article_id) if article_id else None

    # -- actions ---------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        # Focus and select at once: focus() and select-on-focus are deferred, and a fast
        # typist's next key ("/f") would reach the list's bindings or be selected over.
        search = self.query_one("#search", Input)
        if search.has_focus:
            search.insert_text_at_cursor("/")  # a "/" typed in a query ("24/7")
            return
        self.set_focus(search)
        search.action_select_all()

    def action_leave_search(self) -> None:
        self.query_one(ArticleList).focus()

    def action_open(self) -> None:
        article_id = self.query_one(ArticleList).current_id
        if article_id:
            self.post_message(messages.ArticleOpened(article_id))

    def action_star(self) -> None:
        article = self._current()
        if article:
            self._set_flag(article, "starred", not article.starred)

    def action_toggle_read(self) -> None:
        article = self._current()
        if article:
            self._set_flag(article, "read", not article.read)

    def action_mark(self) -> None:
        table = self.query_one(ArticleList)
        article_id = table.current_id
        if not article_id:
            return
        if article_id in table.marked:
            table.marked.remove(article_id)
        else:
            table.marked.append(article_id)
            if len(table.marked) > 2:
                dropped = table.marked.pop(0)
                if dropped in table.articles:
                    table.refresh_article(table.articles[dropped])
        for marked_id in [article_id, *table.marked]:
            if marked_id in table.articles:
                table.refresh_article(table.articles[marked_id])
        self._show_status()

    def action_compare(self) -> None:
        table = self.query_one(ArticleList)
        pair = list(table.marked)
        if len(pair) < 2:
            current = table.current_id
            if current and current not in pair:
                pair.append(current)
        if len(pair) == 1:
            # One article: compare it with the closest coverage of the same story.
            match = self.library.stories.best_match(pair[0])
            if match:
                pair.append(match)
        if len(pair) < 2:
            self.notify("No other coverage of this story: mark two articles with space, "
                        "then press c.", severity="warning")
            return
        self.app.open_compare(pair[0], pair[1])

    def action_open_url(self) -> None:
        article = self._current()
        if not article or not article.url:
            self.notify("This article has no URL.", severity="warning")
            return
        self.app.open_url(article.url)

    def action_filter_date(self) -> None:
        from briefs.tui.screens.pick import PickScreen

        options = [("", "(any date)")] + [(m, f"{m}  ({n})")
                                          for m, n in self.library.store.months()]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.month_filter = value or None
                self._search(self.search_text, self.sort, self.source_filter)

        self.app.push_screen(PickScreen("Filter by month", options), chosen)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.app.state["sort"] = self.sort
        self.notify(f"Sorted by {self.sort}")
        self._search(self.search_text, self.sort, self.source_filter)

    def action_filter_source(self) -> None:
        from briefs.tui.screens.pick import PickScreen

        sources = sorted(self.library.store.stats()["sources"])

        def chosen(value: str | None) -> None:
            self.source_filter = None if value in (None, "(all sources)") else value
            self._search(self.search_text, self.sort, self.source_filter)

        self.app.push_screen(PickScreen("Filter by source", ["(all sources)", *sources]), chosen)

    def action_cycle_panes(self) -> None:
        order = [self.query_one("#search"), self.query_one(ArticleList), self.query_one(Reader)]
        focused = self.focused
        index = next((i for i, w in enumerate(order) if w is focused), -1)
        # set_focus acts at once, so a second quick tab starts from the pane just reached.
        self.set_focus(order[(index + 1) % len(order)])

    def action_story(self) -> None:
        article_id = self.query_one(ArticleList).current_id
        if article_id:
            from briefs.tui.screens.story import StoryScreen

            self.app.push_screen(StoryScreen(article_id))

    def action_stories(self) -> None:
        """The library as stories; while a search is on, the stories of its matches."""
        from briefs.tui.screens.stories import StoriesScreen

        if self.search_text.strip() or self.topic_filter is not None:
            ids = list(self.query_one(ArticleList).articles)
            what = " ".join(filter(None, [self.search_text.strip(), self.topic_filter and
                                          f"topic {self.topic_filter[0]}"]))
            self.app.push_screen(StoriesScreen(ids, what))
        else:
            self.app.push_screen(StoriesScreen())

    def action_topics(self) -> None:
        """Pick a person, place or organisation (of the search, or of the library) to
        filter the list and the stories screen by; the first entry clears the filter."""
        self._load_topics(self.search_text.strip())

    @work(thread=True, exclusive=True, group="topics")
    def _load_topics(self, query: str) -> None:
        app = self.app
        with app.worker_library() as library:
            library.update_stories()  # a library from before topics counts them once here
            matching = None
            if query:
                matching = [h.id for h in library.search(as_you_type(query), limit=2000,
                                                         snippets=False).hits]
            topics = library.topics(TOPICS_SHOWN, matching)
            ids = {t.name: frozenset(library.articles_naming(t)) for t in topics}
        app.call_from_thread(self._pick_topic, topics, ids, query)

    def _pick_topic(self, topics: list, ids: dict[str, frozenset[str]], query: str) -> None:
        from briefs.tui.screens.pick import PickScreen

        if not topics:
            self.notify("No topics yet: they come with the articles' names.")
            return
        options = [("\x00all", "(all topics)")] + [
            (t.name, f"{t.name} · {t.articles} articles · {t.outlets} outlets"
             + (f" · also {', '.join(t.aliases)}" if t.aliases else "")) for t in topics]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            self.topic_filter = None if value == "\x00all" else (value, ids[value])
            self._search(self.search_text, self.sort, self.source_filter)

        title = f"Topics of the articles matching {query!r}" if query else "Topics"
        self.app.push_screen(PickScreen(title, options), chosen)

    def action_refresh(self) -> None:
        self.app.fetch_feeds()

    def _check_store(self) -> None:
        revision = self.library.store.revision()
        if revision != self._seen_revision:
            self._seen_revision = revision
            self.reload()

    def reload(self) -> None:
        """Run the current query again (after feeds brought new articles)."""
        self._search(self.search_text, self.sort, self.source_filter)


def sort_articles(articles: list[Article], sort: str) -> list[Article]:
    if sort == "date":
        dated = sorted((a for a in articles if a.published), key=lambda a: a.published,
                       reverse=True)
        return dated + [a for a in articles if not a.published]
    if sort == "source":
        return sorted(articles, key=lambda a: (a.source.lower(), a.title.lower()))
    return articles
