"""The shared shape of Concord's small dialogs: fields, then Save and Cancel."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button

Result = TypeVar("Result")


class FormScreen(ModalScreen[Result]):
    """Enter in a field or ctrl+s saves; Escape cancels (the result is then None).

    Subclasses compose their fields, a button with id ``save`` and one for cancel, and
    implement :meth:`action_save`, which dismisses with the result.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:  # pragma: no cover - every dialog defines it
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
