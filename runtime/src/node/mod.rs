//! npm packages from a node_modules directory: Node's resolution (in
//! `resolve`), CommonJS and the `node:` built-ins (`runtime/js/node/`), and
//! the ES module side: `import` of packages, of CommonJS files (through a
//! facade module) and of built-ins. Module sources are read only from
//! inside the directory given to `use_node_modules`.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::env::{Env, Global, Kind, Local};
use crate::error::{Error, Result};
use crate::host::{HostError, HostFunction, HostOutcome, RawFunction};
use crate::state::{lock, RuntimeState};
use crate::value::{JsString, Value};

mod bytes;
mod compile;
mod crypto;
mod files;
mod key_encryption;
mod keys;
pub(crate) mod resolve;
mod rsa_cipher;
mod ticks;
mod x509;

use resolve::{Failure, Format, Mode, Resolved, Resolver};

const LIBS: &str = include_str!(concat!(env!("OUT_DIR"), "/node-libs.js"));
const PROCESS: &str = include_str!("../../js/node/process.js");
const CRYPTO: &str = include_str!("../../js/node/crypto.js");
const CRYPTO_KEYS: &str = include_str!("../../js/node/crypto_keys.js");
const CRYPTO_CIPHERS: &str = include_str!("../../js/node/crypto_ciphers.js");
const CRYPTO_EXCHANGE: &str = include_str!("../../js/node/crypto_exchange.js");
const CRYPTO_RSA: &str = include_str!("../../js/node/crypto_rsa.js");
const CRYPTO_X509: &str = include_str!("../../js/node/crypto_x509.js");
const EVENTS: &str = include_str!("../../js/node/events.js");
const UTIL: &str = include_str!("../../js/node/util.js");
const BUILTINS: &str = include_str!("../../js/node/builtins.js");
const SYSTEM: &str = include_str!("../../js/node/system.js");
const ZLIB: &str = include_str!("../../js/node/zlib.js");
const CONSOLE: &str = include_str!("../../js/node/console.js");
const FS_READ: &str = include_str!("../../js/node/fs_read.js");
const DIAGNOSTICS_CHANNEL: &str = include_str!("../../js/node/diagnostics_channel.js");
const BUFFER: &str = include_str!("../../js/node/buffer.js");
const ASYNC_HOOKS: &str = include_str!("../../js/node/async_hooks.js");
const PERF_HOOKS: &str = include_str!("../../js/node/perf_hooks.js");
const VM: &str = include_str!("../../js/node/vm.js");
const WASI: &str = include_str!("../../js/node/wasi.js");
const WORKER_THREADS: &str = include_str!("../../js/node/worker_threads.js");
const STDIO: &str = include_str!("../../js/node/stdio.js");
const READLINE: &str = include_str!("../../js/node/readline.js");
const LAZY_STREAM: &str = include_str!("../../js/node/lazy_stream.js");
const STREAM_WEB: &str = include_str!("../../js/node/stream_web.js");
const ERRORS: &str = include_str!("../../js/node/errors.js");
/// Node 20's exports of the built-ins that reach the host (scripts/node-denied-exports.mjs).
const DENIED: &str = include_str!("../../js/node/denied.json");
const LOADER: &str = include_str!("../../js/node/loader.js");

/// The globals a runtime gets from `use_node_modules`, made on first use.
const GLOBALS: &[&str] = &["require", "process", "Buffer", "global", "setImmediate", "clearImmediate"];

/// What `use_node_modules` set.
struct Config {
    resolver: Resolver,
    env: Vec<(String, String)>,
    /// `fs` may read the files under the directory (`files`).
    allow_read: bool,
}

/// A runtime's node_modules support: off until `use_node_modules`.
#[derive(Default)]
pub(crate) struct Node {
    config: OnceLock<Config>,
    /// How each `file:` URL this resolver made runs.
    formats: Mutex<HashMap<String, Format>>,
    /// The loader's API (loader.js's value), made on first use.
    loader: OnceLock<Global>,
    /// Sources of CommonJS modules compiled without a code cache, by path,
    /// until they ran and one is made (`cache_code`).
    uncached: Mutex<HashMap<String, String>>,
}

