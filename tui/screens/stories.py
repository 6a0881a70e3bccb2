"""The stories screen: the library (or the current search) as stories, a row each."""

from __future__ import annotations

import time
import zlib

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from briefs.tui.textsafe import cut, line

PAGE = 100  # stories read at a time; the next page comes when the cursor reaches the end
DISPUTES_PAUSE = 0.02  # seconds between two stories' dispute counts
SORT_NAMES = {"latest": "latest", "outlets": "most outlets", "disputed": "most disputed"}
# One colour per outlet in a coverage bar, picked by the outlet's name (stable across rows).
OUTLET_COLOURS = ("#5fafd7", "#d7875f", "#87af5f", "#af87d7", "#d7af5f", "#5fd7af", "#d75f87",
                  "#8787d7", "#afaf87", "#5f87af")
BAR_CELLS = 12


def coverage_bar(sources: list[str]) -> Text:
    """A cell per outlet, each in its outlet's colour ("+N" past BAR_CELLS)."""
    bar = Text()
    for source in sources[:BAR_CELLS]:
        bar.append("█", style=OUTLET_COLOURS[zlib.crc32(source.encode()) % len(OUTLET_COLOURS)])
    if len(sources) > BAR_CELLS:
        bar.append(f"+{len(sources) - BAR_CELLS}", style="dim")
    return bar


