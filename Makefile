# burden: build, test and run. See README.md.
#   make            build build/burden
#   make run        install missing packages, build, run the paper reproduction into out/
#   make test       install missing packages, build, run the three test tiers
#   make asan       the three tiers under AddressSanitizer and UBSan (build-asan/)
#   make fuzz       libFuzzer harnesses (tests/fuzz/, clang), FUZZ_SECONDS each (build-fuzz/)
#   make bench      benchmarks against peers (pandas, statsmodels, scipy, R), then bench-scale
#   make bench-scale  time against size for OLS, bootstrap, CSV (out/bench/scale.svg)
#   make golden-update   rewrite golden expectations (review the diff in git)

VERSION := $(shell cat VERSION)
BUILD   ?= build
CC      ?= cc
PYTHON  ?= /usr/bin/python3
PKGS    := lua5.4 gsl libpcre2-8 libedit librsvg-2.0 cairo-pdf cairo-png

OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# make fuzz: the engine instrumented for libFuzzer (the harnesses add -fsanitize=fuzzer)
FUZZ_SANITIZE := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
                 -fno-sanitize-recover=all
SANFLAGS := $(if $(FUZZ),$(FUZZ_SANITIZE),$(if $(SAN),$(SANITIZE)))
ALL_CFLAGS = -std=c11 $(CFLAGS) $(WARN) $(SANFLAGS) -D_GNU_SOURCE -DBURDEN_VERSION='"$(VERSION)"' \
             -Iengine -Iengine/core -Iengine/lua $(shell pkg-config --cflags $(PKGS)) -MMD -MP
# librsvg and cairo (engine/core/svgrender.c) and libedit (the prompt, engine/main.c) are
# not linked but loaded on first use (dlopen): start-up then maps 8 libraries, not 56.
# Lua, GSL, PCRE2 and libcsv are linked statically (their -dev packages ship the .a):
# four fewer libraries for the dynamic linker to map and relocate at every start-up.
# STATIC_LIBS= links them dynamically.
LINK_PKGS := lua5.4 gsl libpcre2-8
STATIC_LIBS ?= 1
LINK_LIBS = $(shell pkg-config --libs $(LINK_PKGS)) -lcsv
LDLIBS  = $(if $(STATIC_LIBS),-Wl$(comma)-Bstatic $(filter-out -lm,$(LINK_LIBS)) -Wl$(comma)-Bdynamic,$(LINK_LIBS)) \
          -lpthread -ldl -lm
comma := ,
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
# engine/core is plain C (doc/architecture.md): its own headers, GSL, PCRE2, librsvg and
# cairo (svgrender), and no Lua include path, so a core file (or a unit test of one) that
# includes <lua.h> does not build.
CORE_CFLAGS = -std=c11 $(CFLAGS) $(WARN) $(SANFLAGS) -D_GNU_SOURCE -Iengine/core \
              $(shell pkg-config --cflags gsl libpcre2-8 librsvg-2.0 cairo-pdf cairo-png) -MMD -MP

Q := $(if $(V),,@)
say = $(if $(V),,@printf '  %-7s %s\n' $(1) $(2);)