/// A Node error code and message as the error JS sees (with `code`).
fn host_error(failure: Failure) -> HostError {
    let error = HostError::new(failure.name, failure.message);
    if failure.code.is_empty() {
        error
    } else {
        error.with_code(failure.code)
    }
}

fn file_url(path: &Path) -> String {
    url::Url::from_file_path(path).map_or_else(|()| format!("file://{}", path.display()), String::from)
}

/// The file a referrer names: a `file:` URL of an ES module, or the path a
/// CommonJS module's script is named by.
fn referrer_path(referrer: Option<&str>) -> Option<PathBuf> {
    let referrer = referrer?;
    if referrer.starts_with("file:") {
        url::Url::parse(referrer).ok()?.to_file_path().ok()
    } else if referrer.starts_with('/') {
        Some(PathBuf::from(referrer))
    } else {
        None
    }
}

/// What `use_node_modules` was given: a worker gets the same.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) root: PathBuf,
    pub(crate) env: Vec<(String, String)>,
    pub(crate) allow_read: bool,
}

impl Node {
    fn config(&self) -> Option<&Config> {
        self.config.get()
    }

    pub(crate) fn settings(&self) -> Option<Settings> {
        let config = self.config()?;
        Some(Settings {
            root: config.resolver.root().to_owned(),
            env: config.env.clone(),
            allow_read: config.allow_read,
        })
    }

    pub(crate) fn enabled(&self) -> bool {
        self.config.get().is_some()
    }

    /// The URL an ES module `specifier` names when imported from `referrer`,
    /// or None when it is not for Node's resolution (not enabled).
    pub(crate) fn resolve_import(
        &self,
        specifier: &str,
        referrer: Option<&str>,
    ) -> Option<std::result::Result<String, HostError>> {
        let config = self.config()?;
        let from = referrer_path(referrer);
        Some(match config.resolver.resolve(specifier, from.as_deref(), Mode::Import) {
            Ok(Resolved::Builtin(name)) => Ok(format!("node:{name}")),
            Ok(Resolved::File { path, format }) => {
                let url = file_url(&path);
                lock(&self.formats).insert(url.clone(), format);
                Ok(url)
            }
            Err(failure) => Err(host_error(failure)),
        })
    }

    /// Whether the module at `url` is a file from the node_modules directory.
    pub(crate) fn owns(&self, url: &str) -> bool {
        self.format_of(url) == Some(Format::Module)
    }

    /// How the module at `url` runs, if this resolver made the URL.
    fn format_of(&self, url: &str) -> Option<Format> {
        lock(&self.formats).get(url).copied()
    }
}

/// `use_node_modules(path, env, allow_read)`: turns Node's resolution on, from `path`.
pub(crate) fn enable(
    env: &Env<'_>,
    shared: &Arc<RuntimeState>,
    path: &Path,
    variables: Vec<(String, String)>,
    allow_read: bool,
) -> Result<()> {
    if !shared.helpers.web.defined() {
        // Node's globals and built-ins are made of them (`performance`, `URL`, `TextEncoder`, timers).
        return Err(Error::Usage(
            "use_node_modules needs the web platform's globals: this runtime was made with web_apis=False".into(),
        ));
    }
    let root = std::fs::canonicalize(path)
        .map_err(|e| Error::Usage(format!("use_node_modules: cannot use {}: {e}", path.display())))?;
    if !root.is_dir() {
        return Err(Error::Usage(format!("use_node_modules: {} is not a directory", path.display())));
    }
    if let Some(existing) = shared.node.config() {
        if existing.resolver.root() == root && existing.allow_read == allow_read {
            return Ok(());
        }
        return Err(Error::Usage(format!(
            "use_node_modules was already called for this runtime with {} (allow_read={})",
            existing.resolver.root().display(),
            if existing.allow_read { "True" } else { "False" }
        )));
    }
    let _ = shared.node.config.set(Config { resolver: Resolver::new(root), env: variables, allow_read });
    crate::lazy::define(env, shared, GLOBALS, |env, shared| {
        let api = loader(env, shared)?;
        env.get(api, env.new_string(&JsString::from("globals"))?)
    })?;
    // Node's setTimeout and setInterval, which give Timeout objects (timers.js).
    crate::lazy::define(env, shared, crate::timers::NODE_GLOBALS, |env, shared| {
        let globals = crate::timers::install(env, shared)?;
        let node_timers = env.get(globals, env.new_string(&JsString::from("nodeTimers"))?)?;
        env.call_function(node_timers, None, &[])
    })
}

