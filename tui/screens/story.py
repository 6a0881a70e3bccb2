"""The story view: which outlet reported which claim of a story (a coverage grid)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from briefs.tui.textsafe import line


class StoryScreen(Screen):
    """Rows are claims clustered across the story's articles; columns are the sources."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="story.back"),
        Binding("enter", "open_claim", "Open in article", id="story.open_claim"),
        Binding("c", "compare_dispute", "Compare the two sides", id="story.compare"),
        Binding("p", "pictures", "Timeline and shares", id="story.pictures"),
        Binding("j", "cursor_down", "Down", show=False, id="story.down"),
        Binding("k", "cursor_up", "Up", show=False, id="story.up"),
    ]

    def __init__(self, article_id: str = "", story_id: str = "") -> None:
        super().__init__()
        self.article_id = article_id
        self.story_id = story_id
        self.clusters: list = []
        self.source_of: dict[str, str] = {}
        self.story = None

    def compose(self):
        yield Header()
        yield Static("Grouping claims…", id="story-head")
        yield DataTable(id="story-grid", cursor_type="row")
        yield Static("", id="story-detail")
        yield Static("● reported  · not reported  ! outlets disagree: each shows its value "
                     "(c compares the two sides)", id="story-legend")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="story")
    def load(self) -> None:
        app = self.app
        with app.worker_library() as library:
            sid = self.story_id or library.stories.story_of(self.article_id)
            story = library.stories.get(sid) if sid else None
            if story is None:
                app.call_from_thread(self.notify, "This article has no story yet.")
                return
            articles, clusters = library.story_grid(story, keep=self.article_id or None)
            source_of = {a.id: a.source or a.id for a in articles}
        app.call_from_thread(self._show, story, clusters, source_of)

    def _show(self, story, clusters, source_of: dict[str, str]) -> None:
        self.clusters, self.source_of, self.story = clusters, source_of, story
        head = Text()
        head.append_text(line(story.title, "bold"))
        shared = sum(1 for c in clusters if len({a.source for a, _ in c.members}) > 1)
        head.append(f"\n{len(story.articles)} articles · {len(story.sources)} sources · "
                    f"{shared} claims reported by more than one source · "
                    f"{len(clusters) - shared} by one only", style="dim")
        outlets = [s for s in story.sources if s in set(source_of.values())]
        if len(source_of) < len(story.articles):
            head.append(f"\nclaims of the latest article of {len(outlets)} outlets",
                        style="dim italic")
        self.query_one("#story-head", Static).update(head)
        grid = self.query_one("#story-grid", DataTable)
        grid.clear(columns=True)
        for source in outlets:
            grid.add_column(line(source[:12]), width=max(3, min(12, len(source))))
        grid.add_column("!", width=1)
        grid.add_column("Claim")
        for cluster in clusters:
            grid.add_row(*cells(cluster, outlets), line(cluster.text))
        grid.focus()

    def action_cursor_down(self) -> None:
        self.query_one("#story-grid", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#story-grid", DataTable).action_cursor_up()

    def action_open_claim(self) -> None:
        grid = self.query_one("#story-grid", DataTable)
        if not self.clusters:
            return
        article, claim = self.clusters[grid.cursor_row].members[0]
        from briefs.tui.screens.article import ArticleScreen

        self.app.push_screen(ArticleScreen(article, claim.start, claim.end))

    def action_pictures(self) -> None:
        if self.story is not None:
            from briefs.tui.screens.story_pictures import StoryPicturesScreen

            self.app.push_screen(StoryPicturesScreen(self.story.id))

    def action_compare_dispute(self) -> None:
        """The two articles of the highlighted row's disagreement, side by side."""
        grid = self.query_one("#story-grid", DataTable)
        if not self.clusters or not self.clusters[grid.cursor_row].conflicts:
            self.notify("This fact is told the same way by every outlet; pick a row with !")
            return
        a_id, b_id, _ = self.clusters[grid.cursor_row].conflicts[0]
        self.app.open_compare(a_id, b_id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.clusters):
            self.query_one("#story-detail", Static).update(
                detail(self.clusters[event.cursor_row], self.source_of))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_claim()


def cells(cluster, sources: list[str]) -> list[Text]:
    """One cell per outlet (● reported, · not, or the value it gives a disputed fact) and
    the disagreement mark."""
    have = {a.source for a, _ in cluster.members}
    said = cluster.values_by_source() if cluster.conflicts else {}
    row = []
    for source in sources:
        if source in said:
            row.append(line(" / ".join(said[source]), "bold"))
        else:
            row.append(Text("●" if source in have else "·", justify="center"))
    if cluster.updates_only:
        row.append(Text("↗", style="bold yellow"))  # a later report raised the figure
    else:
        row.append(Text("!", style="bold red") if cluster.conflicts else Text(" "))
    return row


def detail(cluster, source_of: dict[str, str]) -> Text:
    """The highlighted fact as each outlet tells it and, for a conflict, who says what."""
    text = Text()
    for number, (article, claim) in enumerate(cluster.members):
        if number:
            text.append("\n")
        text.append_text(line(article.source or article.id, "bold"))
        text.append(": ")
        text.append_text(line(claim.text))
    for a_id, b_id, conflict in cluster.conflicts[:3]:
        if conflict.update:
            sides = [(conflict.a_published or "", conflict.a, a_id),
                     (conflict.b_published or "", conflict.b, b_id)]
            (t1, v1, x1), (t2, v2, x2) = sorted(sides)  # the early figure, then the later
            text.append(f"\n↗ update of the {conflict.kind}: ", style="bold yellow")
            text.append_text(line(f"{v1} ({source_of.get(x1, x1)}, {_when(t1)}) -> "
                                  f"{v2} ({source_of.get(x2, x2)}, {_when(t2)})"))
            continue
        text.append(f"\n! {conflict.kind}: ", style="bold red")
        text.append_text(line(f"{conflict.a} ({source_of.get(a_id, a_id)}) vs {conflict.b} "
                              f"({source_of.get(b_id, b_id)})"))
    return text


def _when(published: str | None) -> str:
    return (published or "undated")[:16].replace("T", " ")
