"""The article list: one row per article with read/star/compare marks, date, source, title."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from briefs.index.article import Article
from briefs.tui import messages
from briefs.tui.textsafe import cut, line

SOURCE_MAX = 18  # the widest the source column gets
SOURCE_MIN = 10  # ... and the narrowest, once titles have TITLE_MIN
TITLE_MIN = 40  # titles keep this much before the source column gives way


class ArticleList(DataTable):
    """A cursor-driven table of articles; rows are keyed by article id."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "scroll_top", "Top", show=False, id="list.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="list.bottom"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.articles: dict[str, Article] = {}
        self.marked: list[str] = []
        self.story_of: dict[str, str] = {}
        self._laid_out: tuple[int, int] | None = None  # (source, title) the columns have

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        source, title = self._laid_out = self.widths
        self.add_column(" ", key="marks", width=3)
        self.add_column("Date", key="date", width=10)
        self.add_column("Source", key="source", width=source)
        self.add_column("Title", key="title", width=title)

    @property
    def widths(self) -> tuple[int, int]:
        """(source, title) column widths: titles get the spare width first. The source column
        takes what the longest source needs (up to 18) while titles keep 40, and gives way
        down to 10 when they would not."""
        # The marks and date columns, a cell of padding each side of four columns, a scroll bar.
        room = max(20, self.size.width - 3 - 10 - 2 * 4 - 2)
        longest = max((len(a.source) for a in self.articles.values()), default=8)
        need = max(6, min(SOURCE_MAX, longest))
        source = need if room - need >= TITLE_MIN else min(need, max(SOURCE_MIN, room - TITLE_MIN))
        # ... but never so narrow that two outlets look alike ("Riverton …" for two papers).
        sources = {a.source for a in self.articles.values()}
        while source < need and len({_cut_form(s, source) for s in sources}) < len(sources):
            source += 1
        return source, max(10, room - source)

    def on_resize(self, event) -> None:
        self._fit()

    def _fit(self) -> None:
        """Lay the columns out again when the width they get has changed."""
        if self._laid_out == self.widths:
            return
        articles = list(self.articles.values())
        current = self.current_id
        self.clear(columns=True)
        self._add_columns()
        self._fill(articles, current)

    def _marks(self, article: Article) -> Text:
        text = Text()
        if article.id in self.marked:
            text.append(str(self.marked.index(article.id) + 1), style="bold reverse")
        elif not article.read:
            text.append("●", style="bold")
        else:
            text.append(" ")
        text.append("★" if article.starred else " ", style="yellow")
        text.append("≡" if article.id in self.story_of else " ")
        return text

    def show(self, articles: list[Article]) -> None:
        """Replace the rows, keeping the cursor on the same article when it is still shown."""
        current = self.current_id
        self.clear()
        self.articles = {a.id: a for a in articles}
        if self._laid_out != self.widths:
            self._fit()
            return
        self._fill(articles, current)

    def _fill(self, articles: list[Article], current: str | None) -> None:
        self.articles = {a.id: a for a in articles}
        source_width, title_width = self._laid_out or self.widths
        for article in articles:
            self.add_row(
                self._marks(article),
                (article.published or "")[:10],
                cut(line(article.source), source_width),
                cut(line(article.title), title_width),
                key=article.id,
            )
        if current in self.articles:
            self.move_cursor(row=self.get_row_index(current))

    def refresh_article(self, article: Article) -> None:
        """Redraw one row after its flags changed."""
        self.articles[article.id] = article
        if article.id in self.rows:
            self.update_cell(article.id, "marks", self._marks(article))

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - an empty or shrinking table has no current row
            return None
        return key.value if key else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key and event.row_key.value:
            self.post_message(messages.ArticleHighlighted(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key and event.row_key.value:
            self.post_message(messages.ArticleOpened(event.row_key.value))


def _cut_form(source: str, width: int) -> str:
    return source if len(source) <= width else source[:width - 1] + "…"
