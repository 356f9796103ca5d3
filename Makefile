# sgcheck - static policy checker for AWS security groups, rules and NACLs
#
#   make              build build/sgcheck
#   make deps         install what the build needs (apt-get, via sudo if needed);
#                     make test, sanitize and bench also install what they need
#   make run          scan the bundled fixtures/ and print the report
#   make test         every test; ends with "N passed, N failed"
#   make update-expected   rewrite tests/expected/ from the current output
#   make sanitize     build-san/sgcheck with ASan+UBSan, run the tests with it
#   make fuzz         libFuzzer harnesses (FUZZ_SECONDS=60 each)
#   make bench        speed against a parse-only baseline on a generated corpus
#   make install      binary, man page, bash/zsh completion under $(DESTDIR)$(PREFIX)
#   make uninstall    removes what make install put there

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
PKGS    := yaml-0.1 libpcre2-8
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wvla -Wwrite-strings -Wformat=2 -Wcast-qual
ifeq ($(WERROR),1)
WARN    += -Werror
endif
OPT     ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  += -std=c11 $(OPT) $(WARN) -Ichecker $(PKG_CFLAGS) -pthread $(EXTRA_CFLAGS)
DEPFLAGS = -MMD -MP
LDLIBS  += $(PKG_LIBS) -pthread -lm

