# The authors' released data (Thompson et al. 2022) and every regression their notebooks
# print, refitted: Table 9, the conversion behind the consolidated hardware burden, and
# the authors' fit beside burden's (scripts/paper/authors2022.lua).
# needs: ../shared/data/thompson2022/image-classification-on-imagenet.csv
$BURDEN scripts/paper/authors2022.lua --out build/golden/authors2022
