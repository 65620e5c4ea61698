# --figures svg,pdf,png writes each figure three times: every PDF holds the figure's title
# and axis titles as text (pdftotext from poppler-utils, not burden), every PNG is twice
# the SVG's size (width and height read from the PNG's IHDR chunk).
# needs: /usr/bin/python3
# needs: /usr/bin/pdftotext
$BURDEN scripts/paper/all.lua --out build/golden/figures --figures svg,pdf,png >/dev/null && /usr/bin/python3 -c '
import glob, struct, subprocess, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
for svg in sorted(glob.glob("build/golden/figures/*.svg")):
    base = svg[:-4]
    root = ET.parse(svg).getroot()
    # the title (bold) and the axis titles (font-size 12) the SVG draws
    wanted = [t.text for t in root.iter(NS + "text")
              if t.text and (t.get("font-size") == "12" or t.get("class") == "title")]
    text = " ".join(subprocess.run(["pdftotext", "-raw", base + ".pdf", "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    missing = [w for w in wanted if " ".join(w.split()) not in text]
    with open(base + ".png", "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", base
    w, h = struct.unpack(">II", head[16:24])
    print("%s: %d titles, missing in PDF %s; PNG %dx%d = 2 x %sx%s" % (base.split("/")[-1],
          len(wanted), missing, w, h, root.get("width"), root.get("height")))
'
