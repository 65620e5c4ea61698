# LUA_PATH and LUA_CPATH are ignored
LUA_PATH="/nonexistent/?.lua" LUA_CPATH="/nonexistent/?.so" $BURDEN -e "print(package.cpath == \"\", package.path:find(\"nonexistent\"))"
