#!/usr/bin/env python3
"""Build the image-only ("scanned") PDFs of corpus/scanned/ and their truth.

Usage:  python3 scripts/make_scanned_pdfs.py [--only NAME ...]

Each fixture rasterises one generated corpus PDF (corpus/pdf/<source>.pdf)
page by page and writes a new PDF by hand: one page per image, the page the
size of the source page in points, the image drawn over the whole page
(`q W 0 0 H 0 0 cm /Im0 Do Q`), no text layer at all. Its truth,
golden/scanned/<name>.truth.json, is the source's truth (written from the
data that rendered the source PDF, golden/pdf/<source>.truth.json) with
"file" pointing at the scanned PDF and a "scan" record saying how it was
made. Nothing here runs yusuan.

Image encodings (the ones a scanner or a scanning office's software writes):
  jpeg   8-bit gray DCTDecode, rendered by pdftocairo -gray -jpeg
  flate  8-bit gray raw pixels, rendered by pdftoppm -gray (PGM), zlib'd
  flate1 1-bit gray, the same thresholded pixels as g4, zlib'd
  mixed  text pages of the source and scanned pages of another fixture in
         one document (mutool merge; Debian package mupdf-tools)
  g4     1-bit CCITT Group 4 (CCITTFaxDecode K -1): pdftoppm -gray, then a
         fixed threshold, encoded by Pillow's libtiff writer (the only
         fixture that needs Pillow; it is skipped with a message without it)

Needs Python 3 and, on the machine, pdftoppm, pdftocairo and pdfinfo
(Debian package poppler-utils). The PDFs are committed, so tests never
need any of these; re-running with the same poppler gives the same bytes.
"""

import argparse
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# One entry per fixture. Sizes are kept under 1.5 MB a file: 200 dpi gray is
# what tesseract reads these 9–10 pt table fonts well at (150 dpi confuses
# "," and "." in amounts noticeably more often); bilevel needs more pixels.
FIXTURES = [
    {
        "name": "halves_hunan_scan_gray_jpeg_200dpi",
        "source": "halves_econ_classes_hunan",
        "encoding": "jpeg",
        "dpi": 200,
        "jpeg_quality": 50,
    },
    {
        "name": "halves_hunan_scan_gray_flate_200dpi",
        "source": "halves_econ_classes_hunan",
        "encoding": "flate",
        "dpi": 200,
    },
    {
        # the same pixels as the G4 fixture, stored uncompressed-then-zlib:
        # a bilevel page that does not depend on a fax decoder
        "name": "halves_hunan_scan_bilevel_flate_300dpi",
        "source": "halves_econ_classes_hunan",
        "encoding": "flate1",
        "dpi": 300,
        "threshold": 128,
    },
    {
        # text and scan in one document: the source's pages 1–3 with their
        # text layer, pages 4–6 taken from the gray Flate fixture (built
        # first), joined by `mutool merge` (mupdf-tools)
        "name": "halves_hunan_mixed_text_and_scan",
        "source": "halves_econ_classes_hunan",
        "encoding": "mixed",
        "scan_from": "halves_hunan_scan_gray_flate_200dpi",
        "text_pages": "1-3",
        "scanned_pages": [4, 5, 6],
    },
    {
        "name": "halves_hunan_scan_bilevel_g4_300dpi",
        "source": "halves_econ_classes_hunan",
        "encoding": "g4",
        "dpi": 300,
        # gray level at or above which a pixel is white: the middle gray.
        # A higher threshold (160, 200) thickens strokes until the digits of
        # an amount touch, and tesseract then read about a fifth of the
        # amounts wrong (measured on these pages); 100–128 read them all.
        "threshold": 128,
    },
    {
        # a ruled page fed crooked: turned 1.5° counter-clockwise, with dust
        "name": "halves_hunan_scan_gray_jpeg_200dpi_rot+1.5_speckle",
        "source": "halves_econ_classes_hunan",
        "encoding": "jpeg",
        "dpi": 200,
        "jpeg_quality": 50,
        "rotate": 1.5,
        "speckle": 4,
    },
    {
        # ruled halves turned 2° clockwise, bilevel: many cents figures
        # read off their precision (`79239279`, `6.54572957`) that the
        # tables' sums settle
        "name": "halves_hunan_scan_g4_300dpi_rot-2.0",
        "source": "halves_econ_classes_hunan",
        "encoding": "g4",
        "dpi": 300,
        "threshold": 128,
        "rotate": -2.0,
    },
    {
        # a borderless layout turned 2° clockwise, bilevel as a fax scan
        "name": "noborder_shanghai_scan_g4_300dpi_rot-2.0",
        "source": "noborder_split_yuan_shanghai",
        "encoding": "g4",
        "dpi": 300,
        "threshold": 128,
        "rotate": -2.0,
    },
]