fn new_key<'e>(env: &Env<'e>, name: &str) -> Result<Local<'e>> {
    env.new_string(&JsString::from(name))
}

/// Runs jsrun's script `source` (a function) with `args`.
fn run<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    source: &'static str,
    name: &str,
    args: &[Local<'e>],
) -> Result<Local<'e>> {
    let source = crate::intrinsics::script(shared, source, name);
    let make = crate::code_cache::run(env, &source, name)?;
    if args.is_empty() {
        return Ok(make);
    }
    env.call_function(make, None, args)
}

/// The loader's API object, made (with process, the libraries and the
/// built-ins) on first use.
fn loader<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Local<'e>> {
    if let Some(api) = shared.node.loader.get() {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value(api) });
    }
    let config = shared.node.config().ok_or_else(|| Error::Usage("use_node_modules was not called".into()))?;
    // Code run from Python resolves (and process.cwd() is) here.
    let root = config.resolver.start().display().to_string();
    let settings = Value::Object(vec![
        (
            JsString::from("env"),
            Value::Object(
                config
                    .env
                    .iter()
                    .map(|(k, v)| (JsString::from(k.as_str()), Value::String(JsString::from(v.as_str()))))
                    .collect(),
            ),
        ),
        (JsString::from("cwd"), Value::String(JsString::from(root.as_str()))),
        (JsString::from("v8"), Value::String(JsString::from(crate::env::v8_version().as_str()))),
        (JsString::from("jsrun"), Value::String(JsString::from(env!("CARGO_PKG_VERSION")))),
        (JsString::from("arch"), Value::String(JsString::from(node_arch()))),
    ]);
    let settings = crate::value_to_js::Writer::new(env, shared, shared.limits).write(&settings)?;
    let process_natives = env.new_object()?;
    let process_functions: [(&str, Local<'e>); 3] = [
        ("context", shared.raw_function(env, crate::async_context::get())?),
        ("setContext", shared.raw_function(env, crate::async_context::set())?),
        ("tickDrain", shared.raw_function(env, ticks::drain())?),
    ];
    for (name, f) in process_functions {
        env.set(process_natives, new_key(env, name)?, f)?;
    }
    let process = run(env, shared, PROCESS, "jsrun:node/process", &[settings, process_natives])?;
    let libs = run(env, shared, LIBS, "jsrun:node/libs", &[process])?;
    let natives = env.new_object()?;
    let is_builtin: Arc<dyn HostFunction> = Arc::new(|args: crate::host::Args| {
        HostOutcome::Return(Value::Bool(matches!(args.first(),
            Some(Value::String(name)) if nodejs_built_in_modules::is_nodejs_builtin_module(&name.to_string_lossy()))))
    });
    let functions: [(&str, Local<'e>); 39] = [
        ("cacheCode", shared.raw_function(env, Arc::new(compile::cache_code) as Arc<RawFunction>)?),
        ("isBuiltin", shared.internal_function(env, is_builtin)?),
        ("requireModule", shared.raw_function(env, Arc::new(require_module) as Arc<RawFunction>)?),
        ("resolve", shared.internal_function(env, resolve_native(shared))?),
        ("read", shared.internal_function(env, read_native(shared))?),
        ("compile", shared.raw_function(env, Arc::new(compile::compile) as Arc<RawFunction>)?),
        ("compilesAsModule", shared.raw_function(env, Arc::new(compile::compiles_as_module) as Arc<RawFunction>)?),
        ("hash", shared.internal_function(env, crypto::hash())?),
        ("hmac", shared.internal_function(env, crypto::hmac())?),
        ("zlibCodec", shared.internal_function(env, crate::web::compression::codec(shared))?),
        ("keys", shared.internal_function(env, keys::keys())?),
        ("x509", shared.internal_function(env, x509::x509())?),
        ("rsaCipher", shared.internal_function(env, rsa_cipher::rsa_cipher())?),
        ("engineKind", shared.raw_function(env, Arc::new(compile::engine_kind) as Arc<RawFunction>)?),
        ("webGroup", shared.raw_function(env, Arc::new(web_group) as Arc<RawFunction>)?),
        ("runScript", shared.raw_function(env, Arc::new(compile::vm_run) as Arc<RawFunction>)?),
        ("compileFunction", shared.raw_function(env, Arc::new(compile::vm_compile) as Arc<RawFunction>)?),
        ("vmContext", shared.raw_function(env, Arc::new(compile::vm_context) as Arc<RawFunction>)?),
        ("vmRun", shared.raw_function(env, Arc::new(compile::vm_run_in) as Arc<RawFunction>)?),
        ("vmGlobals", shared.raw_function(env, Arc::new(compile::vm_globals) as Arc<RawFunction>)?),
        ("vmFill", shared.raw_function(env, Arc::new(compile::vm_fill) as Arc<RawFunction>)?),
        ("files", shared.internal_function(env, files::files(shared))?),
        ("scrypt", shared.internal_function(env, crypto::scrypt())?),
        ("rsa", shared.internal_function(env, crate::web::rsa::rsa())?),
        ("ec", shared.internal_function(env, crate::web::asymmetric::ec())?),
        ("ed25519", shared.internal_function(env, crate::web::asymmetric::ed25519())?),
        ("x25519", shared.internal_function(env, crate::web::asymmetric::x25519())?),
        ("pbkdf2", shared.internal_function(env, crate::web::subtle::pbkdf2())?),
        ("hkdf", shared.internal_function(env, crate::web::subtle::hkdf())?),
        ("aesCtr", shared.internal_function(env, crate::web::aes::aes_ctr())?),
        ("aesGcm", shared.internal_function(env, crate::web::subtle::aes_gcm())?),
        ("aesBlocks", shared.internal_function(env, crate::web::aes::aes_blocks())?),
        ("aesKw", shared.internal_function(env, crate::web::aes::aes_kw())?),
        ("context", shared.raw_function(env, crate::async_context::get())?),
        ("setContext", shared.raw_function(env, crate::async_context::set())?),
        ("bytesToText", shared.internal_function(env, crate::byte_text::encode())?),
        ("textToBytes", shared.internal_function(env, crate::byte_text::decode())?),
        ("compareBytes", shared.internal_function(env, bytes::compare())?),
        ("findBytes", shared.internal_function(env, bytes::find())?),
    ];
    for (name, f) in functions {
        env.set(natives, new_key(env, name)?, f)?;
    }
    env.set(natives, new_key(env, "allowRead")?, env.boolean(config.allow_read)?)?;
    // Node's timer functions (timers.js): setImmediate and clearImmediate come from there.
    let timer_globals = crate::timers::install(env, shared)?;
    let node_timers = env.call_function(env.get(timer_globals, new_key(env, "nodeTimers")?)?, None, &[])?;
    env.set(natives, new_key(env, "timers")?, node_timers)?;
    let node_worker = shared.workers.parent.get().is_some_and(|p| p.kind == crate::worker::Kind::Node);
    env.set(natives, new_key(env, "nodeWorker")?, env.boolean(node_worker)?)?;
    let make_system = run(env, shared, SYSTEM, "jsrun:node/system", &[])?;
    let denied = env.new_string(&JsString::from(DENIED))?;
    let errors = run(env, shared, ERRORS, "jsrun:node/errors", &[])?;
    let errors = env.call_function(errors, None, &[])?;
    let make_buffer = run(env, shared, BUFFER, "jsrun:node/buffer", &[])?;
    // The other built-ins' scripts run when their module is first required.
    let script = shared.raw_function(env, Arc::new(lazy_script) as Arc<RawFunction>)?;
    let builtins = run(
        env,
        shared,
        BUILTINS,
        "jsrun:node/builtins",
        &[libs, process, natives, make_system, denied, errors, make_buffer, script],
    )?;
    let root = env.new_string(&JsString::from(root.as_str()))?;
    let api = run(env, shared, LOADER, "jsrun:node/loader", &[natives, builtins, libs, root])?;
    let _ = shared.node.loader.set(env.new_global(api));
    Ok(api)
}

/// The scripts of built-ins made on first use, by name (runtime/js/node/NAME.js).
const LAZY_SCRIPTS: [(&str, &str); 21] = [
    ("lazy_stream", LAZY_STREAM),
    ("crypto", CRYPTO),
    ("crypto_keys", CRYPTO_KEYS),
    ("crypto_ciphers", CRYPTO_CIPHERS),
    ("crypto_exchange", CRYPTO_EXCHANGE),
    ("crypto_rsa", CRYPTO_RSA),
    ("crypto_x509", CRYPTO_X509),
    ("zlib", ZLIB),
    ("events", EVENTS),
    ("util", UTIL),
    ("fs_read", FS_READ),
    ("console", CONSOLE),
    ("diagnostics_channel", DIAGNOSTICS_CHANNEL),
    ("async_hooks", ASYNC_HOOKS),
    ("stream_web", STREAM_WEB),
    ("perf_hooks", PERF_HOOKS),
    ("vm", VM),
    ("wasi", WASI),
    ("stdio", STDIO),
    ("readline", READLINE),
    ("worker_threads", WORKER_THREADS),
];

/// `script(name)`: the value of built-in script `name` (a function that makes the module), run now.
fn lazy_script<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let name = args.first().filter(|v| env.kind(**v) == Kind::String).map(|v| env.string(*v).to_string_lossy());
    let found = name.as_deref().and_then(|name| LAZY_SCRIPTS.iter().find(|(n, _)| *n == name));
    let Some((name, source)) = found else {
        return Err(Error::Conversion("script(name): no built-in script of that name".into()));
    };
    run(env, shared, source, &format!("jsrun:node/{name}"), &[])
}

