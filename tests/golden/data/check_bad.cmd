# A file with problems: each is named with file and line, and the exit status is 1.
mkdir -p build/golden && $BURDEN scripts/data/check.lua tests/golden/data/files/bad/imagenet.csv >/dev/null 2>build/golden/check_bad.err; echo "exit $?"; sort build/golden/check_bad.err
