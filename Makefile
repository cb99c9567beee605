# Haven: build, test, evaluate, benchmark.  See README.md.

.DEFAULT_GOAL := all

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
CXX ?= c++

# Debian packages the build and the tests need (installed by `make deps`).
DEB_PACKAGES = build-essential pkg-config libxapian-dev libstemmer-dev zlib1g-dev libzstd-dev \
	libmicrohttpd-dev libutf8proc-dev libjansson-dev libcmocka-dev wdutch \
	dict-freedict-eng-nld dict-freedict-nld-eng dict-freedict-eng-rus dict-freedict-nld-rus
# What only the tests need: the HTTP and browser suites, Xapian's tools.
TEST_PACKAGES = python3 curl xapian-tools chromium nodejs
PKG_MODULES = libutf8proc jansson libmicrohttpd zlib libzstd

HAVE_DEPS := $(shell pkg-config --exists $(PKG_MODULES) cmocka 2>/dev/null && \
	command -v xapian-config >/dev/null 2>&1 && \
	test -f /usr/include/libstemmer.h && echo yes)

ifeq ($(HAVE_DEPS),yes)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKG_MODULES))
PKG_LIBS := $(shell pkg-config --libs $(PKG_MODULES))
XAPIAN_CXXFLAGS := $(shell xapian-config --cxxflags)
XAPIAN_LIBS := $(shell xapian-config --libs)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka)
endif
STEMMER_VERSION := $(shell dpkg-query -W -f='$${Version}' libstemmer0d 2>/dev/null || echo unknown)

WARN = -Wall -Wextra
OPT ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -DHV_STEMMER_VERSION='"$(STEMMER_VERSION)"' -Ilib
CFLAGS += -std=c11 $(OPT) $(WARN) -MMD -MP $(PKG_CFLAGS)
CXXFLAGS += -std=c++17 $(OPT) $(WARN) -MMD -MP $(XAPIAN_CXXFLAGS) $(PKG_CFLAGS)
LDLIBS = $(XAPIAN_LIBS) $(PKG_LIBS) -lstemmer -lstdc++ -lm -lpthread

