//! Compiles the C++ bridge against Debian's V8 (libnode + libnode-dev: 10.2
//! on Debian 12, 11.3 on 13, 13.6 on forky) and links it with an rpath, so
//! nothing needs LD_LIBRARY_PATH.
//!
//! Where V8 is looked for, first match wins: `$JSRUN_V8_PREFIX`, the
//! project-local `.deps/v8` made by `scripts/setup-v8.sh`, then `/`. Each is a
//! root laid out like the Debian packages.
use std::env;
use std::path::{Path, PathBuf};

const HEADER: &str = "usr/include/nodejs/deps/v8/include/v8.h";

fn multiarch() -> String {
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_else(|_| "x86_64".into());
    format!("{arch}-linux-gnu")
}

/// The versioned libnode in `libdir` (`libnode.so.108`, `.115`, `.137`…), newest first.
fn library_in(libdir: &Path) -> Option<String> {
    let mut found: Vec<(u32, String)> = std::fs::read_dir(libdir)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| Some((name.strip_prefix("libnode.so.")?.parse().ok()?, name.clone())))
        .collect();
    found.sort();
    found.pop().map(|(_, name)| name)
}

/// `V8_MAJOR_VERSION` and `V8_MINOR_VERSION` from the headers.
fn v8_version(include: &Path) -> (u32, u32) {
    let text = std::fs::read_to_string(include.join("v8-version.h")).unwrap_or_default();
    let number = |name: &str| {
        text.lines().find_map(|l| l.strip_prefix(&format!("#define {name} "))?.trim().parse().ok()).unwrap_or(0)
    };
    (number("V8_MAJOR_VERSION"), number("V8_MINOR_VERSION"))
}

/// Copies `js/dist/{name}` (made from npm packages by `runtime/js/build.mjs`,
/// `make js`) to `dest` in OUT_DIR, where the crate embeds it.
fn copy_bundle(manifest: &Path, name: &str, dest: &str) {
    let source = manifest.join("js/dist").join(name);
    println!("cargo:rerun-if-changed={}", source.display());
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join(dest);
    if let Err(e) = std::fs::copy(&source, &dest) {
        eprintln!(
            "\ncannot read {} ({e}): it is built from npm packages by `make js` \
             (runtime/js/build.mjs); run that first.\n",
            source.display()
        );
        std::process::exit(1);
    }
}

/// The newest `GLIBC_x.y` symbol version `library` needs, as (x, y).
fn glibc_needed(library: &Path) -> Option<(u32, u32)> {
    let out = std::process::Command::new("objdump").arg("-T").arg(library).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|w| {
            let (x, y) = w.trim_matches(|c| c == '(' || c == ')').strip_prefix("GLIBC_")?.split_once('.')?;
            Some((x.parse().ok()?, y.split('.').next()?.parse().ok()?))
        })
        .max()
}

/// This machine's glibc, as (x, y).
fn glibc_here() -> Option<(u32, u32)> {
    let out = std::process::Command::new("getconf").arg("GNU_LIBC_VERSION").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let (x, y) = text.trim().strip_prefix("glibc ")?.split_once('.')?;
    Some((x.parse().ok()?, y.split('.').next()?.parse().ok()?))
}

fn find_prefix(workspace: &Path) -> Option<(PathBuf, PathBuf, String)> {
    let mut candidates = Vec::new();
    if let Some(p) = env::var_os("JSRUN_V8_PREFIX") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(workspace.join(".deps/v8"));
    candidates.push(PathBuf::from("/"));
    candidates.into_iter().find_map(|prefix| {
        let libdir = prefix.join("usr/lib").join(multiarch());
        let library = library_in(&libdir).filter(|_| prefix.join(HEADER).is_file())?;
        Some((prefix.join("usr/include/nodejs/deps/v8/include"), libdir, library))
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

    let Some((include, libdir, library)) = find_prefix(&workspace) else {
        eprintln!(
            "\njsrun needs Debian's V8 (packages libnode and libnode-dev) and did not find \
             it in $JSRUN_V8_PREFIX, {}/.deps/v8 or the system. Run `scripts/setup-v8.sh` from the \
             project root (it unpacks both packages into .deps/v8 without installing them, since \
             `apt-get install libnode-dev` conflicts with a non-Debian Node.js), or `make demo`, \
             which does it for you; or point JSRUN_V8_PREFIX at a root holding {HEADER} and \
             usr/lib/{}/libnode.so.<version>.\n",
            workspace.display(),
            multiarch()
        );
        std::process::exit(1);
    };
    // A libnode built for a newer glibc would link here and fail at import.
    if let (Some(needed), Some(here)) = (glibc_needed(&libdir.join(&library)), glibc_here()) {
        if needed > here {
            eprintln!(
                "\n{} needs glibc {}.{}, and this machine has {}.{}: it cannot load that V8. Build on a \
                 distribution with glibc {}.{} or newer (e.g. in a Debian root made with debootstrap; \
                 see scripts/engine-root.sh), or use the V8 of this machine's distribution.\n",
                libdir.join(&library).display(),
                needed.0,
                needed.1,
                here.0,
                here.1,
                needed.0,
                needed.1
            );
            std::process::exit(1);
        }
    }
    let (major, minor) = v8_version(&include);
    copy_bundle(&manifest, &format!("polyfills-v8-{major}.{minor}.js"), "polyfills.js");
    copy_bundle(&manifest, "web-streams.js", "web-streams.js");
    copy_bundle(&manifest, "urlpattern.js", "urlpattern.js");
    copy_bundle(&manifest, "temporal.js", "temporal.js");
    copy_bundle(&manifest, "durationformat.js", "durationformat.js");
    copy_bundle(&manifest, "node-libs.js", "node-libs.js");
    copy_bundle(&manifest, "regexp-lowering.js", "regexp-lowering.js");
    println!("cargo:rustc-env=JSRUN_V8_MAJOR={major}");
    println!("cargo::rustc-check-cfg=cfg(v8_13)");
    if major >= 13 {
        println!("cargo:rustc-cfg=v8_13");
    }

    let mut build = cc::Build::new();
    build
        .cpp(true)
        .compiler("g++")
        // V8 13's headers use C++20; 10.2's are C++17 (and older g++ default to it).
        .std(if major >= 13 { "c++20" } else { "c++17" })
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
    println!("cargo:rustc-link-lib=dylib:+verbatim={library}");
    // Our own tests and examples; dependents read DEP_JSRV8_LIBDIR for theirs.
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", libdir.display());
    println!("cargo:libdir={}", libdir.display());
}
