"""Leaflet rendering time in a warm process: median of N renders per format.

    python benchmarks/leaflet.py [N] [--stages]
    python benchmarks/leaflet.py --render DIR
    python benchmarks/leaflet.py --corpus N

--render writes the PDF leaflet of every example article (sources/) and seed
(../shared/seeds, exported as with --allow-errors) to DIR/<slug>.pdf and each page to
DIR/<slug>-<page>.png (pdftoppm, 60 dpi), prints the pages, the reading grade and the
sentences left out of each, and fails (exit 1) when the showcase is over 4 A4 pages.
Look at the PNGs: that is what a patient gets.

--corpus N places the sentences of the first N HealthNewsReview articles
(../shared/data/hnr_dev.jsonl, title and text as plain text) and prints how many go to
each section and the commonest reasons for leaving one out.

Target: PDF <= 0.3 s per leaflet (issue 7), ideally <= 0.2 s (issue 9: >= 5 leaflets/s).
Install libharfbuzz-subset0 (Debian) for fast font subsetting; without it weasyprint falls
back to fontTools, several times slower. Wall-clock and process CPU times are both printed:
on a shared machine the CPU time is the steadier of the two.

--stages also prints the median seconds per stage of the PDF render: the leaflet HTML
(kettools), weasyprint's HTML parse, CSS cascade, box tree, layout (and of it the outside
list markers, laid out as absolutely positioned boxes), drawing the pages,
embedding the fonts, the PDF/UA tags, the rest of the PDF, and writing (serialising and
compressing) it. The stages are timed by wrapping weasyprint 70's internal functions here;
kettools and weasyprint are not changed.
"""

from __future__ import annotations

import io
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kettools import __version__, engine
from kettools.cli.common import today
from kettools.export import ExportInput
from kettools.export.leaflet import HtmlLeafletExporter, PdfLeafletExporter
from kettools.inputs.config import load_config

ROOT = Path(__file__).resolve().parents[1]
SLUG = "esketamine-treatment-resistant-depression"
TARGET = 0.3


SHOWCASE_PAGES = 4


def render(out: Path) -> int:
    """Render every example and seed leaflet to PDF and PNG pages; 1 if the showcase is
    over SHOWCASE_PAGES pages."""
    import shutil
    import subprocess

    from kettools.export.leaflet.content import article_drug
    from kettools.export.leaflet.place import place

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795305600")
    out.mkdir(parents=True, exist_ok=True)
    config = load_config(ROOT / "sources")
    run_date = today()
    project = engine.Project.load(config, run_date)
    paths = [p for p, _ in engine.targets([config.sources_dir], config)]
    paths += sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    status = 0
    for path in paths:
        result = engine.check([path], config, run_date, project).files[0]
        item = ExportInput.from_result(
            result, path.stem, project.catalog, config, run_date, __version__
        )
        output = PdfLeafletExporter().export(item)
        pdf = out / f"{path.stem}.pdf"
        pdf.write_bytes(output.data)
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-r", "60", "-png", str(pdf), str(out / path.stem)], check=True
            )
        pages = _pages(output.data)
        left_out = len(place(item, article_drug(item)).left_out())
        print(f"{path.name:50} {pages} pages  {output.notes[0]}  {left_out} sentences left out")
        if path.stem == SLUG and pages > SHOWCASE_PAGES:
            print(f"  the showcase is over {SHOWCASE_PAGES} pages")
            status = 1
    return status


def corpus(count: int) -> None:
    """Sentences placed per section and the commonest reasons for leaving one out."""
    import json
    import tempfile
    from collections import Counter

    from kettools.export.leaflet.content import article_drug
    from kettools.export.leaflet.place import place

    data = ROOT.parent / "shared" / "data" / "hnr_dev.jsonl"
    rows = [json.loads(line) for line in data.read_text("utf-8").splitlines()[:count]]
    config = load_config(ROOT / "sources")
    project = engine.Project.load(config, today())
    sections: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        for row in rows:
            path = Path(folder) / f"{row['id']}.txt"
            path.write_text(f"{row['title']}\n\n{row['text']}", "utf-8")
            result = engine.check([path], config, project.today, project).files[0]
            item = ExportInput.from_result(
                result, path.stem, project.catalog, config, project.today, __version__
            )
            for placed in place(item, article_drug(item)).sentences:
                sections[placed.section or "left out"] += 1
                if placed.section is None:
                    reasons[re.sub(r"line \d+", "line N", placed.reason.split(": ")[0])] += 1
    print(f"{len(rows)} articles, {sum(sections.values())} sentences: {dict(sections)}")
    for reason, n in reasons.most_common(8):
        print(f"  {n:5}  {reason}")


