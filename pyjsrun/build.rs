//! Gives the extension an rpath to the V8 library the runtime crate linked
//! (its `links` metadata), so `import jsrun` needs no LD_LIBRARY_PATH.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_JSRV8_LIBDIR");
    if let Ok(dir) = std::env::var("DEP_JSRV8_LIBDIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
