"""Draw the demo agency seal (examples/demo-seal.png): a red round seal with a star and the
agency's name along the rim. Run once; the PNG is committed. A real agency configures its own
scanned seal image (``agency.seal`` in the report metadata file)."""

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
RED = (200, 30, 40, 255)


def star(draw, cx, cy, r):
    pts = []
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.38
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    draw.polygon(pts, fill=RED)


def seal(name: str, bottom: str, size: int = 420) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c = size / 2
    d.ellipse((8, 8, size - 8, size - 8), outline=RED, width=12)
    star(d, c, c, size * 0.13)
    font = ImageFont.truetype(FONT, int(size * 0.1), index=2)  # SC face of the collection
    span = math.radians(240)
    for k, ch in enumerate(name):
        a = -math.pi / 2 - span / 2 + span * (k + 0.5) / len(name)
        glyph = Image.new("RGBA", (int(size * 0.14),) * 2, (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        x, y = c + size * 0.34 * math.cos(a), c + size * 0.34 * math.sin(a)
        img.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    small = ImageFont.truetype(FONT, int(size * 0.075), index=2)
    d.text((c, c + size * 0.27), bottom, font=small, fill=RED, anchor="mm")
    return img


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/demo-seal.png")
    seal("浙江知信信用评价有限公司", "信用评价专用章").save(out, optimize=True)
    print(out, out.stat().st_size)