# one folder per layer (docs/ARCHITECTURE.md); every .c below checker/ is built
SRCS    := $(sort $(shell find checker -name '*.c'))
LIB_SRCS := $(filter-out checker/app/main.c,$(SRCS))
OBJS    := $(SRCS:checker/%.c=$(BUILD)/obj/%.o)
LIB_OBJS := $(LIB_SRCS:checker/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/builtin_rules.o
RULES   := $(sort $(wildcard rules/*.yaml))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# test-only tools, built with the unit tests (not named test_*: not run as one)
UNIT_BINS += $(BUILD)/tests/hcl_dump $(BUILD)/tests/tf_eval $(BUILD)/tests/peak_rss

.PHONY: all deps deps-test check-libs run test _test update-expected sanitize fuzz fuzz-build _fuzz _fuzz_build bench install uninstall clean

all: $(BUILD)/sgcheck

Q = @
ifeq ($(V),1)
Q =
endif

$(BUILD)/sgcheck: $(OBJS) $(BUILD)/obj/builtin_rules.o
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: checker/%.c | check-libs
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

# --version names the commit it was built from (the release build passes it)
SG_COMMIT ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(BUILD)/obj/app/main.o: EXTRA_CFLAGS += -DSG_COMMIT='"$(SG_COMMIT)"'

# Without the libraries, one line that says what is missing instead of a
# compiler error (pkg-config names: yaml-0.1 is libyaml-dev, libpcre2-8 is
# libpcre2-dev on Debian and Ubuntu).
check-libs:
	@command -v pkg-config >/dev/null 2>&1 || { echo "sgcheck: pkg-config is missing: run 'make deps' (Debian/Ubuntu: apt-get install pkg-config)" >&2; exit 1; }
	@for pair in yaml-0.1:libyaml-dev libpcre2-8:libpcre2-dev; do \
		pkg-config --exists $${pair%%:*} || { echo "sgcheck: $${pair%%:*} is missing: run 'make deps' (Debian/Ubuntu package $${pair#*:})" >&2; exit 1; }; \
	done

# generated header dependencies: a changed header rebuilds what includes it
-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)

# The built-in rule pack is compiled into the binary.
$(BUILD)/embed: tools/embed.c | $(BUILD)/obj
	$(Q)$(CC) -std=c11 -O2 -o $@ $<

# A scan loads the pack as compact JSON without the rules' examples
# (tools/rulepack.c, which reads the YAML with our own loader); the
# commands that show or run the examples load it as JSON with them; the
# YAML is embedded too, as the pack's digest.
RULES_LEAN   := $(RULES:rules/%.yaml=$(BUILD)/rules-lean/%.json)
RULES_FULL   := $(RULES:rules/%.yaml=$(BUILD)/rules-full/%.json)
RULEPACK_OBJS = $(filter $(BUILD)/obj/base/% $(BUILD)/obj/doc/%,$(LIB_OBJS))

$(BUILD)/rulepack: tools/rulepack.c $(RULEPACK_OBJS)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(RULEPACK_OBJS) $(LDLIBS)

$(BUILD)/rules-lean/%.json: rules/%.yaml $(BUILD)/rulepack
	@mkdir -p $(@D)
	$(Q)$(BUILD)/rulepack $@ $<

$(BUILD)/rules-full/%.json: rules/%.yaml $(BUILD)/rulepack
	@mkdir -p $(@D)
	$(Q)$(BUILD)/rulepack --examples $@ $<

$(BUILD)/builtin_rules.c: $(RULES) $(RULES_LEAN) $(RULES_FULL) $(BUILD)/embed
	@echo "  EMBED   $(RULES)"
	$(Q)$(BUILD)/embed $@ sg_builtin_rules $(RULES) -- sg_builtin_lean $(join $(RULES_LEAN),$(RULES:%==%)) \
		-- sg_builtin_full $(join $(RULES_FULL),$(RULES:%==%))

$(BUILD)/obj/builtin_rules.o: $(BUILD)/builtin_rules.c
	$(Q)$(CC) $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

deps:
	@tools/deps.sh

# what the tests add: cmocka, cJSON, xmllint, pre-commit (tools/deps.sh)
deps-test:
	@tools/deps.sh test

# ---- tests ---------------------------------------------------------------

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)/tests
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

# test-only tools: hcl_dump (a .tf file in hcl2json's shape, for the HashiCorp
# differential check), tf_eval (expressions, for tests/tf/eval.txt and the
# terraform console differential)
# a command's peak memory, measured from a small parent (tests, make bench)
$(BUILD)/tests/peak_rss: tools/peak_rss.c | $(BUILD)/tests
	$(Q)$(CC) -std=c11 -O2 -Wall -o $@ $<

$(BUILD)/tests/hcl_dump $(BUILD)/tests/tf_eval: $(BUILD)/tests/%: tests/tools/%.c $(LIB_OBJS) | $(BUILD)/tests
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS)

# `make test` first installs what is missing, then builds and runs in a
# fresh make so the pkg-config flags are read after the install.
test: deps-test
	@$(MAKE) --no-print-directory WERROR=1 _test

_test: $(BUILD)/sgcheck $(UNIT_BINS)
	@python3 tests/run_tests.py --binary $(BUILD)/sgcheck --unit-dir $(BUILD)/tests

update-expected: $(BUILD)/sgcheck
	@python3 tests/run_tests.py --binary $(BUILD)/sgcheck --update

run: deps
	@$(MAKE) --no-print-directory $(BUILD)/sgcheck
	@$(BUILD)/sgcheck scan fixtures/; status=$$?; [ $$status -le 1 ] || exit $$status

# ---- sanitizers, fuzzing, benchmarks ----------------------------------------

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

sanitize: deps-test
	@$(MAKE) --no-print-directory BUILD=build-san OPT="$(SAN_FLAGS)" CC=clang build-san/sgcheck \
		$(UNIT_BINS:$(BUILD)/%=build-san/%)
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		python3 tests/run_tests.py --binary build-san/sgcheck --unit-dir build-san/tests

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := yaml json cfn tf rules hcl tfc
# seeds: the fixtures and hostile inputs each harness understands
FUZZ_SEEDS_yaml := fixtures/cloudformation tests/bad tests/config
FUZZ_SEEDS_json := fixtures/terraform tests/bad
FUZZ_SEEDS_cfn := fixtures/cloudformation tests/bad
FUZZ_SEEDS_tf := fixtures/terraform
FUZZ_SEEDS_rules := rules tests/rules
FUZZ_SEEDS_hcl := tests/hcl tests/fuzz/seeds-hcl
FUZZ_SEEDS_tfc := fixtures/terraform-config tests/tf tests/hcl

fuzz:
	@tools/deps.sh fuzz
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
		OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" _fuzz

# the harnesses alone (make fuzz-build): e.g. to run one for hours by hand
fuzz-build:
	@tools/deps.sh fuzz
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
		OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" _fuzz_build

_fuzz_build: $(LIB_OBJS)
	@mkdir -p $(BUILD)/fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
		$(CC) $(CFLAGS) -fsanitize=fuzzer -o $(BUILD)/fuzz/fuzz_$$t.new tests/fuzz/fuzz_$$t.c $(LIB_OBJS) $(LDLIBS); \
		mv $(BUILD)/fuzz/fuzz_$$t.new $(BUILD)/fuzz/fuzz_$$t; \
	done

_fuzz: _fuzz_build
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(BUILD)/fuzz/corpus-$$t $(BUILD)/fuzz/crashes-$$t; \
		echo "fuzzing $$t for $(FUZZ_SECONDS)s"; \
		seeds="$(FUZZ_SEEDS_yaml)"; \
		case $$t in json) seeds="$(FUZZ_SEEDS_json)";; cfn) seeds="$(FUZZ_SEEDS_cfn)";; \
			tf) seeds="$(FUZZ_SEEDS_tf)";; rules) seeds="$(FUZZ_SEEDS_rules)";; \
			hcl) seeds="$(FUZZ_SEEDS_hcl)";; tfc) seeds="$(FUZZ_SEEDS_tfc)";; esac; \
		$(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
			-rss_limit_mb=2048 -dict=tests/fuzz/iac.dict -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/crashes-$$t/ $(BUILD)/fuzz/corpus-$$t $$seeds \
			> $(BUILD)/fuzz/$$t.log 2>&1 || { tail -40 $(BUILD)/fuzz/$$t.log; exit 1; }; \
		grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)" $(BUILD)/fuzz/$$t.log | tr '\n' ' '; echo; \
	done

bench: deps-test
	@$(MAKE) --no-print-directory all $(BUILD)/tests/hcl_dump
	@python3 tools/bench.py --binary $(BUILD)/sgcheck --hcl-dump $(BUILD)/tests/hcl_dump $(BENCH_ARGS)

# ---- install ------------------------------------------------------------------

BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BUILD)/sgcheck $(DESTDIR)$(PREFIX)/bin/sgcheck
	install -m 644 docs/sgcheck.1 $(DESTDIR)$(PREFIX)/share/man/man1/sgcheck.1
	install -m 644 tools/completion/sgcheck.bash $(DESTDIR)$(BASHCOMPDIR)/sgcheck
	install -m 644 tools/completion/_sgcheck $(DESTDIR)$(ZSHCOMPDIR)/_sgcheck

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/sgcheck $(DESTDIR)$(PREFIX)/share/man/man1/sgcheck.1 \
		$(DESTDIR)$(BASHCOMPDIR)/sgcheck $(DESTDIR)$(ZSHCOMPDIR)/_sgcheck

clean:
	rm -rf build build-san build-fuzz build-prof
