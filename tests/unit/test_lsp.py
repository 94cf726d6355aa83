"""`kettools lsp`, driven over standard input and output by pygls' language client:
open, edit, diagnostics, hover, code actions, project changes, shutdown."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Union

import pytest
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from kettools import engine
from kettools.cli.common import today
from kettools.inputs.config import load_config
from kettools.report.scorecard import headline
from tests.conftest import ROOT

ARTICLE = """---
title: Ketamine for depression
intervention: ketamine
---

# Ketamine for depression

Ketamine is a miracle for people with depression.

Esketamine nasal spray is taken in a clinic, with a health professional watching.
"""
TIMEOUT = 60  # seconds for one answer: the machine running the tests may be slow


class Client:
    """A language client with the diagnostics the server published, newest last."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.client = LanguageClient("kettools-test", "1")
        # lsprotocol 2025.0.0 reads any code action with a `command` as a Command; a
        # CodeAction's command is an object, a Command's a string (the specification)
        converter = self.client.protocol._converter

        def action(data: Any, _: type) -> lsp.Command | lsp.CodeAction:
            kind = lsp.Command if isinstance(data.get("command"), str) else lsp.CodeAction
            return converter.structure(data, kind)  # type: ignore[no-any-return]

        converter.register_structure_hook(Union[lsp.Command, lsp.CodeAction], action)  # noqa: UP007
        self.published: dict[str, asyncio.Queue[list[lsp.Diagnostic]]] = {}
        self.versions: dict[str, int] = {}

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: lsp.PublishDiagnosticsParams) -> None:
            self.queue(params.uri).put_nowait(params.diagnostics)

        @self.client.feature(lsp.WINDOW_SHOW_MESSAGE)
        def message(params: lsp.ShowMessageParams) -> None:
            self.messages.append(params.message)

        self.messages: list[str] = []
        self.lens_refreshes: asyncio.Queue[None] = asyncio.Queue()

        @self.client.feature(lsp.WORKSPACE_CODE_LENS_REFRESH)
        def refresh(params: None) -> None:
            self.lens_refreshes.put_nowait(None)

    def queue(self, uri: str) -> asyncio.Queue[list[lsp.Diagnostic]]:
        return self.published.setdefault(uri, asyncio.Queue())

    async def diagnostics(self, uri: str) -> list[lsp.Diagnostic]:
        return await asyncio.wait_for(self.queue(uri).get(), TIMEOUT)

    def uri(self, name: str) -> str:
        uri = from_fs_path(str(self.project / name))
        assert uri is not None
        return uri

    def open(self, name: str, text: str) -> str:
        uri = self.uri(name)
        self.versions[uri] = 1
        item = lsp.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        doc = lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri])
        whole = lsp.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(text_document=doc, content_changes=[whole])
        )

    async def hover(self, uri: str, line: int, character: int) -> str:
        doc = lsp.TextDocumentIdentifier(uri=uri)
        at = lsp.Position(line=line, character=character)
        answer = await asyncio.wait_for(
            self.client.text_document_hover_async(lsp.HoverParams(text_document=doc, position=at)),
            TIMEOUT,
        )
        if answer is None:
            return ""
        assert isinstance(answer.contents, lsp.MarkupContent)
        return answer.contents.value

    async def actions(self, uri: str, line: int) -> list[lsp.CodeAction]:
        doc = lsp.TextDocumentIdentifier(uri=uri)
        where = lsp.Range(
            start=lsp.Position(line=line, character=0), end=lsp.Position(line=line, character=0)
        )
        params = lsp.CodeActionParams(
            text_document=doc, range=where, context=lsp.CodeActionContext(diagnostics=[])
        )
        found = await asyncio.wait_for(self.client.text_document_code_action_async(params), TIMEOUT)
        return [a for a in found or [] if isinstance(a, lsp.CodeAction)]

    async def lenses(self, uri: str) -> list[lsp.CodeLens]:
        params = lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        found = await asyncio.wait_for(self.client.text_document_code_lens_async(params), TIMEOUT)
        return list(found or [])


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """The text after `edits` (ASCII text: characters are code units)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(p: lsp.Position) -> int:
        return starts[p.line] + p.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


@asynccontextmanager
async def server(project: Path) -> AsyncIterator[Client]:
    client = Client(project)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    await client.client.start_io(
        sys.executable, "-m", "kettools", "lsp", "--debounce", "50", cwd=str(project), env=env
    )
    capabilities = lsp.ClientCapabilities(
        window=lsp.WindowClientCapabilities(
            show_document=lsp.ShowDocumentClientCapabilities(support=False)
        ),
        workspace=lsp.WorkspaceClientCapabilities(
            code_lens=lsp.CodeLensWorkspaceClientCapabilities(refresh_support=True)
        ),
    )
    await asyncio.wait_for(
        client.client.initialize_async(
            lsp.InitializeParams(
                capabilities=capabilities, root_uri=from_fs_path(str(project)), process_id=None
            )
        ),
        TIMEOUT,
    )
    client.client.initialized(lsp.InitializedParams())
    try:
        yield client
    finally:
        await asyncio.wait_for(client.client.shutdown_async(None), TIMEOUT)
        client.client.exit(None)
        await asyncio.wait_for(client.client.stop(), TIMEOUT)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    (tmp_path / "pyproject.toml").write_text("[tool.kettools]\n")
    return tmp_path


def run(test: Callable[[Client], Awaitable[None]], project: Path) -> None:
    async def main() -> None:
        async with server(project) as client:
            await test(client)

    asyncio.run(main())


def codes(diagnostics: list[lsp.Diagnostic]) -> list[tuple[Any, int, int]]:
    return sorted(
        (d.code, d.range.start.line + 1, d.range.start.character + 1) for d in diagnostics
    )


def check_codes(project: Path, name: str, text: str) -> list[tuple[Any, int, int]]:
    """What `kettools check` finds in `text` saved as `name` in the project."""
    path = project / "sources" / name
    path.write_text(text, encoding="utf-8")
    result = engine.check([path], load_config(path), today())
    return sorted((f.code, f.line, f.column) for f in result.findings)


def test_open_edit_hover_accept_and_shutdown(project: Path) -> None:
    async def steps(client: Client) -> None:
        uri = client.open("sources/draft.md", ARTICLE)
        first = await client.diagnostics(uri)
        assert ("KT201", 8, 15) in codes(first)  # "miracle", line 8, column 15
        # the same findings as `kettools check` on the same text
        assert codes(first) == check_codes(project, "same.md", ARTICLE)
        hype = next(d for d in first if d.code == "KT201")
        assert "miracle" in hype.message or "hype" in hype.message.lower()

        # hover: the rule's documentation, and the claim's analysis
        text = await client.hover(uri, 7, 16)
        assert "KT201" in text and "How to fix" in text
        assert "strength" in text and "certainty" in text and "Cues" in text

        # accept the finding: a comment whose reason the editor writes
        actions = await client.actions(uri, 7)
        accept = next(a for a in actions if a.title.startswith("Accept KT201"))
        assert accept.edit is not None and accept.edit.changes is not None
        assert accept.command is not None and accept.command.command == "kettools.writeReason"
        accepted = apply(ARTICLE, accept.edit.changes[uri])
        assert "<!-- kettools-disable-next-line KT201 --  -->\nKetamine is a miracle" in accepted
        client.change(uri, accepted)
        pending = codes(await client.diagnostics(uri))
        assert ("KT901", 8, 1) in pending  # no reason yet: the finding stays
        assert any(c[0] == "KT201" for c in pending)
        await client.client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(
                command=accept.command.command, arguments=accept.command.arguments
            )
        )
        assert any("write why" in m for m in client.messages)
        reasoned = accepted.replace("KT201 --  -->", "KT201 -- quoting the clinic on purpose -->")
        client.change(uri, reasoned)
        done = codes(await client.diagnostics(uri))
        assert not any(c[0] in ("KT201", "KT901") for c in done)

        # an edit: the hype word is gone after the debounce
        client.change(uri, ARTICLE.replace("a miracle", "a treatment"))
        assert not any(c[0] == "KT201" for c in codes(await client.diagnostics(uri)))

    run(steps, project)


def test_unused_suppression_is_removed_by_a_safe_fix(project: Path) -> None:
    text = ARTICLE.replace(
        "Esketamine nasal",
        "<!-- kettools-disable-next-line KT202 -- no absolute word here -->\nEsketamine nasal",
    )

    async def steps(client: Client) -> None:
        uri = client.open("sources/draft.md", text)
        assert ("KT902", 10, 1) in codes(await client.diagnostics(uri))
        actions = await client.actions(uri, 9)
        fix = next(a for a in actions if a.title == "Remove the unused suppression")
        assert fix.is_preferred
        assert fix.edit is not None and fix.edit.changes is not None
        assert apply(text, fix.edit.changes[uri]) == ARTICLE
        assert not any(a.title.startswith("Accept KT902") for a in actions)

    run(steps, project)


def test_config_and_catalog_changes_are_picked_up_without_restart(project: Path) -> None:
    async def steps(client: Client) -> None:
        uri = client.open("sources/draft.md", ARTICLE)
        assert any(c[0] == "KT201" for c in codes(await client.diagnostics(uri)))
        (project / "pyproject.toml").write_text('[tool.kettools]\nignore = ["KT201"]\n')
        change = lsp.FileEvent(uri=client.uri("pyproject.toml"), type=lsp.FileChangeType.Changed)
        client.client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(changes=[change])
        )
        assert not any(c[0] == "KT201" for c in codes(await client.diagnostics(uri)))
        # a broken config is one diagnostic naming the file, not a dead server
        (project / "pyproject.toml").write_text("[tool.kettools]\nnot_a_key = 1\n")
        client.change(uri, ARTICLE)
        broken = await client.diagnostics(uri)
        assert len(broken) == 1 and "not_a_key" in broken[0].message
        (project / "pyproject.toml").write_text("[tool.kettools]\n")
        client.change(uri, ARTICLE)
        assert any(c[0] == "KT201" for c in codes(await client.diagnostics(uri)))

    run(steps, project)


def test_files_that_are_not_articles_get_no_diagnostics(project: Path) -> None:
    async def steps(client: Client) -> None:
        uri = client.open("notes.py", "print('a miracle')\n")
        client.change(uri, "print('always')\n")
        assert await client.hover(uri, 0, 8) == ""
        assert uri not in client.published or client.published[uri].empty()

    run(steps, project)


def test_html_and_plain_text_articles_get_the_same_findings_as_check(project: Path) -> None:
    html = (
        "<html><head><title>Ketamine</title></head><body>\n"
        "<h1>Ketamine for depression</h1>\n"
        "<p>Ketamine is a miracle for people with depression.</p>\n"
        "</body></html>\n"
    )
    text = "Ketamine for depression\n\nKetamine is a miracle for people with depression.\n"

    async def steps(client: Client) -> None:
        for name, body in (("page.html", html), ("notes.txt", text)):
            uri = client.open(f"sources/{name}", body)
            found = codes(await client.diagnostics(uri))
            assert any(c[0] == "KT201" for c in found), found
            assert found == check_codes(project, f"same-{name}", body)

    run(steps, project)


def test_the_review_scorecard_is_a_code_lens_on_the_first_line(project: Path) -> None:
    costs = ARTICLE + "\nEach session costs about $600, and insurers rarely pay for it.\n"

    def review(name: str, text: str) -> Any:
        path = project / "sources" / name
        path.write_text(text, encoding="utf-8")
        return engine.check([path], load_config(path), today()).files[0].review

    async def steps(client: Client) -> None:
        uri = client.open("sources/draft.md", ARTICLE)
        await client.diagnostics(uri)
        (lens,) = await client.lenses(uri)
        assert lens.range.start == lsp.Position(line=0, character=0)
        assert lens.command is not None and lens.command.command == "kettools.showReview"
        # the scorecard `kettools check` gives for the same text: rating, criteria not met
        expected = review("same.md", ARTICLE)
        missing = [k for k, c in expected.criteria.items() if c.verdict == "not_satisfactory"]
        assert missing
        assert lens.command.title == (
            f"kettools {headline(expected)}; not met: {', '.join(missing)}"
        )
        assert lens.command.title.startswith("kettools review ")
        assert "/5 (" in lens.command.title
        # its command says why each criterion is not met
        await client.client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command=lens.command.command, arguments=lens.command.arguments)
        )
        (message,) = [m for m in client.messages if m.startswith("kettools review")]
        for key in missing:
            assert f"{key}: {expected.criteria[key].why.rstrip('.')}" in message
        # an edit that changes the scorecard asks the client to fetch the lenses again
        assert client.lens_refreshes.empty()
        client.change(uri, costs)
        await client.diagnostics(uri)
        await asyncio.wait_for(client.lens_refreshes.get(), TIMEOUT)
        (lens,) = await client.lenses(uri)
        changed = review("same.md", costs)
        assert changed != expected
        assert lens.command is not None
        assert lens.command.title.startswith(f"kettools {headline(changed)}")

    run(steps, project)


def test_no_lens_for_a_file_that_is_not_an_article(project: Path) -> None:
    async def steps(client: Client) -> None:
        uri = client.open("notes.py", "print('a miracle')\n")
        assert await client.lenses(uri) == []

    run(steps, project)
