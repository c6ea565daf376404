//! Compiles the C++ bridge against Debian's V8 10.2 (libnode108 + libnode-dev)
//! and links it with an rpath, so nothing needs LD_LIBRARY_PATH.
//!
//! Where V8 is looked for, first match wins: `$JSRUN_V8_PREFIX`, the
//! project-local `.deps/v8` made by `scripts/setup-v8.sh`, then `/`. Each is a
//! root laid out like the Debian packages.
use std::env;
use std::path::{Path, PathBuf};

const HEADER: &str = "usr/include/nodejs/deps/v8/include/v8.h";
const LIBRARY: &str = "libnode.so.108";

fn multiarch() -> String {
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_else(|_| "x86_64".into());
    format!("{arch}-linux-gnu")
}

fn find_prefix(workspace: &Path) -> Option<(PathBuf, PathBuf)> {
    let mut candidates = Vec::new();
    if let Some(p) = env::var_os("JSRUN_V8_PREFIX") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(workspace.join(".deps/v8"));
    candidates.push(PathBuf::from("/"));
    candidates.into_iter().find_map(|prefix| {
        let libdir = prefix.join("usr/lib").join(multiarch());
        (prefix.join(HEADER).is_file() && libdir.join(LIBRARY).is_file())
            .then(|| (prefix.join("usr/include/nodejs/deps/v8/include"), libdir))
    })
}

/// Rust's `ViewKind` from `bridge/views.def`, the one list of view kinds.
fn generate_view_kinds(manifest: &Path) {
    let def = manifest.join("bridge/views.def");
    println!("cargo:rerun-if-changed={}", def.display());
    let text = std::fs::read_to_string(&def).unwrap_or_default();
    let kinds: Vec<(String, usize)> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("JSR_VIEW(")?.strip_suffix(')').map(str::to_owned))
        .filter_map(|args| {
            let parts: Vec<&str> = args.split(',').map(str::trim).collect();
            let class = parts.get(1)?;
            let name = class.strip_suffix("Array").unwrap_or(class).to_owned();
            Some((name, parts.get(2)?.parse().ok()?))
        })
        .collect();
    let mut out = String::from(
        "/// Element type of a typed array or DataView (generated from `bridge/views.def`).\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq)]\n#[repr(i32)]\npub enum ViewKind {\n",
    );
    for (code, (name, _)) in kinds.iter().enumerate() {
        out += &format!("    {name} = {code},\n");
    }
    out += "}\n\nimpl ViewKind {\n    /// The kind with bridge code `raw` (a DataView for an unknown one).\n";
    out += "    pub(crate) fn from_raw(raw: i32) -> ViewKind {\n        match raw {\n";
    for (code, (name, _)) in kinds.iter().enumerate() {
        out += &format!("            {code} => ViewKind::{name},\n");
    }
    out += "            _ => ViewKind::DataView,\n        }\n    }\n\n    /// Bytes per element.\n";
    out += "    pub fn element_size(self) -> usize {\n        match self {\n";
    for (name, size) in &kinds {
        out += &format!("            ViewKind::{name} => {size},\n");
    }
    out += "        }\n    }\n}\n";
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("views.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        eprintln!("cannot write {}: {e}", dest.display());
        std::process::exit(1);
    }
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let workspace = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
    println!("cargo:rerun-if-env-changed=JSRUN_V8_PREFIX");
    println!("cargo:rerun-if-changed=bridge");
    println!("cargo:rerun-if-changed={}", workspace.join(".deps/v8").display());
    generate_view_kinds(&manifest);

    let Some((include, libdir)) = find_prefix(&workspace) else {
        eprintln!(
            "\njsrun needs Debian's V8 10.2 (packages libnode108 and libnode-dev) and did not find \
             it in $JSRUN_V8_PREFIX, {}/.deps/v8 or the system. Run `scripts/setup-v8.sh` from the \
             project root (it unpacks both packages into .deps/v8 without installing them, since \
             `apt-get install libnode-dev` conflicts with a non-Debian Node.js), or `make demo`, \
             which does it for you; or point JSRUN_V8_PREFIX at a root holding {HEADER} and \
             usr/lib/{}/{LIBRARY}.\n",
            workspace.display(),
            multiarch()
        );
        std::process::exit(1);
    };

    let mut build = cc::Build::new();
    build
        .cpp(true)
        .compiler("g++")
        .std("c++17")
        .include(&include)
        .include(manifest.join("bridge"))
        .flag("-Wno-unused-parameter")
        // V8 is built without RTTI: subclasses of its classes must not need its typeinfo.
        .flag("-fno-rtti")
        .warnings(true);
    // `make sanitize`: the bridge under AddressSanitizer and UBSan (the
    // runtimes are preloaded into the Python that runs the tests).
    println!("cargo:rerun-if-env-changed=JSRUN_SANITIZE");
    if let Ok(sanitizers) = env::var("JSRUN_SANITIZE") {
        if !sanitizers.is_empty() {
            build
                .flag(format!("-fsanitize={sanitizers}"))
                .flag("-fno-sanitize-recover=all")
                .flag("-fno-omit-frame-pointer")
                .debug(true);
        }
    }
    let mut sources: Vec<PathBuf> = std::fs::read_dir(manifest.join("bridge"))
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    sources.retain(|p| p.extension().is_some_and(|e| e == "cc"));
    sources.sort();
    build.files(sources);
    build.compile("jsrbridge");

    println!("cargo:rustc-link-search=native={}", libdir.display());
    println!("cargo:rustc-link-lib=dylib:+verbatim={LIBRARY}");
    // Our own tests and examples; dependents read DEP_JSRV8_LIBDIR for theirs.
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", libdir.display());
    println!("cargo:libdir={}", libdir.display());
}