def main() -> None:
    if "--corpus" in sys.argv[1:]:
        where = sys.argv[sys.argv.index("--corpus") + 1 :]
        corpus(int(where[0]) if where else 40)
        return
    if "--render" in sys.argv[1:]:
        where = sys.argv[sys.argv.index("--render") + 1 :]
        sys.exit(render(Path(where[0] if where else "leaflet-pages")))
    args = [a for a in sys.argv[1:] if a != "--stages"]
    runs = int(args[0]) if args else 10
    stages = _StageTimer() if "--stages" in sys.argv[1:] else None
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795305600")
    config = load_config(ROOT / "sources")
    run_date = today()
    project = engine.Project.load(config, run_date)
    result = engine.check([config.sources_dir / f"{SLUG}.md"], config, run_date, project)
    item = ExportInput.from_result(
        result.files[0], SLUG, project.catalog, config, run_date, __version__
    )
    for name, exp in (("html", HtmlLeafletExporter()), ("pdf", PdfLeafletExporter())):
        exp.render(item)  # warm up: imports, fonts, template
        if name == "pdf" and stages:
            stages.install()
        times, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            data = exp.render(item)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if name == "pdf" and stages:
                stages.end_render(times[-1])
        median = statistics.median(times)
        flag = "" if name == "html" or median <= TARGET else f"  (above the {TARGET} s target)"
        pages = f", {_pages(data)} pages" if name == "pdf" else ""
        print(
            f"{name:4} median {median:.3f} s  min {min(times):.3f} s  max {max(times):.3f} s  "
            f"CPU median {statistics.median(cpu):.3f} s  {len(data)} bytes{pages}, "
            f"N={runs}{flag}"
        )
    if stages:
        stages.report()


class _StageTimer:
    """Seconds per stage of each PDF render, from timers wrapped around weasyprint's steps."""

    STAGES = (
        "leaflet HTML (kettools)",
        "HTML parse",
        "CSS cascade",
        "box tree",
        "layout",
        "  of it: list markers",
        "draw pages",
        "fonts",
        "PDF/UA tags",
        "PDF other",
        "write PDF",
        "rest",
    )

    def __init__(self) -> None:
        self.now: dict[str, float] = defaultdict(float)
        self.per_render: dict[str, list[float]] = defaultdict(list)

    def _wrap(self, owner: Any, attribute: str, key: str) -> None:
        original: Callable[..., Any] = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.now[key] += time.perf_counter() - start

        setattr(owner, attribute, timed)

    def install(self) -> None:
        import pydyf
        import weasyprint
        import weasyprint.document as document
        import weasyprint.layout.page as page
        import weasyprint.pdf as pdf

        from kettools.export.leaflet import LeafletExporter

        self._wrap(LeafletExporter, "html", "leaflet HTML (kettools)")
        self._wrap(weasyprint.HTML, "__init__", "HTML parse")
        self._wrap(document, "get_all_computed_styles", "CSS cascade")
        self._wrap(document, "build_formatting_structure", "box tree")
        self._wrap(document.Document, "_render", "render")  # cascade + boxes + layout
        # outside list markers are the only absolutely positioned boxes of the leaflet
        self._wrap(page, "absolute_layout", "  of it: list markers")
        self._wrap(document.Page, "paint", "draw pages")
        self._wrap(pdf, "build_fonts_dictionary", "fonts")
        self._wrap(pdf, "add_tags", "PDF/UA tags")
        self._wrap(document, "generate_pdf", "generate")  # draw + fonts + tags + other
        self._wrap(pydyf.PDF, "write", "write PDF")

    def end_render(self, total: float) -> None:
        now = self.now
        now["layout"] = now["render"] - now["CSS cascade"] - now["box tree"]
        now["PDF other"] = now["generate"] - now["draw pages"] - now["fonts"] - now["PDF/UA tags"]
        now["rest"] = total - sum(
            now[k]
            for k in ("leaflet HTML (kettools)", "HTML parse", "render", "generate", "write PDF")
        )
        for key in self.STAGES:
            self.per_render[key].append(now[key])
        now.clear()

    def report(self) -> None:
        medians = {k: statistics.median(self.per_render[k]) for k in self.STAGES}
        total = sum(v for k, v in medians.items() if not k.startswith(" "))
        print("pdf stages (median s per render; the medians add up to about the total):")
        for key, value in medians.items():
            print(f"  {key:24} {value:.4f} s  {value / total:5.1%}")


def _pages(pdf: bytes) -> int:
    try:
        import pypdf
    except ImportError:  # a rough count without pypdf
        return len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


if __name__ == "__main__":
    main()
