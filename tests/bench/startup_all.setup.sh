# Writes build/bench/require_all.lua: one require per module under stdlib/.
set -e
mkdir -p build/bench
find stdlib -name '*.lua' | sed 's#^stdlib/##; s#\.lua$##; s#/init$##; s#/#.#g' | sort |
  sed 's/.*/require "&"/' > build/bench/require_all.lua.tmp
mv build/bench/require_all.lua.tmp build/bench/require_all.lua
