# Renders Nätverket's app icon (a calm blue rounded square with three linked nodes around a hub) into the PNG/ICO/ICNS files Tauri bundles.
"""Procedural icon renderer using only the Python standard library.

Every shape is described by a signed distance function (SDF) in unit
coordinates (0..1 across the canvas). Each output size is rendered directly:
a pixel's coverage is derived from the distance at its centre with a
one-pixel-wide ramp, which gives clean anti-aliased edges without
supersampling.

Run from the repository root:  python3 icons/make_icons.py
"""

import math
import struct
import time
import zlib
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent

# --- Colours (sRGB, 0-255) --------------------------------------------------
ACCENT = (0x1F, 0x4E, 0x8C)          # deep calm blue, the brand accent
GRADIENT = 0.12                      # top is 12% brighter, bottom 12% deeper
MOTIF = (0xFF, 0xFF, 0xFF)           # white network motif

# --- Geometry (fractions of the canvas size) ---------------------------------
MARGIN = 0.04                        # transparent border around the square
SQUARE_SIZE = 1.0 - 2 * MARGIN
CORNER_RADIUS = 0.22 * SQUARE_SIZE

HUB_CENTRE = (0.5, 0.57)             # sits a little low so the mark looks centred
ORBIT_RADIUS = 0.29                  # hub centre -> outer node centre
HUB_RADIUS = 0.11                    # slightly larger centre node
NODE_RADIUS = 0.09                   # the three outer nodes
SPOKE_WIDTH = 0.07                   # thickness of the hub-to-node links
MIN_STROKE_PX = 1.3                  # keep links visible at tiny sizes

# --- Outputs -----------------------------------------------------------------
PNG_OUTPUTS = {
    "32x32.png": 32,
    "128x128.png": 128,
    "128x128@2x.png": 256,
    "icon.png": 512,
}
ICO_SIZES = (16, 32, 48, 256)
ICNS_ENTRIES = (("ic07", 128), ("ic08", 256), ("ic09", 512))


# --- Signed distance functions -----------------------------------------------
def sd_rounded_square(x, y):
    """Distance to the rounded background square (negative inside)."""
    half = SQUARE_SIZE / 2 - CORNER_RADIUS
    qx = abs(x - 0.5) - half
    qy = abs(y - 0.5) - half
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    inside = min(max(qx, qy), 0.0)
    return outside + inside - CORNER_RADIUS


def sd_circle(x, y, cx, cy, r):
    return math.hypot(x - cx, y - cy) - r


def sd_segment(x, y, ax, ay, bx, by, half_width):
    """Distance to a capsule (thick line with round caps) from a to b."""
    px, py = x - ax, y - ay
    dx, dy = bx - ax, by - ay
    t = (px * dx + py * dy) / (dx * dx + dy * dy)
    t = min(max(t, 0.0), 1.0)
    return math.hypot(px - dx * t, py - dy * t) - half_width


def outer_nodes():
    """Three nodes on an equilateral triangle around the hub, apex up."""
    cx, cy = HUB_CENTRE
    nodes = []
    for angle_deg in (-90, 30, 150):
        a = math.radians(angle_deg)
        nodes.append((cx + ORBIT_RADIUS * math.cos(a), cy + ORBIT_RADIUS * math.sin(a)))
    return nodes


def motif_shapes(size):
    """Circles and capsules of the network motif (hub, three nodes, three links)."""
    spoke_half = max(SPOKE_WIDTH, MIN_STROKE_PX / size) / 2
    hx, hy = HUB_CENTRE
    nodes = outer_nodes()
    circles = [(hx, hy, HUB_RADIUS)] + [(nx, ny, NODE_RADIUS) for nx, ny in nodes]
    segments = [(hx, hy, nx, ny, spoke_half) for nx, ny in nodes]
    return circles, segments


def sd_motif(x, y, circles, segments):
    d = min(sd_circle(x, y, *c) for c in circles)
    for seg in segments:
        d = min(d, sd_segment(x, y, *seg))
    return d


