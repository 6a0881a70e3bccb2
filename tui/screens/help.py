"""The help screen: every binding in force, read from the live bindings of the app."""

from __future__ import annotations

from rich.table import Table
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_rows(screen) -> list[tuple[str, str, str]]:
    """(keys, description, id) for the bindings active on `screen`, grouped by action."""
    groups: dict[str, list[Binding]] = {}
    for _node, binding, _enabled, _tooltip in screen.active_bindings.values():
        groups.setdefault(binding.action, []).append(binding)
    rows: list[tuple[str, str, str]] = []
    for bindings in groups.values():
        described = [b for b in bindings if b.description]
        if not described:
            continue
        keys = ", ".join(dict.fromkeys(screen.app.get_key_display(b) for b in bindings))
        binding_id = next((b.id for b in bindings if b.id), "")
        rows.append((keys, described[0].description, binding_id))
    return rows


class HelpScreen(ModalScreen):
    """Lists the bindings of the screen it was opened from."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        table = Table(title="briefs — keys", expand=True, show_edge=False)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Action")
        table.add_column("Id (remap in config keys:)", style="dim")
        for keys, description, binding_id in self.rows:
            table.add_row(keys, description, binding_id)
        with VerticalScroll(id="help-box"):
            yield Static(table)
            yield Static("ctrl+p opens the command palette · esc closes this help",
                         classes="dim")
