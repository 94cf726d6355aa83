"""Render a terminal capture (`tmux capture-pane -e -p`, ANSI colours) as a small PNG.

    tmux capture-pane -e -p -t SESSION > pane.txt
    python docs/images/capture.py pane.txt docs/images/neovim-diagnostics.png

Needs Pillow (installed with weasyprint) and DejaVu Sans Mono.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SIZE = 14
BASE16 = [
    (0, 0, 0), (205, 49, 49), (13, 160, 80), (190, 150, 0),
    (36, 114, 200), (188, 63, 188), (17, 148, 160), (200, 200, 200),
    (110, 110, 110), (241, 76, 76), (35, 190, 110), (225, 200, 40),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]  # fmt: skip
FG, BG = (220, 220, 220), (24, 24, 28)
SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def color256(n: int) -> tuple[int, int, int]:
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[n // 36], steps[n // 6 % 6], steps[n % 6]
    level = 8 + 10 * (n - 232)
    return level, level, level


def cells(line: str, state: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
    out: list[tuple[str, dict[str, object]]] = []
    pos = 0
    for m in SGR.finditer(line):
        out += [(ch, dict(state)) for ch in line[pos : m.start()]]
        pos = m.end()
        codes = [int(c.split(":")[0] or 0) for c in m.group(1).split(";")] or [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                state.clear()
            elif c == 1:
                state["bold"] = True
            elif c in (4, 21):
                state["under"] = True
            elif c == 7:
                state["reverse"] = True
            elif c == 22:
                state.pop("bold", None)
            elif c == 24:
                state.pop("under", None)
            elif c == 27:
                state.pop("reverse", None)
            elif 30 <= c <= 37 or 90 <= c <= 97:
                state["fg"] = BASE16[c - 30 if c < 90 else c - 82]
            elif 40 <= c <= 47 or 100 <= c <= 107:
                state["bg"] = BASE16[c - 40 if c < 100 else c - 92]
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                state["fg" if c == 38 else "bg"] = color256(codes[i + 2])
                i += 2
            elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
                state["fg" if c == 38 else "bg"] = tuple(codes[i + 2 : i + 5])
                i += 4
            elif c == 39:
                state.pop("fg", None)
            elif c == 49:
                state.pop("bg", None)
            i += 1
    out += [(ch, dict(state)) for ch in line[pos:]]
    return out


def render(text: str, target: Path) -> None:
    font, bold = ImageFont.truetype(FONT, SIZE), ImageFont.truetype(BOLD, SIZE)
    width, height = font.getbbox("M")[2], SIZE + 4
    lines = text.rstrip("\n").split("\n")
    state: dict[str, object] = {}
    rows = [cells(line, state) for line in lines]
    columns = max(len(r) for r in rows)
    image = Image.new("RGB", (columns * width + 16, len(rows) * height + 16), BG)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, (ch, style) in enumerate(row):
            fg, bg = style.get("fg", FG), style.get("bg", BG)
            if style.get("reverse"):
                fg, bg = bg, fg
            left, top = 8 + x * width, 8 + y * height
            if bg != BG:
                draw.rectangle([left, top, left + width - 1, top + height - 1], fill=bg)  # type: ignore[arg-type]
            draw.text((left, top + 1), ch, fill=fg, font=bold if style.get("bold") else font)  # type: ignore[arg-type]
            if style.get("under"):
                draw.line([left, top + height - 2, left + width, top + height - 2], fill=fg)  # type: ignore[arg-type]
    image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
    image.save(target, optimize=True)


if __name__ == "__main__":
    render(Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2]))