/// Node's `process.arch` for this machine.
fn node_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "x86" => "ia32",
        other => other,
    }
}

/// `resolve(specifier, fromFile, mode)`: `{ path, format }`, `{ builtin }`
/// or `{ code, message }`.
fn resolve_native(shared: &Arc<RuntimeState>) -> Arc<dyn HostFunction> {
    let weak = Arc::downgrade(shared);
    Arc::new(move |args: crate::host::Args| {
        let Some(shared) = weak.upgrade() else { return HostOutcome::Return(Value::Undefined) };
        let Some(config) = shared.node.config() else { return HostOutcome::Return(Value::Undefined) };
        let text = |i: usize| match args.get(i) {
            Some(Value::String(s)) => Some(s.to_string_lossy()),
            _ => None,
        };
        let (Some(specifier), from, mode) = (text(0), text(1), text(2)) else {
            return HostOutcome::Throw(HostError::new("TypeError", "resolve(specifier, from, mode)"));
        };
        let mode = if mode.as_deref() == Some("import") { Mode::Import } else { Mode::Require };
        let entry = |k: &str, v: &str| (JsString::from(k), Value::String(JsString::from(v)));
        HostOutcome::Return(Value::Object(
            match config.resolver.resolve(&specifier, from.as_deref().map(Path::new), mode) {
                Ok(Resolved::File { path, format }) => {
                    vec![entry("path", &path.display().to_string()), entry("format", format.name())]
                }
                Ok(Resolved::Builtin(name)) => vec![entry("builtin", &name)],
                Err(failure) => {
                    let mut fields = vec![
                        entry("code", failure.code),
                        entry("message", &failure.message),
                        entry("name", failure.name),
                    ];
                    if let Some(path) = &failure.unloadable {
                        fields.push(entry("unloadable", &path.display().to_string()));
                    }
                    fields
                }
            },
        ))
    })
}