CORE_SRC    := $(sort $(wildcard engine/core/*.c))
BIND_SRC    := $(sort $(wildcard engine/lua/*.c))
STDLIB_SRC  := $(sort $(shell find stdlib -name '*.lua' 2>/dev/null))
DATA_FILES  := $(sort $(shell find data -name '*.csv' 2>/dev/null))
# engine/lua/NAME.c opens burden.core.NAME; column.c also opens burden.core.vector (the
# number columns' part of burden.core.column: new, is, view, is_view)
BINDINGS    := $(basename $(notdir $(BIND_SRC))) vector
UNIT_SRC    := $(sort $(wildcard tests/unit/test_*.c))

CORE_OBJ  := $(CORE_SRC:%.c=$(BUILD)/%.o)
BIND_OBJ  := $(BIND_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/engine/main.o $(BUILD)/engine/boot.o $(BUILD)/gen/stdlib.o
UNIT_BIN  := $(UNIT_SRC:%.c=$(BUILD)/%)
BURDEN    := $(BUILD)/burden

.PHONY: browser-deps screenshot all deps run test check check-unit check-lua check-golden asan bench golden-update docs-update \
        install clean fuzz fuzz-build
.DEFAULT_GOAL := all

all: $(BURDEN)

$(BURDEN): $(MAIN_OBJ) $(BIND_OBJ) $(CORE_OBJ)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/engine/core/%.o: engine/core/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CORE_CFLAGS) -c -o $@ $<

# The stdlib generator runs on the build machine; it needs nothing but a C compiler.
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) -std=c11 -O1 -Wall -Wextra -o $@ $<

# The list of stdlib files and bindings is a prerequisite too, so adding or removing
# a file regenerates the embedded table.
$(BUILD)/gen/stdlib.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(STDLIB_SRC) | $(BINDINGS) | $(DATA_FILES)' > $@.new
	@cmp -s $@.new $@ && rm -f $@.new || mv -f $@.new $@

# The stdlib is embedded as Lua bytecode (with debug information and the same chunk
# names), compiled by a host tool linking the same liblua: start-up skips the parser.
$(BUILD)/tools/luadump: tools/luadump.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) -std=c11 -O1 -Wall -Wextra $(shell pkg-config --cflags lua5.4) -o $@ $< \
	  $(shell pkg-config --libs lua5.4)

$(BUILD)/gen/luac.stamp: $(BUILD)/tools/luadump $(STDLIB_SRC) $(BUILD)/gen/stdlib.list
	$(call say,LUADUMP,stdlib)rm -rf $(BUILD)/gen/luac && $(BUILD)/tools/luadump $(BUILD)/gen/luac \
	  $(STDLIB_SRC) && touch $@

$(BUILD)/gen/stdlib.c: $(BUILD)/tools/embed $(BUILD)/gen/luac.stamp $(DATA_FILES) $(BUILD)/gen/stdlib.list
	$(call say,EMBED,$@)$(BUILD)/tools/embed $@ $(addprefix -b ,$(BINDINGS)) \
	  $(addprefix -d ,$(DATA_FILES)) -c $(BUILD)/gen/luac $(STDLIB_SRC)

$(BUILD)/gen/stdlib.o: $(BUILD)/gen/stdlib.c
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# ---- tests ----------------------------------------------------------------------------
$(BUILD)/tests/unit/%: tests/unit/%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CORE_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(CORE_OBJ) $(LDLIBS)

deps:
	@sh tools/deps.sh

test: deps
	@$(MAKE) --no-print-directory check

check: check-unit check-lua check-golden

check-unit: $(UNIT_BIN)
	@echo '== tier 1: C unit tests (engine/core)'
	@sh tests/unit/run.sh $(UNIT_BIN)

check-lua: $(BURDEN)
	@echo '== tier 2: Lua tests'
	@$(BURDEN) tests/lua/runner.lua

check-golden: $(BURDEN)
	@echo '== tier 3: golden end-to-end tests'
	@BURDEN=$(BURDEN) $(BURDEN) tests/golden/run.lua

golden-update: $(BURDEN)
	@BURDEN=$(BURDEN) $(BURDEN) tests/golden/run.lua --update

# rewrites the ```output blocks of README.md and doc/ that differ (review with git diff)
docs-update: $(BURDEN)
	@DOCS_UPDATE=1 $(BURDEN) tests/lua/runner.lua tests/lua/docs_test.lua

# clang when installed: its UBSan also catches pointer arithmetic on NULL (NULL + 0),
# which GCC's does not. Each compiler builds into its own directory (the runtimes differ).
ASAN_CC ?= $(if $(shell command -v clang 2>/dev/null),clang,$(CC))

asan: deps
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tools/lsan.supp:print_suppressions=0 \
	  $(MAKE) --no-print-directory BUILD=build-asan/$(notdir $(ASAN_CC)) CC=$(ASAN_CC) SAN=1 OPT=-O1 check

# ---- fuzzing ---------------------------------------------------------------------------
# Each tests/fuzz/fuzz_NAME.c is a libFuzzer target, run for FUZZ_SECONDS in one process
# (one core: no -jobs) from its committed seeds tests/fuzz/corpus/NAME/;
# new inputs go to build-fuzz/corpus/NAME/, crashes to build-fuzz/artifacts/.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
FUZZ_BIN     := $(FUZZ_SRC:%.c=$(BUILD)/%)

# fuzz_lua needs the whole engine (stdlib, bindings, boot); the others only the core
$(BUILD)/tests/fuzz/fuzz_lua: tests/fuzz/fuzz_lua.c $(BUILD)/engine/boot.o $(BUILD)/gen/stdlib.o \
                              $(BIND_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(call say,FUZZ,$<)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS)

$(BUILD)/tests/fuzz/%: tests/fuzz/%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(call say,FUZZ,$<)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: deps
	@command -v $(FUZZ_CC) >/dev/null || { echo "fuzz: $(FUZZ_CC) is not installed" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=build-fuzz FUZZ=1 CC=$(FUZZ_CC) OPT=-O1 fuzz-build
	@for t in $(FUZZ_NAMES); do \
	  echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  mkdir -p build-fuzz/corpus/$$t build-fuzz/artifacts/$$t; \
	  dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	  rc=0; timeout -s KILL $$(($(FUZZ_SECONDS) * 2 + 60)) \
	  build-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) $$dict \
	    -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/artifacts/$$t/ \
	    build-fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>build-fuzz/fuzz_$$t.log || rc=$$?; \
	  if [ $$rc = 137 ]; then \
	    echo "fuzz: WARNING: $$t still ran after $$(($(FUZZ_SECONDS) * 2 + 60)) s and was stopped:" \
	         "one input outlived the harness watchdog (a C loop that does not poll the" \
	         "interrupt flag); the last lines of build-fuzz/fuzz_$$t.log:" >&2; \
	    tail -5 build-fuzz/fuzz_$$t.log >&2; \
	  elif [ $$rc != 0 ] && grep -q 'input ignored the interrupt flag' build-fuzz/fuzz_$$t.log; then \
	    echo "fuzz: WARNING: $$t: an input kept a C loop running 10 s after the watchdog set" \
	         "the interrupt flag (the loop does not poll it); saved as:" >&2; \
	    ls build-fuzz/artifacts/$$t/crash-* >&2; \
	  elif [ $$rc != 0 ]; then \
	    tail -40 build-fuzz/fuzz_$$t.log >&2; echo "fuzz: $$t failed (log build-fuzz/fuzz_$$t.log," \
	       "input in build-fuzz/artifacts/$$t/)" >&2; exit 1; \
	  fi; \
	  grep -E '^stat::number_of_executed_units|^Done' build-fuzz/fuzz_$$t.log || true; \
	done

# The peers' packages (numpy on OpenBLAS, pandas, statsmodels, scipy, R), installed like
# `make deps` installs the build's: tools/deps.sh bench. Only make bench installs them.
.PHONY: bench-deps bench-scale
bench-deps:
	@sh tools/deps.sh bench

bench: deps bench-deps $(BURDEN)
	@BURDEN=$(BURDEN) $(PYTHON) tests/bench/run.py
	@$(MAKE) --no-print-directory bench-scale

# How each workload's time grows with its size: a table, out/bench/scale.csv and .svg.
bench-scale: $(BURDEN)
	@$(BURDEN) tests/bench/lib/scale.lua --out out/bench

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	$(BURDEN) scripts/paper/all.lua

# The browser check of the report: Debian's chromium driven by playwright-core (npm),
# installed under build/node. Tests that need it skip visibly when it is absent.
PLAYWRIGHT_VERSION := 1.65.1
browser-deps:
	@command -v node >/dev/null || { echo "browser-deps: node is not installed" >&2; exit 1; }
	@[ -x /usr/bin/chromium ] || echo "browser-deps: /usr/bin/chromium is missing (apt-get install chromium)" >&2
	@mkdir -p build/node
	@[ -d build/node/node_modules/playwright-core ] || \
	  npm install --prefix build/node --no-audit --no-fund --silent playwright-core@$(PLAYWRIGHT_VERSION)

# Opens out/report.html in headless Chromium, checks it, saves out/report.png.
screenshot: browser-deps
	node tests/browser/report.cjs out/report.html

PREFIX ?= /usr/local
install: $(BURDEN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BURDEN) $(DESTDIR)$(PREFIX)/bin/burden
	install -m 644 doc/burden.1 $(DESTDIR)$(PREFIX)/share/man/man1/burden.1

clean:
	rm -rf build build-asan build-fuzz

FORCE:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