# --- Rasterisation -----------------------------------------------------------
def coverage(distance, pixel):
    """Fraction of a pixel covered by a shape, from its signed distance."""
    t = min(max(0.5 - distance / pixel, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)  # smoothstep for a soft one-pixel edge


def lerp(a, b, t):
    return a + (b - a) * t


def background_colour(y):
    """Accent blue with a gentle top-to-bottom gradient centred on ACCENT."""
    t = min(max((y - MARGIN) / SQUARE_SIZE, 0.0), 1.0)
    scale = 1.0 + GRADIENT * (1.0 - 2.0 * t)
    return tuple(min(c * scale, 255.0) for c in ACCENT)


def render(size):
    """Return raw RGBA rows (bytes) for a size x size icon."""
    pixel = 1.0 / size
    circles, segments = motif_shapes(size)
    # Skip motif evaluation far away from it.
    motif_box = (0.5 - ORBIT_RADIUS - NODE_RADIUS - 2 * pixel,
                 0.5 + ORBIT_RADIUS + NODE_RADIUS + 2 * pixel,
                 HUB_CENTRE[1] - ORBIT_RADIUS - NODE_RADIUS - 2 * pixel,
                 HUB_CENTRE[1] + ORBIT_RADIUS / 2 + NODE_RADIUS + 2 * pixel)
    rows = []
    for j in range(size):
        y = (j + 0.5) * pixel
        bg = background_colour(y)
        row = bytearray(size * 4)
        for i in range(size):
            x = (i + 0.5) * pixel
            alpha = coverage(sd_rounded_square(x, y), pixel)
            if alpha <= 0.0:
                continue
            ink = 0.0
            if motif_box[0] <= x <= motif_box[1] and motif_box[2] <= y <= motif_box[3]:
                ink = coverage(sd_motif(x, y, circles, segments), pixel)
            k = i * 4
            for c in range(3):
                row[k + c] = round(lerp(bg[c], MOTIF[c], ink))
            row[k + 3] = round(alpha * 255)
        rows.append(bytes(row))
    return rows


# --- File formats ------------------------------------------------------------
def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def encode_png(size, rows):
    """8-bit RGBA (colour type 6), non-interlaced PNG."""
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 per scanline
    return (b"\x89PNG\r\n\x1a\n"
            + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(raw, 9))
            + png_chunk(b"IEND", b""))


def encode_ico(pngs):
    """ICO whose entries are PNG-compressed images, given {size: png_bytes}."""
    sizes = sorted(pngs)
    out = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    for s in sizes:
        dim = 0 if s >= 256 else s  # 0 means 256 in the ICO directory
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(pngs[s]), offset)
        offset += len(pngs[s])
    return out + b"".join(pngs[s] for s in sizes)


def encode_icns(entries):
    """ICNS with PNG payloads, given [(type_code, png_bytes)]."""
    body = b"".join(code.encode("ascii") + struct.pack(">I", 8 + len(data)) + data
                    for code, data in entries)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


# --- Main --------------------------------------------------------------------
def main():
    started = time.perf_counter()
    wanted = set(PNG_OUTPUTS.values()) | set(ICO_SIZES) | {s for _, s in ICNS_ENTRIES}
    pngs = {size: encode_png(size, render(size)) for size in sorted(wanted)}

    for name, size in PNG_OUTPUTS.items():
        (ICON_DIR / name).write_bytes(pngs[size])
    (ICON_DIR / "icon.ico").write_bytes(encode_ico({s: pngs[s] for s in ICO_SIZES}))
    (ICON_DIR / "icon.icns").write_bytes(
        encode_icns([(code, pngs[size]) for code, size in ICNS_ENTRIES]))

    elapsed = time.perf_counter() - started
    print(f"Wrote icons to {ICON_DIR} in {elapsed:.1f}s")


if __name__ == "__main__":
    main()
