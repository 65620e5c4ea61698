# Two runs of the paper reproduction write byte-identical files.
$BURDEN scripts/paper/all.lua --out build/golden/paper-a >/dev/null && $BURDEN scripts/paper/all.lua --out build/golden/paper-b >/dev/null && diff -r build/golden/paper-a build/golden/paper-b && echo identical
