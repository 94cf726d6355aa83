"""Leaflet rendering time in a warm process: median of N renders per format.

    python benchmarks/leaflet.py [N]

Target: PDF <= 0.3 s per leaflet. Install libharfbuzz-subset0 (Debian) for fast font
subsetting; without it weasyprint falls back to fontTools, several times slower.
"""

from __future__ import annotations

import os
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
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            data = exp.render(item)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        flag = "" if name == "html" or median <= TARGET else f"  (above the {TARGET} s target)"
        print(
            f"{name:4} median {median:.3f} s  min {min(times):.3f} s  max {max(times):.3f} s  "
            f"{len(data)} bytes, N={runs}{flag}"
        )


if __name__ == "__main__":
    main()
