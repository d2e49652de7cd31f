# Quick start: `make run` and `make test` on a fresh Debian 12 machine. Both install what is
# missing first. Build trees live under build/; screenshots and printouts under out/.
BUILD      ?= build
JOBS       ?= $(shell nproc)
RELEASE    := $(BUILD)/release
TESTBUILD  := $(BUILD)/test
RUNDIR     := $(BUILD)/run
CMAKE_GEN  := -G Ninja

.PHONY: all deps build run test bench format clean

all: build

deps:
	@image/install-build-deps.sh

build: deps
	cmake -S . -B $(RELEASE) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_BUILD_TESTS=OFF -DKIOSK_BUILD_BENCH=ON
	cmake --build $(RELEASE) -j $(JOBS)

COUNTY_PORT ?= 18090

# The kiosk and, beside it on loopback, the reference county server, so the whole request loop
# works out of the box. With a display: the kiosk in a window. Without: the headless tour, PNGs
# into out/tour/.
run: build
	@mkdir -p out/tour && mkdir -p -m 700 $(RUNDIR)/data
	@{ cat image/kiosk.toml; printf '\n[county]\nurl = "http://127.0.0.1:$(COUNTY_PORT)"\ntoken = "demo-token"\nkiosk_id = "kiosk-demo"\n'; } > $(RUNDIR)/kiosk.toml
	@$(RELEASE)/bin/county-server import-benefits --db $(RUNDIR)/county.db net/sample_benefits.csv > /dev/null
	@$(RELEASE)/bin/county-server --listen 127.0.0.1:$(COUNTY_PORT) --db $(RUNDIR)/county.db --token demo-token \
	  > $(RUNDIR)/county-server.log 2>&1 & echo $$! > $(RUNDIR)/county-server.pid
	@status=0; \
	if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(RELEASE)/bin/kiosk --config $(RUNDIR)/kiosk.toml --data-dir $(RUNDIR)/data || status=$$?; \
	else \
	  $(RELEASE)/bin/kiosk --headless --config $(RUNDIR)/kiosk.toml --data-dir $(RUNDIR)/data \
	    --script $(RELEASE)/share/mingbai/tour.script --shots out/tour || status=$$?; \
	fi; \
	kill `cat $(RUNDIR)/county-server.pid` 2>/dev/null; exit $$status

# Tests build with AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps
	cmake -S . -B $(TESTBUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON \
	  -DKIOSK_BUILD_TESTS=ON -DKIOSK_BUILD_BENCH=OFF
	cmake --build $(TESTBUILD) -j $(JOBS)
	cd $(TESTBUILD) && ctest --output-on-failure -j $(JOBS)

# Benchmarks (not tests): prints the figures tables that README.md keeps.
bench: build
	$(RELEASE)/bin/kiosk_bench --kiosk $(RELEASE)/bin/kiosk --config image/kiosk.toml
	$(RELEASE)/bin/update_bench
	$(RELEASE)/bin/qr_bench

# Rewrites every source file by .clang-format; make test fails on a file that does not follow it.
format:
	find base kiosk printer scanner net themes tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) out
