"""A story in pictures: when each outlet published, and how much of the story each one tells.

Drawn with textual-plotext (Textualize's Plotext widget), which follows the app's theme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual_plotext import PlotextPlot

from briefs.index.sanitize import clean_line

LABEL_CHARS = 14  # outlet names on the axes


@dataclass
class Pictures:
    """What the two plots show: each outlet's publication times and share of the facts."""

    title: str
    outlets: list[str]
    times: dict[str, list[dt.datetime]]
    shares: dict[str, float]  # outlet -> share of the story's facts it reports (0-1)


def pictures_of(story, articles, clusters) -> Pictures:
    """The timeline and shares of a story, from its articles and claim clusters."""
    outlets = list(dict.fromkeys(a.source or a.id for a in articles))
    times: dict[str, list[dt.datetime]] = {o: [] for o in outlets}
    for article in articles:
        when = _moment(article.published)
        if when is not None:
            times[article.source or article.id].append(when)
    facts = len(clusters) or 1
    compared = {a.source or a.id for c in clusters for a, _ in c.members}
    # Shares of the outlets whose claims were compared (the latest article of each, up to
    # the grid's limit): an outlet left out is not one that reported nothing.
    shares = {o: sum(1 for c in clusters if o in {a.source or a.id for a, _ in c.members})
              / facts for o in outlets if o in compared}
    return Pictures(story.title, outlets, times, shares)


def _moment(published: str | None) -> dt.datetime | None:
    if not published:
        return None
    try:
        return dt.datetime.fromisoformat(published.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def _label(outlet: str) -> str:
    name = clean_line(outlet)
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…"


class StoryPicturesScreen(Screen):
    """The story's timeline (outlets as rows, time across) and each outlet's share of facts."""

    BINDINGS = [Binding("escape,p", "app.pop_screen", "Back", id="pictures.back")]

    def __init__(self, story_id: str) -> None:
        super().__init__()
        self.story_id = story_id
        self.pictures: Pictures | None = None

    def compose(self):
        yield Header()
        yield Static("Drawing…", id="pictures-head")
        yield PlotextPlot(id="timeline")
        yield PlotextPlot(id="shares")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="pictures")
    def load(self) -> None:
        app = self.app
        with app.worker_library() as library:
            story = library.stories.get(self.story_id)
            if story is None:
                return
            every = library.store.get_many(story.articles)  # the timeline shows them all
            _, clusters = library.story_grid(story)
        app.call_from_thread(self._draw, pictures_of(story, every, clusters))

    def _draw(self, pictures: Pictures) -> None:
        self.pictures = pictures
        self.query_one("#pictures-head", Static).update(
            f"{clean_line(pictures.title)} · {len(pictures.outlets)} outlets")
        self._draw_timeline(pictures)
        self._draw_shares(pictures)

    def _draw_timeline(self, pictures: Pictures) -> None:
        plot = self.query_one("#timeline", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        moments = [t for times in pictures.times.values() for t in times]
        plt.title("When each outlet published")
        if not moments:
            plt.text("no publication times", 0, 0)
            plot.refresh()
            return
        start = min(moments)
        span = max((max(moments) - start).total_seconds() / 3600, 1.0)
        for row, outlet in enumerate(pictures.outlets):
            hours = [(t - start).total_seconds() / 3600 for t in pictures.times[outlet]]
            if hours:
                plt.scatter(hours, [row + 1] * len(hours), marker="●")
        plt.yticks(list(range(1, len(pictures.outlets) + 1)),
                   [_label(o) for o in pictures.outlets])
        plt.ylim(0.5, len(pictures.outlets) + 0.5)
        ticks = [span * k / 3 for k in range(4)]
        plt.xticks(ticks, [(start + dt.timedelta(hours=h)).strftime("%m-%d %H:%M")
                           for h in ticks])
        plt.xlim(-span * 0.05, span * 1.05)
        plot.refresh()

    def _draw_shares(self, pictures: Pictures) -> None:
        plot = self.query_one("#shares", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("Share of the story's facts each outlet reports (%)")
        plt.bar([_label(o) for o in pictures.shares],
                [round(100 * share) for share in pictures.shares.values()],
                orientation="horizontal", width=0.3)
        plt.xlim(0, 100)
        plot.refresh()
