# The two commands: `make demo` (set up everything, run the WebAssembly example)
# and `make test` (same set-up, then the Rust and Python tests).
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
CARGO ?= cargo

.PHONY: demo test test-fast test-engines build wheel wheels docs v8 venv js test-tools js-packages bench reliability lint sanitize fuzz clean

demo: build js-packages
	$(PY) examples/wasm_add.py
	$(PY) examples/sqlite_wasm.py

test: build test-tools
	$(CARGO) test --release -p jsrun-runtime -p jsrun-inspector
	$(CARGO) build --release -q -p jsrun-runtime --lib --no-default-features
	$(PY) -m pytest tests
	FUZZ_SECONDS=15 scripts/fuzz.sh
	$(MAKE) test-engines

# What a developer runs between edits: everything but the slow and browser
# tests, on both cores (pytest-xdist): about a minute.
test-fast: build js-packages
	$(PY) -m pytest -q -n 2 -m "not slow and not browser" tests

# V8 10.2 from Debian's packages, unpacked into .deps/v8 unless the system has it.
v8:
	@scripts/setup-v8.sh >/dev/null

venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

# The polyfill bundles (core-js, per V8) that the runtime crate embeds.
js:
	@cd runtime/js && npm ci --no-audit --no-fund --silent && node build.mjs

# The extension in release mode, installed into .venv (`import jsrun` works
# after it), and its polyfill manifest made once here rather than per process.
build: v8 venv js
	PATH="$(abspath $(VENV))/bin:$$PATH" VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release -q -m pyjsrun/Cargo.toml
	$(PY) -m jsrun._polyfills
	@# Bytecode, as an installed wheel has (an editable install has none, and
	@# PYTHONDONTWRITEBYTECODE stops Python making it): start-up compiles nothing.
	$(PY) -m compileall -q pyjsrun/python/jsrun

# A wheel that carries its V8 and the libraries V8 needs (auditwheel repair),
# into $(DIST). Its own target directory: the repair rewrites the built
# library in place, and cargo's own copy with it (a hard link), so that copy
# is removed first and relinked, or the next repair would find its own work.
DIST ?= dist
wheel: build
	rm -f target/wheel/release/lib_jsrun.so target/wheel/release/deps/lib_jsrun.so target/wheel/maturin/lib_jsrun.so
	PATH="$(abspath $(VENV))/bin:$$PATH" CARGO_TARGET_DIR=target/wheel \
		$(VENV)/bin/maturin build --release --auditwheel repair -m pyjsrun/Cargo.toml -o $(DIST)

# Three wheels, each with the newest V8 its glibc can load: V8 10.2 from this
# machine (manylinux_2_35), 11.3 from a Debian 13 root, 13.6 from a Debian
# forky root (scripts/engine-root.sh; needs root for the chroot).
wheels: wheel
	DIST=$(abspath $(DIST)) scripts/engine-root.sh trixie wheel
	DIST=$(abspath $(DIST)) scripts/engine-root.sh forky wheel

# The test suite against V8 11.3 and 13.6, each in its Debian root.
test-engines: test-tools
	scripts/engine-root.sh trixie test
	scripts/engine-root.sh forky test
	$(PY) -m pytest -q tests/test_layout.py -k glibc

# The documentation site (mkdocs-material) in site/, warnings as errors.
docs: venv
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

test-tools:
	@scripts/setup-test-tools.sh

js-packages:
	@scripts/setup-js-packages.sh

bench: build test-tools
	$(PY) benchmarks/compare.py
	$(PY) benchmarks/bench_wasm.py
	$(PY) benchmarks/bench_inspector.py
	$(PY) benchmarks/bench_snapshot.py
	$(PY) benchmarks/bench_pool.py

# Coverage-guided fuzzing (atheris) of conversions, the inspector's wire and the
# loaders, from the corpus in tests/fuzz/corpus; FUZZ_SECONDS per target.
fuzz: build
	scripts/fuzz.sh

# The bridge under AddressSanitizer + UBSan, running the Python tests (not the slow or browser ones).
sanitize: v8 venv js test-tools
	scripts/sanitize.sh

reliability: build
	$(PY) benchmarks/reliability.py

lint: venv js
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release -p jsrun-runtime -p jsrun-inspector -p pyjsrun -p wasm-sourcemap -- -D warnings
	$(CARGO) clippy --release -p jsrun-runtime --no-default-features -- -D warnings
	$(VENV)/bin/ruff check pyjsrun/python tests examples benchmarks scripts
	$(VENV)/bin/ruff format --check pyjsrun/python tests examples benchmarks scripts
	$(VENV)/bin/mypy pyjsrun/python/jsrun
	runtime/js/node_modules/.bin/eslint --config runtime/js/eslint.config.mjs runtime/js pyjsrun/python/jsrun/js tests/node tests/npm/calls.js tests/web

clean:
	$(CARGO) clean
	rm -rf $(VENV) .deps dist site
