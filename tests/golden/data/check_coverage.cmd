# Coverage counts fully specified rows only, COCO test-dev only, and flags ImageNet
# data that stops before 2024.
$BURDEN scripts/data/check.lua tests/golden/data/files/coverage/coco.csv tests/golden/data/files/coverage/imagenet.csv
