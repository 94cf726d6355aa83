"""Leaflet rendering time in a warm process: median of N renders per format.

    python benchmarks/leaflet.py [N]

Target: PDF <= 0.3 s per leaflet (issue 7), ideally <= 0.2 s (issue 9: >= 5 leaflets/s).
Install libharfbuzz-subset0 (Debian) for fast font subsetting; without it weasyprint falls
back to fontTools, several times slower. Wall-clock and process CPU times are both printed:
on a shared machine the CPU time is the steadier of the two.
"""

from __future__ import annotations

import io
import os
import re
import statistics
import sys
import time
from pathlib import Path

from kettools import __version__, engine
from kettools.cli.common import today
from kettools.config import load_config
from kettools.export import ExportInput
from kettools.export.leaflet import HtmlLeafletExporter, PdfLeafletExporter

ROOT = Path(__file__).resolve().parents[1]
SLUG = "esketamine-treatment-resistant-depression"
TARGET = 0.3


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
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
        times, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            data = exp.render(item)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        median = statistics.median(times)
        flag = "" if name == "html" or median <= TARGET else f"  (above the {TARGET} s target)"
        pages = f", {_pages(data)} pages" if name == "pdf" else ""
        print(
            f"{name:4} median {median:.3f} s  min {min(times):.3f} s  max {max(times):.3f} s  "
            f"CPU median {statistics.median(cpu):.3f} s  {len(data)} bytes{pages}, "
            f"N={runs}{flag}"
        )


def _pages(pdf: bytes) -> int:
    try:
        import pypdf
    except ImportError:  # a rough count without pypdf
        return len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


if __name__ == "__main__":
    main()
