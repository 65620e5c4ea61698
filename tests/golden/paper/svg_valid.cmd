# Every figure of the paper reproduction is well-formed SVG 1.1 (Python's XML parser).
# needs: /usr/bin/python3
$BURDEN scripts/paper/all.lua --out build/golden/svg >/dev/null && /usr/bin/python3 -c '
import glob, sys, xml.etree.ElementTree as ET
for path in sorted(glob.glob("build/golden/svg/*.svg")):
    root = ET.parse(path).getroot()
    print(path.split("/")[-1], root.tag, root.get("version"))
'
