"""The reader pane: an article's metadata and its body, search terms highlighted."""

from __future__ import annotations

import re

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from briefs.index.article import Article
from briefs.tui.terminal import enclosure_line
from briefs.tui.textsafe import highlighted, line

HIT_STYLE = "bold reverse"  # how a search term is marked (textsafe.highlighted's default)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
# Inline Markdown: **bold**, __bold__, *italic*, _italic_, `code`, [text](url).
_INLINE = re.compile(
    r"\*\*(?P<b1>[^*\n]+?)\*\*|__(?P<b2>[^_\n]+?)__"
    r"|(?<![\w*])\*(?P<i1>[^*\s][^*\n]*?)\*(?![\w*])|(?<![\w_])_(?P<i2>[^_\s][^_\n]*?)_(?![\w_])"
    r"|`(?P<code>[^`\n]+)`|\[(?P<link>[^\]\n]+)\]\((?P<url>[^)\s]+)\)"
)
_INLINE_STYLE = {"b1": "bold", "b2": "bold", "i1": "italic", "i2": "italic", "code": "reverse",
                 "link": "underline"}


def inline_markdown(line: Text) -> Text:
    """Render inline Markdown of one line; styles already on the text (search highlights,
    claim marks) stay on the characters that remain."""
    plain = line.plain
    if not any(ch in plain for ch in "*_`["):
        return line
    out = Text()
    last = 0
    for match in _INLINE.finditer(plain):
        group = next(name for name in _INLINE_STYLE if match.group(name) is not None)
        out.append_text(line[last:match.start()])
        inner = line[match.start(group):match.end(group)]
        inner.stylize(_INLINE_STYLE[group])
        out.append_text(inner)
        last = match.end()
    out.append_text(line[last:])
    return out


def render_body(body: str, terms: list[str], marks: dict[tuple[int, int], str] | None = None
                ) -> Text:
    """Paragraphs and bullets of a body as one Text; claim marks style character ranges."""
    text = highlighted(body, terms)
    if marks:
        for (start, end), style in marks.items():
            text.stylize(style, start, end)
    out = Text()
    for raw_line in text.split("\n", allow_blank=True):
        raw_line = inline_markdown(raw_line)
        plain = raw_line.plain
        if not plain.strip():
            continue
        match = _BULLET.match(plain)
        if match:
            out.append("  • ")
            out.append(raw_line[match.end():])
        elif plain.startswith("#"):
            heading = raw_line[len(plain) - len(plain.lstrip("#")):]
            heading = heading[len(heading.plain) - len(heading.plain.lstrip()):]
            heading.stylize("bold")
            out.append_text(heading)
        elif len(plain) < 70 and not plain.rstrip().endswith((".", "?", "!", '"', "”", ":")):
            styled = raw_line.copy()
            styled.stylize("bold")
            out.append(styled)
        else:
            out.append(raw_line)
        out.append("\n\n" if not match else "\n")
    return out


class Reader(VerticalScroll):
    """Shows one article; empty with a hint until one is chosen. Opened with search terms,
    it scrolls to the first match; n / N move between matches."""

    BINDINGS = [
        Binding("n", "next_hit", "Next match", id="reader.next_hit"),
        Binding("N", "previous_hit", "Previous match", id="reader.previous_hit"),
    ]

    can_focus = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[int] = []  # body lines (as wrapped on screen) that hold a match
        self.hit = -1
        self._rendered = Text()

    def compose(self):
        yield Static(id="reader-head")
        yield Static(id="reader-body")

    def on_mount(self) -> None:
        self.show(None)

    def show(self, article: Article | None, terms: list[str] | None = None,
             marks: dict[tuple[int, int], str] | None = None, keep_scroll: bool = False) -> None:
        head = self.query_one("#reader-head", Static)
        body = self.query_one("#reader-body", Static)
        if article is None:
            head.update(Text("No article selected", style="dim"))
            body.update(Text("Search with /, move with j/k, press enter to read.", style="dim"))
            return
        meta = Text(style="dim")
        parts = [article.source, article.author, (article.published or "")[:16].replace("T", " ")]
        meta.append(" · ".join(p for p in parts if p))
        if article.dateline:
            meta.append(f" · {article.dateline}")
        header = [line(article.title, "bold"), meta]
        if article.url:
            header.append(line(article.url, "underline dim"))
        header.extend(line(f"attached: {enclosure_line(e)}", "dim")
                      for e in article.enclosures)
        head.update(Group(*header))
        self._rendered = render_body(article.body, terms or [], marks)
        body.update(self._rendered)
        self.hits, self.hit = [], -1
        self.border_subtitle = ""
        if not keep_scroll:
            self.scroll_home(animate=False)
        if terms and not keep_scroll:
            self.call_after_refresh(self._find_hits)

    def _find_hits(self) -> None:
        """The lines of the body, wrapped as shown, that hold a highlighted match."""
        body = self.query_one("#reader-body", Static)
        width = body.content_region.width
        if width <= 0:
            return
        lines = self._rendered.wrap(self.app.console, width)
        self.hits = [number for number, text in enumerate(lines)
                     if any(str(span.style) == HIT_STYLE for span in text.spans)]
        if self.hits:
            self._go(0)

    def _go(self, index: int) -> None:
        self.hit = index % len(self.hits)
        body = self.query_one("#reader-body", Static)
        self.scroll_to(y=max(0, body.virtual_region.y + self.hits[self.hit] - 2), animate=False)
        # On the pane's border: it stays in sight however far the body scrolls.
        self.border_subtitle = f"match {self.hit + 1}/{len(self.hits)} · n next · N previous"

    def action_next_hit(self) -> None:
        if self.hits:
            self._go(self.hit + 1)

    def action_previous_hit(self) -> None:
        if self.hits:
            self._go(self.hit - 1)
