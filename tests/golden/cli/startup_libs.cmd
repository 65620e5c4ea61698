# start-up maps neither librsvg and cairo (about forty libraries with their dependencies)
# nor libedit: engine/core/svgrender.c loads the first on the first PDF or PNG render,
# engine/main.c the second when the prompt first reads from a terminal; and Lua, GSL,
# PCRE2 and libcsv are linked statically (STATIC_LIBS=1, the Makefile's default)
# needs: /proc/self/maps
$BURDEN -e "local function has(s) return io.open('/proc/self/maps'):read('a'):find(s, 1, true) ~= nil end print('at start', has('librsvg'), has('libcairo'), has('libedit'), has('liblua'), has('libgsl'), has('libpcre2'), has('libcsv')) local p = os.tmpname() print(require('burden.core.svgrender').render('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"12\" height=\"8\"/>', p, 'png', 2)) os.remove(p) print('after a render', has('librsvg'), has('libcairo'))"