# The sweep (--sweep DIR): every corpus/pdf document scanned each of these
# ways. Each factor the issue names (150/200/300 dpi, turned up to ±2°,
# speckle, JPEG/Flate/CCITT G4) appears in several variants, crossed with
# the others rather than in a full product (OCR costs seconds a page).
# Bilevel pages are 300 dpi, as office scanners write fax pages.
SWEEP = [
    {"label": "gray_flate_200_r0", "encoding": "flate", "dpi": 200},
    {"label": "gray_jpeg_150_r+1.0_speckle", "encoding": "jpeg", "dpi": 150, "jpeg_quality": 60,
     "rotate": 1.0, "speckle": 4},
    {"label": "g4_300_r-2.0", "encoding": "g4", "dpi": 300, "threshold": 128, "rotate": -2.0},
    {"label": "gray_jpeg_200_r-0.5_speckle", "encoding": "jpeg", "dpi": 200, "jpeg_quality": 50,
     "rotate": -0.5, "speckle": 4},
    {"label": "gray_flate_300_r+2.0", "encoding": "flate", "dpi": 300, "rotate": 2.0},
    {"label": "g4_300_r+0.35_speckle", "encoding": "g4", "dpi": 300, "threshold": 128,
     "rotate": 0.35, "speckle": 4},
]

POPPLER = "poppler-utils"


def need(tool, package):
    if shutil.which(tool) is None:
        sys.exit(
            f"make_scanned_pdfs: `{tool}` not found; install the Debian package "
            f"{package} (apt-get install -y {package})"
        )


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True).stdout


