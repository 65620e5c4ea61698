# Under `make -j2 asan` the golden runner inherits MAKEFLAGS naming jobserver pipes it does
# not have; the cases must not see them (the nested make of cli/install would warn).
MAKEFLAGS=' -j2 --jobserver-auth=8,9' MAKELEVEL=1 $BURDEN tests/golden/run.lua cli/install