class StoriesScreen(Screen):
    """Every story of the library or of a search: outlets, span, disagreements, coverage."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="stories.back"),
        Binding("enter", "open_story", "Open story", id="stories.open"),
        Binding("t", "cycle_sort", "Sort", id="stories.sort"),
        Binding("a", "toggle_singles", "One-article stories", id="stories.singles"),
        Binding("j", "cursor_down", "Down", show=False, id="stories.down"),
        Binding("k", "cursor_up", "Up", show=False, id="stories.up"),
    ]

    sort: reactive[str] = reactive("latest", init=False)
    show_singles: reactive[bool] = reactive(False, init=False)

    def __init__(self, matching: list[str] | None = None, query: str = "") -> None:
        super().__init__()
        self.matching = matching  # article ids of the current search; None = whole library
        self.query_text = query
        self.rows: list = []
        self.done = False  # every page read
        self.shown_at: float | None = None

    def compose(self):
        yield Header()
        yield Static("Reading stories…", id="stories-head")
        yield DataTable(id="stories-grid", cursor_type="row")
        yield Static("█ one cell per outlet  ·  disputes: facts the outlets disagree on "
                     "(… while counting)", id="stories-legend")
        yield Footer()

    def on_mount(self) -> None:
        self._laid_out: list = []
        self._lay_out(self.app.size.width)
        self.reload()
        self.query_one("#stories-grid", DataTable).focus()

    def on_resize(self, event) -> None:
        if self._lay_out(event.size.width):
            shown, self.rows = self.rows, []
            self._add_rows(shown, 0, count=False)

    def _lay_out(self, width: int) -> bool:
        """Columns for this width (narrow screens leave out the first date and the article
        count); the title takes what is left. True when they changed."""
        fixed = [("outlets", "Outlets", 7), ("articles", "Articles", 8), ("first", "First", 10),
                 ("last", "Last", 10), ("disputes", "Disputes", 8),
                 ("coverage", "Coverage", BAR_CELLS + 3)]
        if width < 110:
            fixed = [c for c in fixed if c[0] not in ("articles", "first")]
        title = max(20, width - sum(w for _, _, w in fixed) - 2 * (len(fixed) + 1) - 2)
        columns = [("title", "Story", title), *fixed]
        if columns == self._laid_out:
            return False
        self._laid_out = columns
        grid = self.query_one("#stories-grid", DataTable)
        grid.clear(columns=True)
        for key, label, size in columns:
            grid.add_column(label, key=key, width=size)
        return True

    def watch_sort(self) -> None:
        self.reload()

    def watch_show_singles(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.rows, self.done = [], False
        self.query_one("#stories-grid", DataTable).clear()
        self.load_page(0)

    @work(thread=True, exclusive=True, group="stories")
    def load_page(self, offset: int) -> None:
        app = self.app
        with app.worker_library() as library:
            rows = library.story_page(self.sort, 1 if self.show_singles else 2, offset, PAGE,
                                      self.matching)
        app.call_from_thread(self._add_rows, rows, offset)

    def _add_rows(self, rows: list, offset: int, count: bool = True) -> None:
        if offset != len(self.rows):
            return  # a page of an earlier sort or toggle
        grid = self.query_one("#stories-grid", DataTable)
        for row in rows:
            grid.add_row(*self._cells(row), key=row.id)
        self.rows.extend(rows)
        if offset == 0 and self.shown_at is None:
            self.shown_at = time.perf_counter()  # when the first page is in (bench/ reads it)
        if count:
            self.done = len(rows) < PAGE
            self.count_disputes([r.id for r in rows if r.disputes is None and len(r.sources) > 1])
        self._show_head()

    def _cells(self, row) -> list:
        title_width = self._laid_out[0][2]
        cell = {"title": cut(line(row.title), title_width),
                "outlets": Text(str(len(row.sources)), justify="right"),
                "articles": Text(str(row.articles), justify="right"),
                "first": (row.first or "")[:10], "last": (row.last or "")[:10],
                "disputes": self._disputes_cell(row), "coverage": coverage_bar(row.sources)}
        return [cell[key] for key, _, _ in self._laid_out]

    @staticmethod
    def _disputes_cell(row) -> Text:
        if len(row.sources) < 2:
            return Text("–", style="dim", justify="right")
        if row.disputes is None:
            return Text("…", style="dim", justify="right")
        return Text(str(row.disputes), style="bold red" if row.disputes else "",
                    justify="right")

    @work(thread=True, group="stories-disputes")
    def count_disputes(self, story_ids: list[str]) -> None:
        """Compare each story's claims in the background; each count shows when it is ready."""
        app = self.app
        with app.worker_library() as library:
            for story_id in story_ids:
                disputes = library.count_disputes(story_id)
                app.call_from_thread(self._set_disputes, story_id, disputes)
                time.sleep(DISPUTES_PAUSE)  # leave the app the interpreter between stories

    def _set_disputes(self, story_id: str, disputes: int | None) -> None:
        for row in self.rows:
            if row.id == story_id:
                row.disputes = disputes
                grid = self.query_one("#stories-grid", DataTable)
                if story_id in grid.rows:
                    grid.update_cell(story_id, "disputes", self._disputes_cell(row))

    def _show_head(self) -> None:
        bits = [f"{len(self.rows)}{'' if self.done else '+'} stories",
                f"sort: {SORT_NAMES[self.sort]} (t)",
                "one-article stories shown (a)" if self.show_singles else
                "one-article stories hidden (a)"]
        if self.matching is not None:
            bits.insert(0, f"matching {self.query_text!r}")
        self.query_one("#stories-head", Static).update(Text("  ·  ".join(bits)))

    def action_cycle_sort(self) -> None:
        order = list(SORT_NAMES)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]

    def action_toggle_singles(self) -> None:
        self.show_singles = not self.show_singles

    def action_cursor_down(self) -> None:
        self.query_one("#stories-grid", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#stories-grid", DataTable).action_cursor_up()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if not self.done and event.cursor_row >= len(self.rows) - 1:
            self.load_page(len(self.rows))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_story()

    def action_open_story(self) -> None:
        grid = self.query_one("#stories-grid", DataTable)
        if not self.rows or not 0 <= grid.cursor_row < len(self.rows):
            return
        from briefs.tui.screens.story import StoryScreen

        self.app.push_screen(StoryScreen(story_id=self.rows[grid.cursor_row].id))

