# The report (with its section against the authors, which needs ../shared) opens in headless Chromium with no console error and no network request,
# and every figure is visible (tests/browser/report.cjs; `make browser-deps` installs
# playwright-core, .ci/run installs Debian's chromium).
# needs: /usr/bin/chromium
# needs: build/node/node_modules/playwright-core
# needs: ../shared/data/thompson2022/image-classification-on-imagenet.csv
$BURDEN scripts/paper/all.lua --out build/golden/browser >/dev/null && node tests/browser/report.cjs build/golden/browser/report.html
