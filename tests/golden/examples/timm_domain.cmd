# Example: a custom domain from timm's CSV files (ImageNet error versus FLOP per image,
# extra pre-training data versus ImageNet-1k only); the figure parses as SVG 1.1.
# needs: ../shared/data/timm/results-imagenet.csv
# needs: ../shared/data/timm/benchmark-infer-amp-nchw-pt240-cu124-rtx4090.csv
# needs: /usr/bin/python3
# rtol: 1e-4
$BURDEN scripts/examples/timm_domain.lua --out build/golden/examples && /usr/bin/python3 -c '
import xml.etree.ElementTree as ET
root = ET.parse("build/golden/examples/timm_extra_data.svg").getroot()
print("svg", root.tag, root.get("version"))
'
