"""PDF/UA structure for the leaflet: a tree that follows the content, not the pages.

weasyprint 70 tags each page on its own: `Document` gets the boxes of page 1, then those
of page 2, so a section or a list broken by a page becomes two `Sect` or two `L`, and
the margin boxes ("Page N of M") are tagged `Span` in a structure element that is in
no tree. `add_tags` here replaces weasyprint's for the leaflet's render (`tagged`):

- one structure element per HTML element: a box continued on a later page adds its
  content to the element made for it on the first page (marked content on another page
  is referenced with an `MCR` that names its page);
- page furniture (the margin boxes) is marked `/Artifact` in the content stream and is
  not in the structure tree; the other marked content is numbered again from 0 on each
  page, so the parent tree stays dense.

Everything else (tags per HTML element, list items as `LI > Lbl + LBody`, links as
`Link` with their annotation, table headers) is weasyprint's own `_build_box_tree`
logic, which this module calls with its per-element cache.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_LOCK = threading.Lock()


def _margin_boxes(box: Any, boxes: Any) -> Iterator[Any]:
    """The text and replaced boxes inside a page's margin boxes."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.MarginBox):
            yield from _leaves(child, boxes)


def _leaves(box: Any, boxes: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        if isinstance(child, (boxes.TextBox, boxes.ReplacedBox)):
            yield child
        else:
            yield from _leaves(child, boxes)


def _artifacts(stream: Any, tags: dict[Any, dict[str, Any]], furniture: list[Any]) -> None:
    """Mark the furniture's content as /Artifact and renumber the rest from 0."""
    import pydyf  # type: ignore[import-untyped]

    gone = {tags.pop(box)["mcid"] for box in furniture if box in tags}
    ops = stream.stream
    renumber: dict[int, int] = {}
    i = 0
    while i < len(ops):
        op = ops[i]
        if isinstance(op, pydyf.Dictionary) and "MCID" in op and i + 1 < len(ops):
            mcid = op["MCID"]
            if mcid in gone:
                ops[i - 1 : i + 2] = ["/Artifact", b"BMC"]
                continue
            renumber[mcid] = len(renumber)
            op["MCID"] = renumber[mcid]
        i += 1
    for tag in tags.values():
        tag["mcid"] = renumber.get(tag["mcid"], tag["mcid"])


def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: Any) -> None:
    """weasyprint's `add_tags`, then the elements a page break split are joined again and
    the margin boxes are artifacts."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags as wtags

    for page, stream in zip(document.pages, page_streams, strict=True):
        _artifacts(stream, stream._tags, list(_margin_boxes(page._page_box, boxes)))

    origin: dict[int, tuple[int, str]] = {}  # structure element number -> its HTML element
    original = wtags._build_box_tree

    def recording(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox):
            return  # furniture: its content is already an artifact
        for element in original(box, parent, *args):
            if box.element is not None:
                origin.setdefault(element.number, (id(box.element), str(box.element_tag)))
            yield element

    wtags._build_box_tree = recording
    try:
        wtags.add_tags(pdf, document, pdf_version, page_streams)
    finally:
        wtags._build_box_tree = original
    _join(pdf, origin)


def _number(reference: Any) -> int | None:
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return int(reference.split()[0])
    return None


def _join(pdf: Any, origin: dict[int, tuple[int, str]]) -> None:
    """Join siblings made from one HTML element (a box continued on the next page)."""
    import pydyf

    objects = pdf.objects
    root = objects[_number(pdf.catalog["StructTreeRoot"]) or 0]
    moved: dict[bytes, bytes] = {}  # reference of a joined element -> the one it joined

    def element(reference: Any) -> Any:
        number = _number(reference)
        obj = objects[number] if number is not None else None
        return obj if isinstance(obj, dict) and obj.get("Type") == "/StructElem" else None

    def same(a: Any, b: Any) -> bool:
        key_a, key_b = origin.get(a.number), origin.get(b.number)
        return key_a is not None and key_a == key_b and a["S"] == b["S"]

    def move(this: Any, into: Any) -> list[Any]:
        """The children of `this`, ready to be children of `into`."""
        out = []
        for inner in this["K"]:
            if isinstance(inner, int):  # marked content, maybe on another page
                inner = pydyf.Dictionary({"Type": "/MCR", "MCID": inner, "Pg": this["Pg"]})
            elif (child := element(inner)) is not None:
                child["P"] = into.reference
            out.append(inner)
        this["K"] = pydyf.Array()
        moved[this.reference] = into.reference
        return out

    def join(parent: Any) -> None:
        kids: list[Any] = []
        pending = list(parent["K"])
        while pending:
            kid = pending.pop(0)
            this, last = element(kid), element(kids[-1]) if kids else None
            if this is not None and same(parent, this):  # e.g. a column box of a list
                pending[:0] = move(this, parent)
            elif this is not None and last is not None and same(last, this):
                last["K"].extend(move(this, last))
            else:
                kids.append(kid)
        parent["K"] = pydyf.Array(kids)
        for kid in kids:
            if (child := element(kid)) is not None:
                join(child)

    for top in root["K"]:
        if (document := element(top)) is not None:
            join(document)
    parent_tree = objects[_number(root["ParentTree"]) or 0]
    nums = parent_tree["Nums"]
    for i, entry in enumerate(nums):
        if isinstance(entry, list):
            nums[i] = pydyf.Array(moved.get(ref, ref) for ref in entry)
        elif isinstance(entry, bytes):
            nums[i] = moved.get(entry, entry)


@contextmanager
def tagged() -> Iterator[None]:
    """While active, weasyprint's PDFs get this module's structure tree. A weasyprint
    without the internals it wraps keeps its own tagging (and the structure tests fail)."""
    import weasyprint.pdf as wpdf
    from weasyprint.pdf import tags as wtags

    if not hasattr(wpdf, "add_tags") or not hasattr(wtags, "_build_box_tree"):
        yield
        return
    with _LOCK:
        original = wpdf.add_tags
        wpdf.add_tags = add_tags
        try:
            yield
        finally:
            wpdf.add_tags = original
