"""The key hints at the bottom of a screen, drawn as one line of text.

Textual's ``Footer`` mounts a widget per key and rebuilds them all whenever the focus
moves (twice per move, tens of milliseconds each); this bar redraws one line, and only
when the keys it shows change. A click on a key presses it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """The bindings of the focused widget and its screen that are marked ``show``."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[tuple[str, str, str]] = []  # (key, shown as, description)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._bindings_changed, self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        keys: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append((binding.key, self.app.get_key_display(binding), binding.description))
        palette = self.app.COMMAND_PALETTE_BINDING
        if self.app.ENABLE_COMMAND_PALETTE and palette in screen.active_bindings:
            binding = screen.active_bindings[palette][1]
            keys.append((binding.key, self.app.get_key_display(binding), "Commands"))
        # Help last: a narrow screen drops keys from the end but always shows it.
        keys.sort(key=lambda k: k[0] == "question_mark")
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def render(self) -> Text:
        """Every key when they fit; else tighter, then without the last ones (help, the
        last, always stays)."""
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        width = self.size.width
        keys = list(self._keys)
        pad = " "
        if _length(keys, pad) > width:
            pad = ""
        while len(keys) > 2 and _length(keys, pad) > width:
            del keys[-2]
        text = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for key, shown, description in keys:
            start = text.cell_len
            text.append(f"{pad}{shown}{pad}", style=key_style)
            text.append(f" {description} " if not pad else f"{description} ", style=text_style)
            self._spans.append((start, text.cell_len, key))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                break


def _length(keys: list[tuple[str, str, str]], pad: str) -> int:
    from rich.cells import cell_len

    extra = 2 * len(pad) + 1 + (0 if pad else 1)
    return sum(cell_len(shown) + cell_len(description) + extra for _key, shown, description in keys)