/// Reads a module's source: only a file whose real path is inside the root.
fn read_source(config: &Config, path: &Path) -> std::result::Result<String, HostError> {
    let root = config.resolver.root();
    let real = std::fs::canonicalize(path)
        .map_err(|e| HostError::new("Error", format!("cannot read {}: {e}", path.display())).with_code("ENOENT"))?;
    if !real.starts_with(root) {
        return Err(HostError::new(
            "Error",
            format!(
                "{} is outside the directory given to use_node_modules ({}): refused",
                path.display(),
                root.display()
            ),
        )
        .with_code("ERR_ACCESS_DENIED"));
    }
    let bytes = std::fs::read(&real)
        .map_err(|e| HostError::new("Error", format!("cannot read {}: {e}", path.display())).with_code("EIO"))?;
    // Node decodes module sources as UTF-8 (invalid bytes become U+FFFD).
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn read_native(shared: &Arc<RuntimeState>) -> Arc<dyn HostFunction> {
    let weak = Arc::downgrade(shared);
    Arc::new(move |args: crate::host::Args| {
        let Some(shared) = weak.upgrade() else { return HostOutcome::Return(Value::Undefined) };
        let (Some(config), Some(Value::String(path))) = (shared.node.config(), args.first()) else {
            return HostOutcome::Throw(HostError::new("TypeError", "read(path)"));
        };
        match read_source(config, Path::new(&path.to_string_lossy())) {
            Ok(source) => HostOutcome::Return(Value::String(JsString::from(source.as_str()))),
            Err(e) => HostOutcome::Throw(e),
        }
    })
}

/// `webGroup(name)`: the exports of the web platform's group `name`: "events"
/// (EventTarget's listeners for node:events), "blob" (the blob URL store for
/// node:buffer), "crypto" (CryptoKeys' material for KeyObject.from) or
/// "streams" (the Streams Standard's classes, for node:stream's bridges) or
/// "performance" (its classes, and Node's additions to `performance`) or
/// "workers" (what node:worker_threads is made of);
/// `webGroup(name, true)`: undefined unless the group was set up.
fn web_group<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let name = args.first().filter(|v| env.kind(**v) == Kind::String).map(|v| env.string(*v).to_string_lossy());
    match name.as_deref() {
        Some(group @ ("events" | "blob" | "crypto" | "streams" | "performance" | "workers" | "messaging")) => {
            if args.get(1).is_some_and(|v| env.kind(*v) == Kind::True) {
                return Ok(crate::web::made(env, shared, group).unwrap_or_else(|| env.undefined()));
            }
            crate::web::install(env, shared, group)
        }
        _ => Err(Error::Conversion(
            "webGroup(\"events\", \"blob\", \"crypto\", \"streams\", \"performance\", \"workers\" or \"messaging\")"
                .into(),
        )),
    }
}

