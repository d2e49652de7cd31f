# Quick start: `make run` and `make test` on a fresh Debian 12 machine. Both install what is
# missing first. Build trees live under build/; screenshots and printouts under out/.
BUILD      ?= build
JOBS       ?= $(shell nproc)
RELEASE    := $(BUILD)/release
TESTBUILD  := $(BUILD)/test
RUNDIR     := $(BUILD)/run
CMAKE_GEN  := -G Ninja

.PHONY: all deps build run tour test bench format clean

all: build

deps:
	@image/install-build-deps.sh

build: deps
	cmake -S . -B $(RELEASE) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_BUILD_TESTS=OFF -DKIOSK_BUILD_BENCH=ON
	cmake --build $(RELEASE) -j $(JOBS)

# With a display: the kiosk in a window. Without: the headless tour, PNGs into out/tour/.
run: build
	@mkdir -p $(RUNDIR)/data
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(RELEASE)/bin/kiosk --config image/kiosk.toml --data-dir $(RUNDIR)/data; \
	else \
	  $(MAKE) --no-print-directory tour; \
	fi

tour: build
	@mkdir -p $(RUNDIR)/data out/tour
	$(RELEASE)/bin/kiosk --headless --config image/kiosk.toml --data-dir $(RUNDIR)/data \
	  --script $(RELEASE)/share/mingbai/tour.script --shots out/tour

# Tests build with AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps
	cmake -S . -B $(TESTBUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON \
	  -DKIOSK_BUILD_TESTS=ON -DKIOSK_BUILD_BENCH=OFF
	cmake --build $(TESTBUILD) -j $(JOBS)
	cd $(TESTBUILD) && ctest --output-on-failure -j $(JOBS)

# Benchmarks (not tests): prints the figures tables that README.md keeps.
bench: build
	$(RELEASE)/bin/kiosk_bench --kiosk $(RELEASE)/bin/kiosk --config image/kiosk.toml
	$(RELEASE)/bin/qr_bench

format:
	find base kiosk printer scanner net themes tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) out
