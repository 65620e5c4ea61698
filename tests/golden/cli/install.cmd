# make install puts the binary and the man page under PREFIX; the installed binary finds
# its stdlib and data from any directory.
rm -rf build/golden/inst && make -s install PREFIX=$PWD/build/golden/inst BUILD=$(dirname $BURDEN) >/dev/null && ls build/golden/inst/bin build/golden/inst/share/man/man1 && cd / && $OLDPWD/build/golden/inst/bin/burden -e 'print(#require("burden").dataset.files(), require("burden").hw.lookup("V100").name)'
