# a script requires a module that sits beside it
cd /tmp && $OLDPWD/$BURDEN $OLDPWD/tests/golden/cli/files/uses_sibling.lua
