"""The compare screen: two articles side by side, aligned claim by claim."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from briefs.index.claims import Comparison
from briefs.tui.textsafe import line, plain, query_terms

LABELS = {"same": "SAME", "related": "RELATED", "conflict": "CONFLICT", "update": "UPDATE",
          "only_a": "ONLY A", "only_b": "ONLY B"}


class ClaimRow(Horizontal):
    """One row: the relation, A's claim and B's claim (either may be empty)."""

    def __init__(self, relation: str, left: Text, right: Text, why: str, claim_a, claim_b):
        super().__init__(classes=f"claim-row {relation}")
        self.relation = relation
        self.left, self.right, self.why = left, right, why
        self.claim_a, self.claim_b = claim_a, claim_b

    def on_click(self) -> None:
        screen = self.screen
        if isinstance(screen, CompareScreen):
            screen.selected = screen.rows.index(self)

    def compose(self):
        yield Static(LABELS[self.relation], classes="claim-mark")
        yield Static(self.left, classes="claim-text claim-a")
        yield Static(self.right, classes="claim-text claim-b")


QUERY_STYLE = "underline bold"  # the search's words; disputed values are reversed


def _styled(text: str, values: list[str], terms: list[str] = ()) -> Text:
    out = plain(text)
    for term in terms:
        if len(term) >= 2:
            out.highlight_words([term], style=QUERY_STYLE, case_sensitive=False)
    for value in values:
        if value:
            out.highlight_words([value], style="bold reverse")
    return out


def rows_for(result: Comparison, terms: list[str] = ()) -> list[tuple]:
    """(relation, left text, right text, why, claim_a, claim_b): conflicts first, then shared
    claims in A's order, then what only one side reports; the query's words marked."""
    rows = []
    order = {"conflict": 0, "same": 1, "related": 1}
    for pair in sorted(result.pairs, key=lambda p: (order[p.relation], p.a[0].start)):
        left = _styled(pair.a[0].text, [c.a for c in pair.conflicts], terms)
        right = Text("\n").join(_styled(c.text, [x.b for x in pair.conflicts], terms)
                                for c in pair.b)
        # A toll a later report raised is an update of the story, not a disagreement.
        updated = pair.conflicts and all(c.update for c in pair.conflicts)
        rows.append(("update" if updated else pair.relation, left, right, pair.why,
                     pair.a[0], pair.b[0]))
    for claim in result.only_a:
        rows.append(("only_a", _styled(claim.text, [], terms), Text(""), "", claim, None))
    for claim in result.only_b:
        rows.append(("only_b", Text(""), _styled(claim.text, [], terms), "", None, claim))
    return rows


class CompareScreen(Screen):
    """Shows where two articles agree, conflict, and what only one of them says."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="compare.back"),
        Binding("j,down", "move(1)", "Next claim", show=False, id="compare.down"),
        Binding("k,up", "move(-1)", "Previous claim", show=False, id="compare.up"),
        Binding("n", "next_conflict", "Next conflict", id="next_conflict"),
        Binding("N", "prev_conflict", "Prev conflict", id="prev_conflict"),
        Binding("w", "swap", "Swap sides", id="swap"),
        Binding("a", "pick('a')", "Other A", id="pick_a"),
        Binding("b", "pick('b')", "Other B", id="pick_b"),
        Binding("enter", "open_claim", "Open in article", id="open_claim"),
    ]

    selected: reactive[int] = reactive(0, init=False)

    def __init__(self, a_id: str, b_id: str) -> None:
        super().__init__()
        self.a_id, self.b_id = a_id, b_id
        self.result: Comparison | None = None

    def compose(self):
        yield Header()
        yield Static("Comparing…", id="cmp-summary")
        with Horizontal(id="cmp-heads"):
            yield Static(id="cmp-head-a", classes="cmp-head")
            yield Static(id="cmp-head-b", classes="cmp-head")
        yield VerticalScroll(id="cmp-rows")
        yield Static(id="cmp-why")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="compare")
    def load(self) -> None:
        app = self.app
        with app.worker_library() as library:
            min_score = app.ctx.settings.get("compare", "min_score")
            result = library.compare(self.a_id, self.b_id, min_score)
        app.call_from_thread(self._show, result)

    async def _show(self, result: Comparison) -> None:
        self.result = result
        self.query_one("#cmp-summary", Static).update(Text(result.summary(), style="bold"))
        for side, article in (("a", result.a), ("b", result.b)):
            head = Text(f"{side.upper()}: ", style="bold")
            head.append_text(line(article.source, "bold"))
            head.append(" — ")
            head.append_text(line(article.title))
            self.query_one(f"#cmp-head-{side}", Static).update(head)
        container = self.query_one("#cmp-rows", VerticalScroll)
        await container.remove_children()
        terms = query_terms(self.app.state.get("query", ""))
        await container.mount_all([ClaimRow(*row) for row in rows_for(result, terms)])
        self.selected = 0
        self._highlight()

    @property
    def rows(self) -> list[ClaimRow]:
        return list(self.query(ClaimRow))

    def _highlight(self) -> None:
        rows = self.rows
        for index, row in enumerate(rows):
            row.set_class(index == self.selected, "-selected")
        if rows:
            row = rows[min(self.selected, len(rows) - 1)]
            row.scroll_visible(animate=False)
            self.query_one("#cmp-why", Static).update(Text(row.why or " ", style="dim"))

    def watch_selected(self) -> None:
        self._highlight()

    def action_move(self, step: int) -> None:
        if self.rows:
            self.selected = max(0, min(len(self.rows) - 1, self.selected + step))

    def _jump(self, step: int) -> None:
        rows = self.rows
        indices = [i for i, r in enumerate(rows) if r.relation in ("conflict", "update")]
        if not indices:
            self.notify("No conflicts between these two articles.")
            return
        if step > 0:
            nxt = next((i for i in indices if i > self.selected), indices[0])
        else:
            nxt = next((i for i in reversed(indices) if i < self.selected), indices[-1])
        self.selected = nxt

    def action_next_conflict(self) -> None:
        self._jump(1)

    def action_prev_conflict(self) -> None:
        self._jump(-1)

    def action_swap(self) -> None:
        self.a_id, self.b_id = self.b_id, self.a_id
        self.load()

    def action_pick(self, side: str) -> None:
        from briefs.tui.screens.pick import PickScreen

        keep = self.b_id if side == "a" else self.a_id
        articles = self.app.library.store.list(limit=500)
        options = [(a.id, f"{a.source} — {a.title}") for a in articles if a.id != keep]

        def chosen(article_id: str | None) -> None:
            if article_id:
                if side == "a":
                    self.a_id = article_id
                else:
                    self.b_id = article_id
                self.load()

        self.app.push_screen(PickScreen(f"Compare: pick article {side.upper()}", options), chosen)

    def action_open_claim(self) -> None:
        rows = self.rows
        if not rows or self.result is None:
            return
        row = rows[self.selected]
        claim, article = (row.claim_a, self.result.a) if row.claim_a else (row.claim_b,
                                                                             self.result.b)
        from briefs.tui.screens.article import ArticleScreen

        self.app.push_screen(ArticleScreen(article, claim.start, claim.end))