/// `requireModule(path)`: the namespace of the ES module at `path`, loaded
/// and run synchronously, as Node's `require` of an ES module.
fn require_module<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let path = args
        .first()
        .filter(|v| env.kind(**v) == Kind::String)
        .map(|v| env.string(*v).to_string_lossy())
        .ok_or_else(|| Error::Conversion("requireModule(path)".into()))?;
    let url = file_url(Path::new(&path));
    lock(&shared.node.formats).insert(url.clone(), Format::Module);
    let importer = crate::modules::importer(env, shared)?;
    let sync = env.get(importer, new_key(env, "sync")?)?;
    env.call_function(sync, None, &[env.new_string(&JsString::from(url.as_str()))?])
}

/// The source of the module at `url` when Node's side owns it: an ES
/// module file's text, or the facade of a CommonJS or JSON file or a
/// built-in. None for other URLs.
pub(crate) fn module_source(env: &Env<'_>, shared: &Arc<RuntimeState>, url: &str) -> Result<Option<String>> {
    let node = &shared.node;
    let Some(config) = node.config() else { return Ok(None) };
    let (key, format) = if let Some(name) = url.strip_prefix("node:") {
        (name.to_owned(), "builtin")
    } else {
        let Some(mut format) = node.format_of(url) else { return Ok(None) };
        // (An ambiguous file found to be CommonJS stays so named: loading it, the loader looks again.)
        let path = referrer_path(Some(url)).ok_or_else(|| Error::Internal(format!("not a file URL: {url}")))?;
        if format == Format::Ambiguous && detected_format(env, shared, &path)? == Format::Module {
            format = Format::Module;
            lock(&node.formats).insert(url.to_owned(), format);
        }
        if format == Format::Module {
            return read_source(config, &path).map(Some).map_err(|e| Error::Conversion(e.message));
        }
        (path.display().to_string(), format.name())
    };
    let api = loader(env, shared)?;
    let facade = env.get(api, new_key(env, "facade")?)?;
    let made =
        env.call_function(facade, None, &[env.new_string(&JsString::from(key.as_str()))?, new_key(env, format)?])?;
    Ok(Some(env.string(made).to_string_lossy()))
}

