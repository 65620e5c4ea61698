# The README's first script, extracted from README.md and run as it stands there.
mkdir -p build/golden && awk '/^```lua$/ { if (!done) { on = 1; next } } on && /^```$/ { on = 0; done = 1 } on' README.md > build/golden/hello.lua && $BURDEN build/golden/hello.lua one two
