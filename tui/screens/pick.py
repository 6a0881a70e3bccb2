"""A small modal list to pick one value (a source to filter by, an article to compare with)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from briefs.tui.textsafe import line


class PickScreen(ModalScreen[str | None]):
    """Shows options; enter returns the chosen id, escape returns None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick.cancel")]

    def __init__(self, title: str, options: list[str] | list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = [(o, o) if isinstance(o, str) else o for o in options]

    def compose(self):
        with Vertical(id="pick-box"):
            yield Label(self.title_text, id="pick-title")
            yield OptionList(*[Option(line(label), id=value or "\x00any")
                               for value, label in self.options])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # An empty value (e.g. "any date") is a real choice, distinct from escape (None).
        self.dismiss("" if event.option.id == "\x00any" else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