/// What an ambiguous file is: an ES module if its source has module syntax
/// (the loader's `formatOf`), else CommonJS.
fn detected_format(env: &Env<'_>, shared: &Arc<RuntimeState>, path: &Path) -> Result<Format> {
    let api = loader(env, shared)?;
    let format_of = env.get(api, new_key(env, "formatOf")?)?;
    let path = env.new_string(&JsString::from(path.display().to_string().as_str()))?;
    let found = env.call_function(format_of, None, &[path])?;
    Ok(if env.string(found).to_string_lossy() == "module" { Format::Module } else { Format::CommonJs })
}

/// Fills `import.meta` of a module Node's side owns: `filename` and
/// `dirname` of files (as Node), and the facades' way to their value.
pub(crate) fn fill_meta(env: &Env<'_>, shared: &Arc<RuntimeState>, url: &str, meta: Local<'_>) -> Result<()> {
    let node = &shared.node;
    if !node.enabled() {
        return Ok(());
    }
    let format = node.format_of(url);
    if url.starts_with("node:") || matches!(format, Some(Format::CommonJs | Format::Ambiguous | Format::Json)) {
        let api = loader(env, shared)?;
        let value = env.get(api, new_key(env, "facadeValue")?)?;
        env.set(meta, new_key(env, "jsrunNode")?, value)?;
    }
    if let (Some(_), Some(path)) = (format, referrer_path(Some(url))) {
        let dir = path.parent().unwrap_or(&path).display().to_string();
        env.set(
            meta,
            new_key(env, "filename")?,
            env.new_string(&JsString::from(path.display().to_string().as_str()))?,
        )?;
        env.set(meta, new_key(env, "dirname")?, env.new_string(&JsString::from(dir.as_str()))?)?;
    }
    Ok(())
}

/// `rt.require(specifier)`: what `require` from the root gives: a CommonJS
/// module's module.exports, an ES module's namespace (as Node 22's).
pub(crate) fn require_now(env: &Env<'_>, shared: &Arc<RuntimeState>, specifier: &str) -> Result<Value> {
    if !shared.node.enabled() {
        return Err(Error::Usage("require needs a node_modules directory: call use_node_modules(path) first".into()));
    }
    let api = loader(env, shared)?;
    let require = env.get(api, new_key(env, "require")?)?;
    let exports = env.call_function(require, None, &[env.new_string(&JsString::from(specifier))?])?;
    if shared.signal.take_pending() {
        env.pump()?;
    } else {
        env.run_microtasks()?;
    }
    crate::uncaught::checkpoint(env, shared, Some(exports))?;
    crate::js_to_value::Reader::new(env, Some(shared), shared.limits).lenient().read_result(exports)
}
