"""`kettools lsp`: the language server (pygls) over standard input and output.

- Diagnostics for Markdown, plain-text and HTML articles (`.md`, `.markdown`, `.txt`,
  `.html`, `.htm`) when a document is opened or saved, and `debounce` seconds after
  the last change: the findings `kettools check` gives for the editor's text,
  honouring the project's config, catalog, bibliography, policies and sidecars.
- Hover, code actions and the `kettools.writeReason` command: `features.py`.
- The article review's scorecard as a code lens on the first line (rating and the
  criteria not met); its command, `kettools.showReview`, shows why each is not met.
  The client is asked to refresh its lenses when a check changes the scorecard.
- A changed config, catalog, bibliography or policy is picked up on the next check
  (`projects.py`); a changed watched file, or a saved data file, re-checks every open
  article at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from kettools import __version__
from kettools.errors import KettoolsError
from kettools.ingest import READERS
from kettools.lsp import features
from kettools.lsp.projects import Projects
from kettools.models.finding import Finding, Severity
from kettools.results import FileResult

log = logging.getLogger(__name__)

WRITE_REASON = "kettools.writeReason"
SHOW_REVIEW = "kettools.showReview"
SEVERITY = {
    Severity.error: lsp.DiagnosticSeverity.Error,
    Severity.warning: lsp.DiagnosticSeverity.Warning,
    Severity.info: lsp.DiagnosticSeverity.Information,
}
#: Saving one of these re-checks every open article (catalog, bibliography, config, policy).
DATA_SUFFIXES = (".yaml", ".yml", ".json", ".toml")


class KettoolsServer(LanguageServer):
    def __init__(self, today: Callable[[], dt.date], debounce: float) -> None:
        super().__init__("kettools", __version__)
        self.projects = Projects(today)
        self.debounce = debounce
        self.results: dict[str, tuple[int | None, FileResult]] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.lenses: dict[str, tuple[str, str] | None] = {}  # uri -> the review lens shown

    # positions: kettools' are 1-based lines and code-point columns; the client's are its own
    def to_client(self, doc: TextDocument, line: int, column: int) -> lsp.Position:
        position = lsp.Position(line=line - 1, character=column - 1)
        return doc.position_codec.position_to_client_units(doc.lines, position)

    def from_client(self, doc: TextDocument, position: lsp.Position) -> tuple[int, int]:
        at = doc.position_codec.position_from_client_units(doc.lines, position)
        return at.line + 1, at.character + 1

    def span(self, doc: TextDocument, line: int, col: int, end: int, end_col: int) -> lsp.Range:
        start, stop = self.to_client(doc, line, col), self.to_client(doc, end, end_col)
        return lsp.Range(start=start, end=stop)

    def diagnostic(self, doc: TextDocument, f: Finding) -> lsp.Diagnostic:
        return lsp.Diagnostic(
            range=self.span(doc, f.line, f.column, f.end_line, f.end_column),
            message=f"{f.message}\n{f.help}" if f.help else f.message,
            severity=SEVERITY[f.severity],
            code=f.code,
            source="kettools",
            data={"name": f.name},
        )

    # checking
    def check(self, uri: str) -> FileResult | None:
        """Check the open document now and publish its diagnostics; None if it is no
        article or its project cannot be loaded (that error is the one diagnostic)."""
        self.pending.pop(uri, None)
        doc = self.workspace.get_text_document(uri)
        path = to_fs_path(uri)
        if path is None or Path(path).suffix.lower() not in READERS:
            return None
        diagnostics: list[lsp.Diagnostic]
        result: FileResult | None = None
        try:
            result = self.projects.check(Path(path), doc.source)
            diagnostics = [self.diagnostic(doc, f) for f in result.findings]
            self.results[uri] = (doc.version, result)
        except KettoolsError as exc:
            diagnostics = [self.problem(" ".join(str(exc).split()))]
        except Exception as exc:  # never let one article stop the server
            log.exception("checking %s failed", uri)
            diagnostics = [self.problem(f"kettools failed on this file: {exc!r}")]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=doc.version)
        )
        self.refresh_lens(uri, features.review(result) if result is not None else None)
        return result

    def refresh_lens(self, uri: str, lens: tuple[str, str] | None) -> None:
        """Ask the client to fetch code lenses again when this article's scorecard
        changed (when it can be asked: LSP 3.16's workspace/codeLens/refresh)."""
        if uri in self.lenses and self.lenses[uri] == lens:
            return
        shown = uri in self.lenses
        self.lenses[uri] = lens
        caps = self.client_capabilities.workspace
        code_lens = caps.code_lens if caps else None
        if shown and code_lens is not None and code_lens.refresh_support:
            self.workspace_code_lens_refresh(None)

    def problem(self, message: str) -> lsp.Diagnostic:
        start = lsp.Position(line=0, character=0)
        return lsp.Diagnostic(
            range=lsp.Range(start=start, end=start),
            message=f"kettools: error: {message}",
            severity=lsp.DiagnosticSeverity.Error,
            source="kettools",
        )

    def later(self, uri: str) -> None:
        """Check `debounce` seconds after the last change."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(self.debounce, self.check, uri)

    def current(self, uri: str) -> FileResult | None:
        """The result for the document as it is now (checked now if it changed since)."""
        doc = self.workspace.get_text_document(uri)
        known = self.results.get(uri)
        if known is not None and known[0] == doc.version and uri not in self.pending:
            return known[1]
        return self.check(uri)

    def recheck_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.check(uri)


def build(today: Callable[[], dt.date], debounce: float = 0.3) -> KettoolsServer:
    server = KettoolsServer(today, debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: KettoolsServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: KettoolsServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.later(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: KettoolsServer, params: lsp.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri.lower().endswith(DATA_SUFFIXES):
            ls.recheck_all()
        else:
            ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: KettoolsServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.results.pop(uri, None)
        ls.lenses.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched(ls: KettoolsServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        ls.recheck_all()

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: KettoolsServer, params: lsp.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watch = caps.did_change_watched_files if caps else None
        if watch is None or not watch.dynamic_registration:
            return  # every check compares the project's files anyway
        pattern = "**/*.{toml,yaml,yml,json}"
        options = lsp.DidChangeWatchedFilesRegistrationOptions(
            watchers=[lsp.FileSystemWatcher(glob_pattern=pattern)]
        )
        registration = lsp.Registration(
            id="kettools-data-files",
            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        await ls.client_register_capability_async(
            lsp.RegistrationParams(registrations=[registration])
        )

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: KettoolsServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        result = ls.current(uri)
        if result is None:
            return None
        doc = ls.workspace.get_text_document(uri)
        text = features.hover(result, ls.from_client(doc, params.position))
        if text is None:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_action(ls: KettoolsServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        result = ls.current(uri)
        if result is None:
            return []
        doc = ls.workspace.get_text_document(uri)
        first = params.range.start.line + 1
        last = params.range.end.line + 1
        done = []
        for action in features.actions(result, first, last):
            edits = [
                lsp.TextEdit(
                    range=ls.span(doc, e.line, e.column, e.end_line, e.end_column),
                    new_text=e.text,
                )
                for e in action.edits
            ]
            command = None
            if action.reason_at is not None:
                at = ls.to_client(doc, *action.reason_at)
                command = lsp.Command(
                    title="Write the reason", command=WRITE_REASON, arguments=[uri, at]
                )
            done.append(
                lsp.CodeAction(
                    title=action.title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[ls.diagnostic(doc, action.finding)],
                    is_preferred=action.preferred or None,
                    edit=lsp.WorkspaceEdit(changes={uri: edits}),
                    command=command,
                )
            )
        return done

    @server.feature(lsp.TEXT_DOCUMENT_CODE_LENS)
    def code_lens(ls: KettoolsServer, params: lsp.CodeLensParams) -> list[lsp.CodeLens]:
        uri = params.text_document.uri
        result = ls.current(uri)
        lens = features.review(result) if result is not None else None
        if lens is None:
            return []
        start = lsp.Position(line=0, character=0)
        command = lsp.Command(title=lens[0], command=SHOW_REVIEW, arguments=[uri])
        return [lsp.CodeLens(range=lsp.Range(start=start, end=start), command=command)]

    @server.command(SHOW_REVIEW)
    def show_review(ls: KettoolsServer, uri: str) -> None:
        result = ls.current(str(uri))
        lens = features.review(result) if result is not None else None
        if lens is not None:
            message = lsp.ShowMessageParams(type=lsp.MessageType.Info, message=lens[1])
            ls.window_show_message(message)

    @server.command(WRITE_REASON)
    async def write_reason(ls: KettoolsServer, uri: str, at: Any) -> None:
        """Put the cursor where the reason goes (after `--` in the new comment)."""
        position = lsp.Position(line=int(at["line"]), character=int(at["character"]))
        window = ls.client_capabilities.window
        if window is not None and window.show_document is not None and window.show_document.support:
            await ls.window_show_document_async(
                lsp.ShowDocumentParams(
                    uri=uri, take_focus=True, selection=lsp.Range(start=position, end=position)
                )
            )
        ls.window_show_message(
            lsp.ShowMessageParams(
                type=lsp.MessageType.Info,
                message=f"kettools: write why the finding is accepted after '--' "
                f"on line {position.line + 1}; until then it is not suppressed (KT901).",
            )
        )

    return server
