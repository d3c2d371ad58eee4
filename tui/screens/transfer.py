"""Import and export from the command palette: ask for a path, do the work in a worker.

The file work itself is in plain functions (``export_termbase``, ``import_termbase``)
shared with ``concord review FILE``; errors are ``ConcordError`` and show as notifications.
"""

from __future__ import annotations

import io
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState

from glossary.store import GlossaryStore, ImportReport
from tm.errors import UsageError

EXPORTS = [
    ("TBX (v3)", "tbx3", "termbase.tbx"),
    ("TBX (v2)", "tbx2", "termbase-v2.tbx"),
    ("TMX term pairs", "tmx", "terms.tmx"),
    ("CSV", "csv", "termbase.csv"),
]
IMPORTS = [("TBX", "tbx", "terms.tbx"), ("CSV", "csv", "terms.csv")]


def export_termbase(db_path: Path, path: Path, fmt: str, src: str, tgt: str) -> int:
    """Write the whole termbase to *path* in *fmt*; returns the count written."""
    from tm.atomic import atomic_write

    with GlossaryStore.open(db_path) as store:
        if not store.count():
            raise UsageError("the termbase is empty: nothing to export")
        langs = list(store.stats()["languages"])
        tgts = [tgt] + [x for x in langs if x not in (src, tgt)]
        concepts = store.concepts()
        if fmt in ("tbx3", "tbx2", "tmx"):
            with atomic_write(path, "wb") as fh:
                if fmt == "tmx":
                    from glossary.tmxterms import write_term_tmx

                    return write_term_tmx(fh, concepts, src, [tgt])
                from glossary.tbx import write_tbx2, write_tbx3

                write = write_tbx3 if fmt == "tbx3" else write_tbx2
                return write(fh, concepts, source_lang=src, info=store.info())
        from glossary.csvfile import write_csv

        with atomic_write(path, "w", encoding="utf-8", newline="") as fh:
            return write_csv(fh, concepts, [src, *tgts])


def import_termbase(db_path: Path, path: Path, who: str | None = None) -> ImportReport:
    """Import a TBX or CSV file, merging concepts already in the termbase."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    ext = path.suffix.lower()
    with GlossaryStore.open(db_path) as store, path.open("rb") as fh:
        if ext in (".tbx", ".xml", ".tbxm"):
            from glossary.tbx import read_tbx

            reader = read_tbx(fh, str(path))
            report = store.import_concepts(reader, who, merge=True, source=str(path))
            if reader.info.header or reader.info.people:
                store.save_info(reader.info)
            return report
        if ext in (".csv", ".tsv"):
            from glossary.csvfile import read_csv

            text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
            concepts = read_csv(text, str(path), delimiter="\t" if ext == ".tsv" else ",")
            return store.import_concepts(concepts, who, merge=True, source=str(path))
    raise UsageError(f"{path}: open a .tbx, .csv or .tsv file")


class TransferScreen(ModalScreen[None]):
    """Ask for a file name, then import or export in a worker."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, direction: str, fmt: str, default: str) -> None:
        super().__init__()
        self.direction = direction
        self.fmt = fmt
        self.default = default

    def compose(self) -> ComposeResult:
        verb = "Export to" if self.direction == "export" else "Import from"
        with Vertical(classes="dialog"):
            yield Static(f"{verb} ({self.fmt})", classes="dialog-title")
            yield Label("File")
            yield Input(self.default, id="transfer-path", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.direction.capitalize(), variant="primary", id="go")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self) -> None:
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "go":
            self.start()
        else:
            self.action_cancel()

    def start(self) -> None:
        text = self.query_one("#transfer-path", Input).value.strip()
        if not text:
            self.notify("Give a file name.", severity="warning")
            return
        self.query_one("#go", Button).disabled = True
        self.run(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="transfer", exit_on_error=False)
    def run(self, path: Path) -> str:
        session = self.app.session
        if self.direction == "export":
            n = export_termbase(session.db_path, path, self.fmt, session.src, session.tgt)
            return f"{path}: {n} written ({self.fmt})"
        report = import_termbase(session.db_path, path, session.who)
        return f"{path}: {report.added} concepts added, {report.merged} merged"

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self.app.notify(str(event.worker.result), title=self.direction.capitalize())
            self.dismiss(None)
            if self.direction == "import":
                self.app._refresh()
        elif event.state == WorkerState.ERROR:
            self.app.show_error(event.worker.error)
            self.query_one("#go", Button).disabled = False

    def action_cancel(self) -> None:
        self.dismiss(None)