def page_sizes(pdf):
    """Page sizes in points, as poppler reads the MediaBox (pdfinfo)."""
    info = run(["pdfinfo", "-f", "1", "-l", "100000", pdf]).decode("utf-8", "replace")
    sizes = []
    for m in re.finditer(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts(.*)$", info, re.M):
        if "rot" in m.group(4):
            sys.exit(f"make_scanned_pdfs: {pdf} page {m.group(1)} is rotated; not supported")
        sizes.append((m.group(2), m.group(3)))
    if not sizes:
        sys.exit(f"make_scanned_pdfs: pdfinfo printed no page sizes for {pdf}")
    return sizes


def rendered(tmp, prefix):
    """The files pdftoppm/pdftocairo wrote for `prefix`, in page order."""
    files = [f for f in os.listdir(tmp) if f.startswith(prefix + "-")]
    return [os.path.join(tmp, f) for f in sorted(files, key=lambda f: int(re.findall(r"-(\d+)\.", f)[-1]))]


def read_pgm(path):
    """(width, height, pixels) of a binary 8-bit PGM (P5, maxval 255)."""
    data = open(path, "rb").read()
    tokens, pos = [], 0
    while len(tokens) < 4:
        m = re.compile(rb"\s*(#[^\n]*\n\s*)*(\S+)").match(data, pos)
        tokens.append(m.group(2))
        pos = m.end()
    magic, w, h, maxval = tokens[0], int(tokens[1]), int(tokens[2]), int(tokens[3])
    if magic != b"P5" or maxval != 255:
        sys.exit(f"make_scanned_pdfs: {path} is not an 8-bit binary PGM")
    pixels = data[pos + 1 : pos + 1 + w * h]
    if len(pixels) != w * h:
        sys.exit(f"make_scanned_pdfs: {path} is truncated")
    return w, h, pixels


def jpeg_info(data):
    """(width, height, components) from a JPEG's SOF marker."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h = int.from_bytes(data[pos + 5 : pos + 7], "big")
            w = int.from_bytes(data[pos + 7 : pos + 9], "big")
            return w, h, data[pos + 9]
        pos += 2 + length
    sys.exit("make_scanned_pdfs: no SOF marker in a JPEG from pdftocairo")


def pack_bits(w, h, pixels, threshold):
    """1-bit DeviceGray samples (1 = white), each row padded to a byte."""
    white = bytes(1 if v >= threshold else 0 for v in range(256))
    out = bytearray()
    for y in range(h):
        row = pixels[y * w : (y + 1) * w].translate(white) + bytes(-w % 8)
        for x in range(0, len(row), 8):
            b = row[x : x + 8]
            out.append(
                b[0] << 7 | b[1] << 6 | b[2] << 5 | b[3] << 4 | b[4] << 3 | b[5] << 2 | b[6] << 1 | b[7]
            )
    return bytes(out)


def g4_strip(w, h, pixels, threshold):
    """CCITT G4 bytes of the thresholded page, encoded as one TIFF strip by
    Pillow + libtiff, or None without them. libtiff codes 0 bits as CCITT
    white runs; Pillow's "1" mode stores white as 1, so the page is inverted
    first: the stream then codes white paper as white runs, as a scanner
    writes it, and the PDF says /BlackIs1 false (checked by rendering the
    result back, see check_polarity)."""
    try:
        from PIL import Image, features
    except ImportError:
        return None
    if not features.check("libtiff"):
        return None
    import io

    im = Image.frombytes("L", (w, h), pixels)
    im = im.point(lambda v: 0 if v >= threshold else 255).convert("1")
    buf = io.BytesIO()
    im.save(buf, format="TIFF", compression="group4", tiffinfo={278: h})
    buf.seek(0)
    tif = Image.open(buf)
    offsets, counts = tif.tag_v2[273], tif.tag_v2[279]
    if len(offsets) != 1 or tif.tag_v2.get(259) != 4:
        sys.exit("make_scanned_pdfs: Pillow did not write one G4 strip")
    raw = buf.getvalue()
    return raw[offsets[0] : offsets[0] + counts[0]]


def degrade(w, h, pixels, fx, page):
    """The page as a scanner may deliver it: turned by fx["rotate"] degrees
    (counter-clockwise, about the centre, white paper brought in at the
    corners; the page keeps its size) and sprinkled with fx["speckle"]
    dark specks per square inch (dust, 1–3 px), drawn from a generator
    seeded by the fixture name and page so the bytes are reproducible.
    Needs Pillow (python3-pil)."""
    from PIL import Image, ImageDraw
    import random

    im = Image.frombytes("L", (w, h), pixels)
    angle = fx.get("rotate", 0.0)
    if angle:
        im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    density = fx.get("speckle", 0)
    if density:
        rng = random.Random(f"{fx['name']}/{page}")
        draw = ImageDraw.Draw(im)
        n = int(density * (w / fx["dpi"]) * (h / fx["dpi"]))
        for _ in range(n):
            x, y, r = rng.randrange(w), rng.randrange(h), rng.choice((1, 1, 2, 3))
            draw.ellipse((x, y, x + r - 1, y + r - 1), fill=rng.randrange(0, 90))
    return im.tobytes()


def jpeg_bytes(w, h, pixels, quality):
    """8-bit gray baseline JPEG of the pixels (Pillow)."""
    from PIL import Image
    import io

    buf = io.BytesIO()
    Image.frombytes("L", (w, h), pixels).save(buf, format="JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def image_pages(fx, src, tmp):
    """Per page: (image dictionary entries, stream bytes)."""
    dpi = str(fx["dpi"])
    enc = fx["encoding"]
    pages = []
    degraded = bool(fx.get("rotate") or fx.get("speckle"))
    if enc == "jpeg" and not degraded:
        q = f"quality={fx['jpeg_quality']},optimize=y"
        run(["pdftocairo", "-r", dpi, "-gray", "-jpeg", "-jpegopt", q, src, os.path.join(tmp, "p")])
        for f in rendered(tmp, "p"):
            data = open(f, "rb").read()
            w, h, comps = jpeg_info(data)
            if comps != 1:
                sys.exit(f"make_scanned_pdfs: pdftocairo -gray wrote {comps} components")
            d = f"/Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"
            pages.append((d, data))
        return pages
    run(["pdftoppm", "-r", dpi, "-gray", src, os.path.join(tmp, "p")])
    for i, f in enumerate(rendered(tmp, "p"), 1):
        w, h, pixels = read_pgm(f)
        if degraded:
            pixels = degrade(w, h, pixels, fx, i)
        if enc == "jpeg":
            d = f"/Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"
            pages.append((d, jpeg_bytes(w, h, pixels, fx["jpeg_quality"])))
        elif enc == "flate":
            d = f"/Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"
            pages.append((d, zlib.compress(pixels, 9)))
        elif enc == "flate1":
            d = f"/Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode"
            pages.append((d, zlib.compress(pack_bits(w, h, pixels, fx["threshold"]), 9)))
        elif enc == "g4":
            data = g4_strip(w, h, pixels, fx["threshold"])
            if data is None:
                return None
            d = (
                f"/Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 1 "
                f"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns {w} /Rows {h} "
                "/BlackIs1 false >>"
            )
            pages.append((d, data))
        else:
            sys.exit(f"make_scanned_pdfs: unknown encoding {enc}")
    return pages


def write_pdf(path, sizes, pages):
    """A minimal PDF 1.4: catalog, page tree, per page a page, its content
    stream and its image; classic xref table."""
    objs = []  # bytes of object n+1

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(b"")  # filled below
    tree = add(b"")
    kids = []
    for (pw, ph), (imgdict, data) in zip(sizes, pages):
        img = add(
            b"<< /Type /XObject /Subtype /Image "
            + imgdict.encode()
            + b" /Length %d >>\nstream\n" % len(data)
            + data
            + b"\nendstream"
        )
        content = f"q {pw} 0 0 {ph} 0 0 cm /Im0 Do Q\n".encode()
        cont = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
        page = add(
            f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {pw} {ph}] "
            f"/Resources << /XObject << /Im0 {img} 0 R >> >> /Contents {cont} 0 R >>".encode()
        )
        kids.append(page)
    objs[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objs[tree - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        catalog,
        xref,
    )
    with open(path, "wb") as f:
        f.write(out)


def check_polarity(pdf, tmp):
    """Rendered back, a scanned page is mostly white (a bilevel page with
    its polarity wrong renders mostly black)."""
    run(["pdftoppm", "-f", "1", "-l", "1", "-r", "20", "-gray", pdf, os.path.join(tmp, "chk")])
    w, h, pixels = read_pgm(rendered(tmp, "chk")[0])
    mean = sum(pixels) / max(1, len(pixels))
    if mean < 128:
        sys.exit(f"make_scanned_pdfs: {pdf} renders dark (mean gray {mean:.0f}): polarity wrong")


def merge_mixed(fx, src, out_pdf, scanned_pages, n):
    """The source's text pages and the scan fixture's scanned pages in one
    PDF, in page order (mutool merge copies whole pages, fonts included)."""
    if shutil.which("mutool") is None:
        print(
            f"{fx['name']}: skipped (needs `mutool`: Debian package mupdf-tools)",
            file=sys.stderr,
        )
        return False
    scan = os.path.join(ROOT, "corpus", "scanned", fx["scan_from"] + ".pdf")
    if not os.path.exists(scan):
        sys.exit(f"make_scanned_pdfs: build {fx['scan_from']} before {fx['name']}")
    lo, hi = (int(x) for x in fx["text_pages"].split("-"))
    if list(range(lo, hi + 1)) + scanned_pages != list(range(1, n + 1)):
        sys.exit(f"make_scanned_pdfs: {fx['name']}: text pages then scanned pages must cover 1–{n}")
    ranges = f"{scanned_pages[0]}-{scanned_pages[-1]}"
    run(["mutool", "merge", "-o", out_pdf, src, fx["text_pages"], scan, ranges])
    return True


def poppler_version():
    out = subprocess.run(["pdftoppm", "-v"], capture_output=True, text=True)
    m = re.search(r"version (\S+)", out.stderr + out.stdout)
    return m.group(1) if m else "unknown"


def build(fx, pdf_dir=None, truth_dir=None):
    src = os.path.join(ROOT, "corpus", "pdf", fx["source"] + ".pdf")
    src_truth = os.path.join(ROOT, "golden", "pdf", fx["source"] + ".truth.json")
    out_pdf = os.path.join(pdf_dir or os.path.join(ROOT, "corpus", "scanned"), fx["name"] + ".pdf")
    out_truth = os.path.join(truth_dir or os.path.join(ROOT, "golden", "scanned"), fx["name"] + ".truth.json")
    sizes = page_sizes(src)
    scanned_pages = fx.get("scanned_pages", list(range(1, len(sizes) + 1)))
    os.makedirs(os.path.dirname(out_pdf), exist_ok=True)
    if fx["encoding"] == "mixed":
        if not merge_mixed(fx, src, out_pdf, scanned_pages, len(sizes)):
            return False
    else:
        with tempfile.TemporaryDirectory(prefix="yusuan-scan-") as tmp:
            pages = image_pages(fx, src, tmp)
            if pages is None:
                print(
                    f"{fx['name']}: skipped (needs Pillow with libtiff for CCITT G4: "
                    "Debian package python3-pil)",
                    file=sys.stderr,
                )
                return False
            if len(pages) != len(sizes):
                sys.exit(f"make_scanned_pdfs: {len(pages)} images for {len(sizes)} pages of {src}")
            write_pdf(out_pdf, sizes, pages)
            if fx["encoding"] in ("g4", "flate1"):
                check_polarity(out_pdf, tmp)

    truth = json.load(open(src_truth, encoding="utf-8"))
    truth = copy.deepcopy(truth)
    truth["file"] = os.path.relpath(out_pdf, ROOT).replace(os.sep, "/")
    if fx.get("rotate"):
        extra_skew = ["scan_skewed"]
    else:
        extra_skew = []
    if fx["encoding"] == "mixed":
        scan_fx = next(f for f in FIXTURES if f["name"] == fx["scan_from"])
        fx = dict(fx, dpi=scan_fx["dpi"], scan_encoding=scan_fx["encoding"])
        extra = ["scanned_and_text_pages", f"image_{scan_fx['encoding']}"]
    else:
        extra = ["scanned_image_only", f"image_{fx['encoding']}"]
    truth["features"] = list(truth.get("features", [])) + extra + extra_skew
    truth["scan"] = {
        "source": os.path.relpath(src, ROOT).replace(os.sep, "/"),
        "source_truth": os.path.relpath(src_truth, ROOT).replace(os.sep, "/"),
        "source_pdf_sha256": hashlib.sha256(open(src, "rb").read()).hexdigest(),
        "encoding": {
            "jpeg": "DCTDecode, DeviceGray, 8 bit",
            "flate": "FlateDecode, DeviceGray, 8 bit",
            "flate1": "FlateDecode, DeviceGray, 1 bit",
            "g4": "CCITTFaxDecode K -1 (Group 4), DeviceGray, 1 bit",
        }[fx.get("scan_encoding", fx["encoding"])],
        "dpi": fx["dpi"],
        # degrees the page image was turned counter-clockwise, and dark
        # specks per square inch added (0: a clean, straight scan)
        "rotate": fx.get("rotate", 0.0),
        "speckle": fx.get("speckle", 0),
        # 1-based pages that are images without text (the others keep the
        # source's text layer)
        "pages": scanned_pages,
        "text_layer": fx["encoding"] == "mixed",
    }
    if fx["encoding"] == "mixed":
        truth["scan"]["scan_from"] = f"corpus/scanned/{fx['scan_from']}.pdf"
    os.makedirs(os.path.dirname(out_truth), exist_ok=True)
    with open(out_truth, "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    size = os.path.getsize(out_pdf)
    how = f"{fx['dpi']} dpi {fx.get('scan_encoding', fx['encoding'])}"
    if fx["encoding"] == "mixed":
        how = f"text pages {fx['text_pages']}, scanned pages {scanned_pages} ({how})"
    print(f"{truth['file']}: {len(sizes)} pages, {how}, {size / 1e6:.2f} MB")
    return True


def sweep_fixtures(sources, variants):
    """One fixture per source document and sweep variant."""
    out = []
    for src in sources:
        for v in variants:
            fx = dict(v, source=src)
            fx["name"] = f"{src}__{v['label']}"
            del fx["label"]
            out.append(fx)
    return out


def sweep(out_dir, only_sources, only_variants):
    """Build the sweep under out_dir/pdf and out_dir/truth."""
    sources = sorted(
        f[:-4] for f in os.listdir(os.path.join(ROOT, "corpus", "pdf")) if f.endswith(".pdf")
    )
    if only_sources:
        sources = [s for s in sources if s in only_sources]
    variants = [v for v in SWEEP if not only_variants or v["label"] in only_variants]
    pdf_dir, truth_dir = os.path.join(out_dir, "pdf"), os.path.join(out_dir, "truth")
    os.makedirs(pdf_dir, exist_ok=True)
    os.makedirs(truth_dir, exist_ok=True)
    for fx in sweep_fixtures(sources, variants):
        build(fx, pdf_dir, truth_dir)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", default=None, help="fixture names to build")
    ap.add_argument("--sweep", metavar="DIR", help="build the sweep (every corpus/pdf document x SWEEP) under DIR")
    ap.add_argument("--sources", nargs="*", default=None, help="with --sweep: only these corpus/pdf stems")
    ap.add_argument("--variants", nargs="*", default=None, help="with --sweep: only these SWEEP labels")
    args = ap.parse_args()
    for tool in ("pdftoppm", "pdftocairo", "pdfinfo"):
        need(tool, POPPLER)
    print(f"poppler {poppler_version()}", file=sys.stderr)
    if args.sweep:
        sweep(args.sweep, args.sources, args.variants)
        return
    chosen = [fx for fx in FIXTURES if not args.only or fx["name"] in args.only]
    if args.only and len(chosen) != len(args.only):
        names = ", ".join(fx["name"] for fx in FIXTURES)
        sys.exit(f"make_scanned_pdfs: unknown fixture; known: {names}")
    for fx in chosen:
        build(fx)


if __name__ == "__main__":
    main()
