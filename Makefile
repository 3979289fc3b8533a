# Thin wrapper over CMake so that the usual verbs work from the top of the tree.
#   make          build build/stillwatch and libstillwatch
#   make test     install missing packages, build, run every test (ctest)
#   make demo     simulate a week of traffic, scan it, print the analyst summary
#   make bench    run the benchmarks under bench/
# SANITIZE=1 builds with ASan+UBSan (in build-asan/), WERROR=1 adds -Werror.
BUILD ?= build
CMAKE_FLAGS ?=
ifeq ($(SANITIZE),1)
  BUILD := build-asan
  CMAKE_FLAGS += -DSW_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
endif
ifeq ($(WERROR),1)
  CMAKE_FLAGS += -DSW_WERROR=ON
endif
# The C++ shims (simdjson, SentencePiece) are compiled by the C compiler's
# family, so that one sanitizer and fuzzer runtime serves both: CC=clang
# brings clang++ unless CXX is given.
ifneq (,$(findstring clang,$(notdir $(CC))))
  ifeq ($(origin CXX),default)
    export CXX := $(subst clang,clang++,$(CC))
  endif
endif
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all setup build test demo bench clean
all: build

setup:
	@scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)/stillwatch

bench: build
	@bench/run.sh $(BUILD)

clean:
	rm -rf build build-asan
