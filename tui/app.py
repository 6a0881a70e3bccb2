"""The briefs Textual app: holds the library and routes between screens."""

from __future__ import annotations

from collections.abc import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from briefs.tui.context import Context


class BriefsApp(App):
    """Search, read and compare news coverage from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "briefs"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, ctx: Context, library=None) -> None:
        super().__init__()
        self.ctx = ctx
        self.demo = ctx.demo
        self.library = library if library is not None else ctx.open_library(
            notify=lambda message: self.notify(message, severity="warning"))
        from briefs.tui import state

        self.state_path = ctx.data_dir / "state.yaml"
        self.state: dict = state.load(self.state_path)

    def on_mount(self) -> None:
        from briefs.tui.screens.main import MainScreen

        theme = self.state.get("theme") or self.ctx.settings.get("ui", "theme")
        if theme in self.available_themes:
            self.theme = theme
        self.set_keymap(self.checked_keymap(self.ctx))
        self.sub_title = "demo library" if self.demo else str(self.ctx.data_dir)
        self.push_screen(MainScreen())

    @classmethod
    def checked_keymap(cls, ctx: Context) -> dict[str, str]:
        """The config's key bindings, validated against every binding id of the app."""
        from briefs.tui import keymap
        from briefs.tui.components.article_list import ArticleList
        from briefs.tui.screens.main import MainScreen

        known = keymap.binding_ids(cls, MainScreen, ArticleList, *cls.extra_screens())
        return keymap.keymap(ctx.settings.section("keys"), known, ctx.settings.path)

    @staticmethod
    def extra_screens() -> list[type]:
        """Screens whose bindings may be remapped besides the main screen."""
        from briefs.tui.screens.article import ArticleScreen
        from briefs.tui.screens.compare import CompareScreen
        from briefs.tui.screens.stories import StoriesScreen
        from briefs.tui.screens.story import StoryScreen
        from briefs.tui.screens.story_pictures import StoryPicturesScreen

        return [CompareScreen, ArticleScreen, StoryScreen, StoriesScreen, StoryPicturesScreen]

    def on_unmount(self) -> None:
        from briefs.tui import state

        self.state["theme"] = self.theme
        try:
            state.save(self.state_path, self.state)
        except OSError:
            pass
        self.library.close()

    def worker_library(self):
        """A library for a worker thread: SQLite and Whoosh objects stay in the thread that
        opened them, so each worker opens its own (and closes it with `with`)."""
        from briefs.index.library import Library

        return Library(self.library.data_dir, self.ctx.index_dir,
                       notify=self.library.notify)

    # -- screens ---------------------------------------------------------------------------
    def action_help(self) -> None:
        from briefs.tui.screens.help import HelpScreen, binding_rows

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(binding_rows(self.screen)))

    def open_compare(self, a: str, b: str) -> None:
        from briefs.tui.screens.compare import CompareScreen

        self.push_screen(CompareScreen(a, b))

    # -- feeds -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="fetch")
    def fetch_feeds(self) -> None:
        """Refresh subscriptions in a worker; progress and failures arrive as notifications."""
        from briefs.index.sources import Ingester, IngestOptions, fetch_feeds

        with self.worker_library() as library:
            if not library.store.feeds():
                self.call_from_thread(self.notify, "No subscriptions yet: `briefs add URL`.")
                return

            def report(kind: str, message: str) -> None:
                if kind == "error":
                    self.call_from_thread(self.notify, message, severity="error", timeout=8)

            def progress(done: int, total: int, label: str) -> None:
                self.call_from_thread(self._fetch_progress, done, total, label)

            ingester = Ingester(library, IngestOptions.from_settings(self.ctx.settings), report)
            fetch_feeds(ingester, progress=progress)
        self.call_from_thread(self._fetched, ingester.summary.line())

    def _fetch_progress(self, done: int, total: int, label: str) -> None:
        self.sub_title = f"fetching {done}/{total}: {label}"

    def _fetched(self, line: str) -> None:
        self.sub_title = "demo library" if self.demo else str(self.ctx.data_dir)
        self.notify(f"Feeds: {line}")
        from briefs.tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.reload()

    # -- command palette -------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from briefs.tui.screens.main import MainScreen

        if isinstance(screen, MainScreen):
            yield SystemCommand("Compare with...", "Compare the current article with another",
                                self.action_compare_with)
            yield SystemCommand("Fetch feeds", "Refresh every subscription", self.fetch_feeds)
            yield SystemCommand("Add source", "Add a file, folder, page or feed URL",
                                self.action_add_source)
            yield SystemCommand("Sort", "Cycle sort: relevance, date, source",
                                screen.action_cycle_sort)
            yield SystemCommand("Filter by source", "Show one outlet only",
                                screen.action_filter_source)
            yield SystemCommand("Filter by month", "Show one month only (or undated)",
                                screen.action_filter_date)
            yield SystemCommand("Star", "Star or unstar the current article", screen.action_star)
            yield SystemCommand("Story", "Coverage grid of the current article's story",
                                screen.action_story)
        yield SystemCommand("Help", "Show every key binding", self.action_help)

    def action_compare_with(self) -> None:
        from briefs.tui.screens.main import MainScreen
        from briefs.tui.screens.pick import PickScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return
        from briefs.tui.components.article_list import ArticleList

        table = screen.query_one(ArticleList)
        current = table.current_id
        if not current:
            return
        options = [(a.id, f"{a.source} — {a.title}") for a in table.articles.values()
                   if a.id != current]

        def chosen(other: str | None) -> None:
            if other:
                self.open_compare(current, other)

        self.push_screen(PickScreen("Compare with...", options), chosen)

    def action_add_source(self) -> None:
        from briefs.tui.screens.ask import AskScreen

        def chosen(value: str | None) -> None:
            if value:
                self._add_source(value)

        self.push_screen(AskScreen("Add a file, folder, page URL or feed URL"), chosen)

    @work(thread=True, exclusive=True, group="add")
    def _add_source(self, source: str) -> None:
        from briefs.index.sources import Ingester, IngestOptions

        with self.worker_library() as library:
            def report(kind: str, message: str) -> None:
                if kind == "error":
                    self.call_from_thread(self.notify, message, severity="error", timeout=8)

            summary = Ingester(library, IngestOptions.from_settings(self.ctx.settings),
                               report).add([source])
        self.call_from_thread(self._fetched, summary.line())


def run_app(ctx: Context) -> int:
    """Open the app; an empty library opens the demo library instead."""
    BriefsApp.checked_keymap(ctx)  # a bad keymap is reported before the screen is taken over
    if not ctx.demo and ctx.library_is_empty():
        ctx.demo = True
    BriefsApp(ctx).run()
    return 0
