"""One article on its own screen, with a claim marked (opened from the compare screen)."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from briefs.index.article import Article
from briefs.tui.components.reader import Reader


class ArticleScreen(Screen):
    """The reader pane full width, the chosen claim highlighted and scrolled into view."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="article.back"),
        Binding("o", "open_url", "Open URL", id="article.open_url"),
    ]

    def __init__(self, article: Article, start: int, end: int) -> None:
        super().__init__()
        self.article, self.start, self.end = article, start, end

    def compose(self):
        yield Header()
        yield Reader(id="article-reader")
        yield Footer()

    def on_mount(self) -> None:
        reader = self.query_one(Reader)
        reader.show(self.article, marks={(self.start, self.end): "bold reverse"})
        reader.focus()
        # Scroll near the claim: its share of the body is its share of the scrollable height.
        share = self.start / max(len(self.article.body), 1)
        self.call_after_refresh(
            lambda: reader.scroll_to(y=max(0, int(share * reader.max_scroll_y) - 2),
                                     animate=False))

    def action_open_url(self) -> None:
        if self.article.url:
            self.app.open_url(self.article.url)
