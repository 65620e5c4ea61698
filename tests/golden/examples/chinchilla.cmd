# Example: Chinchilla approach 3 (4,500 starts, Huber delta 1e-3) on the extracted points,
# next to the published estimates, and the compute-optimal allocation it implies.
# needs: ../shared/data/chinchilla/svg_extracted_data.csv
# needs: /usr/bin/python3
# rtol: 1e-4
$BURDEN scripts/examples/chinchilla.lua --out build/golden/examples && /usr/bin/python3 -c '
import xml.etree.ElementTree as ET
root = ET.parse("build/golden/examples/chinchilla_frontier.svg").getroot()
print("svg", root.tag, root.get("version"))
'
