# --figures svg,pdf,png writes each figure three times: every PDF holds the figure's title
# and axis titles as text (pdftotext from poppler-utils, not burden), every PNG is twice
# the SVG's size (width and height read from the PNG's IHDR chunk; an SVG sized in pt is
# 96/72 px per pt). The per-benchmark figures fig1_<benchmark> are at print size: the
# PDF page (pdfinfo) is 3.5 in = 252 pt wide, one LaTeX column, and all six use the same
# font sizes (every font-size in the SVG), 7 to 9 pt.
# needs: /usr/bin/python3
# needs: /usr/bin/pdftotext
# needs: /usr/bin/pdfinfo
$BURDEN scripts/paper/all.lua --out build/golden/figures --figures svg,pdf,png >/dev/null && /usr/bin/python3 -c '
import glob, math, re, struct, subprocess, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
def px(v):  # an SVG length in CSS px
    m = re.fullmatch(r"([0-9.]+)(pt|px)?", v)
    return float(m.group(1)) * (96 / 72 if m.group(2) == "pt" else 1)
sizes = {}
for svg in sorted(glob.glob("build/golden/figures/*.svg")):
    base = svg[:-4]
    name = base.split("/")[-1]
    root = ET.parse(svg).getroot()
    # the title and the axis titles: the centred texts of each panel, outside its ticks
    wanted = [t.text for g in root.iter(NS + "g") if g.get("class") == "panel"
              for t in g.findall(NS + "text") if t.get("text-anchor") == "middle" and t.text]
    text = " ".join(subprocess.run(["pdftotext", "-raw", base + ".pdf", "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    missing = [w for w in wanted if " ".join(w.split()) not in text]
    with open(base + ".png", "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", base
    w, h = struct.unpack(">II", head[16:24])
    twice = (w, h) == (math.ceil(2 * px(root.get("width"))), math.ceil(2 * px(root.get("height"))))
    print("%s: %d titles, missing in PDF %s; PNG %dx%d, 2 x the SVG %s x %s: %s" % (name,
          len(wanted), missing, w, h, root.get("width"), root.get("height"), twice))
    if name.startswith("fig1_") and name != "fig1_all":
        info = subprocess.run(["pdfinfo", base + ".pdf"], capture_output=True, text=True,
                              check=True).stdout
        page = re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+) pts", info)
        fonts = sorted({float(e.get("font-size")) for e in root.iter() if e.get("font-size")})
        sizes[name] = fonts
        print("  print size: PDF page %s x %s pt (%.2f in wide); font sizes %s pt" % (
              page.group(1), page.group(2), float(page.group(1)) / 72,
              " ".join("%g" % s for s in fonts)))
same = len({tuple(v) for v in sizes.values()}) == 1
print("%d print-size figures, the same font sizes in all: %s; all within 7-9 pt: %s" % (
      len(sizes), same, all(7 <= s <= 9 for v in sizes.values() for s in v)))
'
