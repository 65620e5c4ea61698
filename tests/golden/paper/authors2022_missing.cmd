# Without the authors' data the script says where it looked and fails.
$BURDEN scripts/paper/authors2022.lua --data build/golden/no-such-dir --out build/golden/authors2022-missing