B = build
BIN = bin
LIB_SRC = $(wildcard lib/*.c) $(wildcard lib/*.cc)
LIB_OBJ = $(patsubst %,$(B)/%.o,$(basename $(LIB_SRC)))
INDEXER_OBJ = $(patsubst %.c,$(B)/%.o,$(filter-out indexer/main.c,$(wildcard indexer/*.c)))
SEARCHER_OBJ = $(patsubst %.c,$(B)/%.o,$(filter-out searcher/main.c,$(wildcard searcher/*.c)))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))

.PHONY: all deps test-deps check unit-tests sanitized clean install uninstall format eval bench demo bench-scale

# Installs missing Debian packages (as root, or through sudo).
APT_INSTALL = install_missing() { \
	missing=$$(for p in "$$@"; do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	[ -z "$$missing" ] && return 0; \
	echo "installing:" $$missing; \
	SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; }
deps:
	@$(APT_INSTALL); install_missing $(DEB_PACKAGES)

# The browser suite drives Debian's chromium with playwright-core from npm.
test-deps: deps
	@$(APT_INSTALL); install_missing $(TEST_PACKAGES); \
	command -v npm >/dev/null || install_missing npm
	@if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules/playwright-core ]; then \
		cd tests/browser && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; \
		else npm install --no-audit --no-fund; fi; fi

ifneq ($(HAVE_DEPS),yes)
# Something is missing: install it, then run the same goal again with the
# flags pkg-config can now give.
all check unit-tests sanitized eval bench demo bench-scale:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory $@
else
all: $(BIN)/haven-index $(BIN)/haven-search

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
$(B)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(B)/libhaven.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(B)/libindexer.a: $(INDEXER_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(B)/libsearcher.a: $(SEARCHER_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/haven-index: $(B)/indexer/main.o $(B)/libindexer.a $(B)/libhaven.a
	@mkdir -p $(BIN)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BIN)/haven-search: $(B)/searcher/main.o $(B)/libsearcher.a $(B)/libhaven.a
	@mkdir -p $(BIN)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libindexer.a $(B)/libsearcher.a $(B)/libhaven.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $(filter %.c %.a,$^) $(LDLIBS) $(CMOCKA_LIBS)

unit-tests: $(UNIT_BIN)

# The unit tests and the two programs once more, built with AddressSanitizer
# and UBSan (in build-san/, programs in build-san/bin/): a memory error that
# the plain build survives by luck fails there (a stack buffer zlib read
# after its scope had ended did).
SAN_B = build-san
SAN_OPT = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
sanitized:
	@$(MAKE) --no-print-directory B=$(SAN_B) BIN=$(SAN_B)/bin OPT="$(SAN_OPT)" \
		LDFLAGS="-fsanitize=address,undefined" all unit-tests

# Every test: cmocka unit tests, end-to-end and HTTP tests on the real
# binaries, then the same on the sanitized build.  Ends with one line
# "N passed, N failed".
check: all unit-tests sanitized test-deps
	@SANITIZED_BIN=$(SAN_B)/bin tests/run-all.sh $(UNIT_BIN) $(patsubst $(B)/%,$(SAN_B)/%,$(UNIT_BIN))

# The main job: index the bundled corpus and serve the search page.
DEMO_DB = var/index
ADDR ?= 127.0.0.1:8080
# The demo index is rebuilt each time: corpus/ takes a second, and an index
# left by an older build (other text analysis) is not an error here.
demo: all
	bin/haven-index --db $(DEMO_DB) --rebuild corpus/
	bin/haven-search --db $(DEMO_DB) --http $(ADDR) --web web

# Relevance on the judged queries (../shared/eval) and speed.
eval: all
	python3 benchmarks/eval.py --ablation
	python3 benchmarks/eval.py --code-pages
	python3 benchmarks/eval.py --ablation $(patsubst %,--judgments %,$(wildcard \
		benchmarks/relevance/judged.jsonl benchmarks/relevance/fresh.jsonl \
		benchmarks/relevance/holdout.jsonl benchmarks/relevance/holdout2.jsonl \
		benchmarks/relevance/holdout3.jsonl benchmarks/relevance/holdout4.jsonl \
		benchmarks/relevance/holdout5.jsonl)) \
		--corpus corpus --corpus ../shared/corpus/seeds
bench: all
	python3 benchmarks/bench.py --db var/bench-index
	python3 benchmarks/http_load.py --db var/bench-index
# Side by side with SQLite FTS5, PostgreSQL and Xapian's omindex/quest at
# scale (long; writes benchmarks/RESULTS.md).
SCALE_SIZES ?= 10000,100000
# Then the latency ratios once more, in alternating rounds on the same
# indexes, and the build ratio against omindex in alternating builds
# (alternate.py), and the report with all of it.
bench-scale: all
	python3 benchmarks/scale/run.py --sizes $(SCALE_SIZES) --no-report
	python3 benchmarks/scale/alternate.py --sizes $(SCALE_SIZES) --build-rounds 3
	python3 benchmarks/scale/run.py --report-only

endif

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/haven/web
	install -m 755 bin/haven-index bin/haven-search $(DESTDIR)$(PREFIX)/bin/
	cp -R web/. $(DESTDIR)$(PREFIX)/share/haven/web/
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/haven-index $(DESTDIR)$(PREFIX)/bin/haven-search
	rm -rf $(DESTDIR)$(PREFIX)/share/haven

format:
	clang-format -i $(wildcard lib/*.[ch] lib/*.cc indexer/*.[ch] searcher/*.[ch] tests/unit/*.c)

clean:
	rm -rf $(B) $(SAN_B) bin var tests/out

-include $(shell find $(B) -name '*.d' 2>/dev/null)
