//! ES modules. The registry (URL → compiled module) and the policy live
//! here; a small JS helper (`jsrun:modules`) drives loading, since loaders
//! may be asynchronous: it asks `resolve` for URLs, `load` for source text
//! (a string or a promise of one), `compile` to register a module and learn
//! its imports, and `evaluate` to link and run it. V8 asks the registry for
//! static imports while linking, and the helper serves dynamic `import()`.
//!
//! Nothing is loaded from disk or network: sources come from
//! `add_static_module`, from the user's loader, from node_modules (after
//! `use_node_modules`), or from a data: or blob: URL, which holds its own.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::env::{Env, Global, Kind, Local, Module, ModuleHooks, PromiseState};
use crate::error::{Error, Result};
use crate::host::{HostError, HostFunction, HostOutcome, RawFunction};
use crate::js_to_value::Reader;
use crate::state::{lock, RuntimeState};
use crate::value::{JsString, Text, Value};
use crate::web::data_url;

/// URL prefix of modules added with `add_static_module`.
pub const STATIC_PREFIX: &str = "jsrun://static/";

const HELPER: &str = include_str!("../js/modules.js");

/// Compiled modules by URL, and their URLs by V8's identity hash (which
/// may be shared: `module_is` tells them apart).
#[derive(Default)]
struct Registry {
    by_url: HashMap<String, Global<Module>>,
    by_identity: HashMap<i32, Vec<String>>,
}

/// A runtime's modules and the user's resolver and loader.
#[derive(Default)]
pub(crate) struct Modules {
    statics: Mutex<HashMap<String, String>>,
    resolver: Mutex<Option<Arc<dyn HostFunction>>>,
    loader: Mutex<Option<Arc<dyn HostFunction>>>,
    registry: Mutex<Registry>,
    /// The helper's import function.
    importer: OnceLock<Global>,
}

impl Modules {
    pub(crate) fn add_static(&self, name: &str, source: String) {
        lock(&self.statics).insert(name.to_owned(), source);
    }

    pub(crate) fn set_resolver(&self, resolver: Option<Arc<dyn HostFunction>>) {
        *lock(&self.resolver) = resolver;
    }

    pub(crate) fn set_loader(&self, loader: Option<Arc<dyn HostFunction>>) {
        *lock(&self.loader) = loader;
    }

    fn static_url(&self, specifier: &str) -> Option<String> {
        let name =
            specifier.strip_prefix(STATIC_PREFIX).or_else(|| specifier.strip_prefix("static:")).unwrap_or(specifier);
        lock(&self.statics).contains_key(name).then(|| format!("{STATIC_PREFIX}{name}"))
    }

    /// The URL `specifier` names when imported from `referrer`.
    fn resolve(
        &self,
        shared: &Arc<RuntimeState>,
        specifier: &str,
        referrer: Option<&str>,
    ) -> std::result::Result<String, HostError> {
        let from = referrer.map(|r| format!(" imported from \"{r}\"")).unwrap_or_default();
        if data_url::has_scheme(specifier, "data:") || data_url::has_scheme(specifier, "blob:") {
            return Ok(specifier.to_owned()); // its own content (see `own_source`)
        }
        if specifier.starts_with(STATIC_PREFIX) || specifier.starts_with("static:") {
            return self.static_url(specifier).ok_or_else(|| {
                HostError::new(
                    "TypeError",
                    format!("Module resolution failed: cannot resolve \"{specifier}\"{from}: no such static module"),
                )
            });
        }
        let resolver = lock(&self.resolver).clone();
        if let Some(resolver) = &resolver {
            let referrer = referrer.map_or(Value::Null, |r| Value::String(JsString::from(r)));
            let runtime = crate::Runtime::from_shared(shared.clone());
            match resolver.call(&runtime, smallvec::smallvec![Value::String(JsString::from(specifier)), referrer]) {
                HostOutcome::Return(Value::String(url)) if !url.to_string_lossy().is_empty() => {
                    return Ok(url.to_string_lossy())
                }
                HostOutcome::Return(Value::String(_) | Value::Null | Value::Undefined) => {}
                HostOutcome::Return(other) => {
                    return Err(HostError::new(
                        "TypeError",
                        format!("the module resolver returned {} for \"{specifier}\"", crate::value::display(&other)),
                    ))
                }
                HostOutcome::Throw(e) => return Err(e),
                HostOutcome::Defer(_) => {
                    return Err(HostError::new("TypeError", "the module resolver must not be async"));
                }
            }
        }
        if let Some(url) = self.static_url(specifier) {
            return Ok(url);
        }
        if let Some(resolved) = shared.node.resolve_import(specifier, referrer) {
            return resolved;
        }
        let why = if resolver.is_some() {
            "the resolver returned no URL and there is no static module of that name"
        } else {
            "no static module has that name (add_static_module) and no resolver is set (set_module_resolver)"
        };
        Err(HostError::new(
            "TypeError",
            format!("Module resolution failed: cannot resolve \"{specifier}\"{from}: {why}"),
        ))
    }

    /// Source text for `url`: a static module's, or the loader's outcome.
    fn load(&self, shared: &Arc<RuntimeState>, url: &str) -> HostOutcome {
        if let Some(name) = url.strip_prefix(STATIC_PREFIX) {
            if let Some(source) = lock(&self.statics).get(name) {
                return HostOutcome::Return(Value::String(JsString::from(source.as_str())));
            }
        }
        let loader = lock(&self.loader).clone();
        match loader {
            Some(loader) => loader.call(
                &crate::Runtime::from_shared(shared.clone()),
                smallvec::smallvec![Value::String(JsString::from(url))],
            ),
            None => HostOutcome::Throw(HostError::new(
                "TypeError",
                format!("Module loading denied: no loader is set (set_module_loader) for \"{url}\""),
            )),
        }
    }

    fn find<'e>(&self, env: &Env<'e>, url: &str) -> Option<Local<'e, Module>> {
        let registry = lock(&self.registry);
        // SAFETY: the handles live as long as the isolate.
        registry.by_url.get(url).map(|m| unsafe { env.global_value(m) })
    }

    fn url_of(&self, env: &Env<'_>, module: Local<'_, Module>) -> Option<String> {
        let registry = lock(&self.registry);
        let urls = registry.by_identity.get(&env.module_identity(module))?;
        urls.iter()
            // SAFETY: the handles live as long as the isolate.
            .find(|url| registry.by_url.get(*url).is_some_and(|m| unsafe { env.module_is(module, m) }))
            .cloned()
    }

    fn register(&self, env: &Env<'_>, url: String, module: Local<'_, Module>) {
        let mut registry = lock(&self.registry);
        registry.by_identity.entry(env.module_identity(module)).or_default().push(url.clone());
        registry.by_url.insert(url, env.new_global(module));
    }
}

fn text_arg(env: &Env<'_>, args: &[Local<'_>], i: usize) -> Option<String> {
    args.get(i).filter(|v| env.kind(**v) == Kind::String).map(|v| env.string(*v).to_string_lossy())
}

fn requests<'e>(env: &Env<'e>, module: Local<'e, Module>) -> Result<Local<'e>> {
    let items = env.module_requests(module);
    let array = env.new_array(items.len())?;
    env.array_fill(array, &items)?;
    Ok(array)
}

/// `compile(url, source)`: the import specifiers of the module at `url`,
/// compiling and registering it from `source` first; null if it is unknown
/// and no source was given.
fn compile<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let url = text_arg(env, args, 0).ok_or_else(|| Error::Conversion("compile: url expected".into()))?;
    let modules = &shared.modules;
    if let Some(module) = modules.find(env, &url) {
        return requests(env, module);
    }
    let Some(source) = text_arg(env, args, 1) else { return env.null() };
    // Files from node_modules go through the process's code cache: the
    // next runtime that imports them skips parsing them.
    let cached = shared.node.owns(&url);
    let compile_text = |source: &str| {
        if !cached {
            return env.compile_module(source, &url);
        }
        let cache = crate::code_cache::lookup(source, &url);
        env.compile_module_cached(source, &url, cache.as_deref().map(Vec::as_slice)).map(|(module, fresh)| {
            if fresh {
                if let Some(made) = env.module_code_cache(module) {
                    crate::code_cache::store(source, &url, made);
                }
            }
            module
        })
    };
    let mut compiled = compile_text(&source);
    if compiled.as_ref().is_err_and(crate::regexp_lowering::curable) {
        if let Ok(Some(lowered)) = crate::regexp_lowering::lowered(env, shared, &source, true) {
            compiled = compile_text(&lowered);
        }
    }
    let module = match compiled {
        Ok(module) => module,
        Err(Error::Js(info)) => return Err(syntax_error_at(env, &url, *info)),
        Err(e) => return Err(e),
    };
    modules.register(env, url, module);
    requests(env, module)
}

/// The location of a syntax error is in V8's message, not in any stack:
/// put it in the error's message before it travels on.
fn syntax_error_at(env: &Env<'_>, url: &str, info: crate::value::ErrorInfo) -> Error {
    let located = (|| -> Result<()> {
        let (exception, message) = env.last_exception();
        let at = message.map(|m| env.message_location(m)).filter(|f| f.line_number > 0).map_or_else(
            || url.to_owned(),
            |f| format!("{}:{}:{}", f.file_name.as_deref().unwrap_or(url), f.line_number, f.column_number),
        );
        if let Some(exception) = exception {
            let key = env.new_string(&JsString::from("message"))?;
            let message = env.new_string(&JsString::from(format!("{} (at {at})", info.message).as_str()))?;
            env.set(exception, key, message)?;
        }
        Ok(())
    })();
    match located {
        Ok(()) => Error::Js(Box::new(info)),
        Err(e) => e,
    }
}

/// `evaluate(url)`: links and runs the module; `[promise, namespace, state, reason]`
/// (the promise's state now: `pending`, `fulfilled` or `rejected`).
fn evaluate<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let url = text_arg(env, args, 0).ok_or_else(|| Error::Conversion("evaluate: url expected".into()))?;
    let module = shared.modules.find(env, &url).ok_or_else(|| Error::Internal(format!("module {url} not compiled")))?;
    let promise = env.evaluate_module(module)?;
    let namespace =
        env.module_namespace(module).ok_or_else(|| Error::Internal(format!("module {url} has no namespace")))?;
    let (state, reason) = match env.promise_state(promise) {
        PromiseState::Pending => ("pending", env.undefined()),
        PromiseState::Fulfilled(_) => ("fulfilled", env.undefined()),
        PromiseState::Rejected(reason) => ("rejected", reason),
    };
    let state = env.new_string(&JsString::from(state))?;
    let result = env.new_array(4)?;
    env.array_fill(result, &[promise, namespace, state, reason])?;
    Ok(result)
}

/// `nodeSource(url)`: the source of a module from node_modules or a
/// `node:` built-in (see `node::module_source`), or null.
fn node_source<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let url = text_arg(env, args, 0).ok_or_else(|| Error::Conversion("nodeSource: url expected".into()))?;
    match crate::node::module_source(env, shared, &url)? {
        Some(source) => env.new_string(&JsString::from(source.as_str())),
        None => env.null(),
    }
}

/// `ownSource(url)`: the source of a module from a data: or blob: URL (the
/// blob store's), null for another URL, or `[why]` it cannot be loaded: as
/// in browsers, either must have a JavaScript MIME type.
fn own_source<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, args: &[Local<'e>]) -> Result<Local<'e>> {
    let (Some(url), Some(&arg)) = (text_arg(env, args, 0), args.first()) else {
        return Err(Error::Conversion("ownSource: url expected".into()));
    };
    let refused = |why: String| {
        let reason = env.new_array(1)?;
        env.set(reason, env.new_string(&JsString::from("0"))?, env.new_string(&JsString::from(why.as_str()))?)?;
        Ok(reason)
    };
    if data_url::has_scheme(&url, "data:") {
        return match data_url::module_source(&url) {
            Ok(source) => env.new_string(&JsString::from(source.as_str())),
            Err(why) => refused(why),
        };
    }
    if !data_url::has_scheme(&url, "blob:") {
        return env.null();
    }
    match crate::web::object_url_source(env, shared, arg)? {
        Some((mime, text)) if data_url::is_javascript(&mime) => Ok(text),
        Some((mime, _)) => refused(format!("{url}: a module must have a JavaScript MIME type, not \"{mime}\"")),
        None => refused(format!("{url} is not a blob URL of this runtime's (or it was revoked)")),
    }
}

/// The helper's import function, made on first use.
pub(crate) fn importer<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>) -> Result<Local<'e>> {
    if let Some(f) = shared.modules.importer.get() {
        // SAFETY: the handle lives as long as the isolate.
        return Ok(unsafe { env.global_value(f) });
    }
    let weak = Arc::downgrade(shared);
    let resolve: Arc<dyn HostFunction> = Arc::new(move |args: crate::host::Args| {
        let Some(shared) = weak.upgrade() else { return HostOutcome::Return(Value::Undefined) };
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => Some(s.to_string_lossy()),
            _ => None,
        };
        let Some(specifier) = text(args.first()) else {
            return HostOutcome::Throw(HostError::new("TypeError", "a module specifier must be a string"));
        };
        match shared.modules.resolve(&shared, &specifier, text(args.get(1)).as_deref()) {
            Ok(url) => HostOutcome::Return(Value::String(JsString::from(url.as_str()))),
            Err(e) => HostOutcome::Throw(e),
        }
    });
    let weak = Arc::downgrade(shared);
    let load: Arc<dyn HostFunction> = Arc::new(move |args: crate::host::Args| match (weak.upgrade(), args.first()) {
        (Some(shared), Some(Value::String(url))) => shared.modules.load(&shared, &url.to_string_lossy()),
        _ => HostOutcome::Return(Value::Undefined),
    });
    let compile: Arc<RawFunction> = Arc::new(compile);
    let evaluate: Arc<RawFunction> = Arc::new(evaluate);
    let node_source: Arc<RawFunction> = Arc::new(node_source);
    let own_source: Arc<RawFunction> = Arc::new(own_source);
    let natives = env.new_object()?;
    for (name, f) in [
        ("resolve", shared.internal_function(env, resolve)?),
        ("load", shared.host_function(env, load, None, false)?),
        ("compile", shared.raw_function(env, compile)?),
        ("evaluate", shared.raw_function(env, evaluate)?),
        ("nodeSource", shared.raw_function(env, node_source)?),
        ("ownSource", shared.raw_function(env, own_source)?),
    ] {
        let key = env.new_string(&JsString::from(name))?;
        env.set(natives, key, f)?;
    }
    let source = crate::intrinsics::script(shared, HELPER, "jsrun:modules");
    let make = env.run_script(Text::Utf8(&source), Some("jsrun:modules"))?;
    let f = env.call_function(make, None, &[natives])?;
    let _ = shared.modules.importer.set(env.new_global(f));
    Ok(f)
}

/// `import(specifier)` from `referrer` (a URL, or none): a promise of the namespace.
pub(crate) fn import<'e>(
    env: &Env<'e>,
    shared: &Arc<RuntimeState>,
    specifier: &str,
    referrer: Option<&str>,
) -> Result<Local<'e>> {
    let f = importer(env, shared)?;
    let specifier = env.new_string(&JsString::from(specifier))?;
    let referrer = match referrer {
        Some(r) => env.new_string(&JsString::from(r))?,
        None => env.undefined(),
    };
    env.call_function(f, None, &[specifier, referrer])
}

/// Imports `specifier` and returns its namespace, if everything settles
/// without waiting for anything but microtasks and V8's tasks.
pub(crate) fn import_now(env: &Env<'_>, shared: &Arc<RuntimeState>, specifier: &str) -> Result<Value> {
    let promise = import(env, shared, specifier, None)?;
    if shared.signal.take_pending() {
        env.pump()?;
    } else {
        env.run_microtasks()?;
    }
    crate::uncaught::checkpoint(env, shared, Some(promise))?;
    match env.promise_state(promise) {
        PromiseState::Pending => Err(Error::Conversion(format!(
            "module \"{specifier}\" did not finish synchronously (top-level await, timers or an async loader): \
             use eval_module_async"
        ))),
        _ => Reader::new(env, Some(shared), shared.limits).read_result(promise),
    }
}

// ---- V8's callbacks ----

pub(crate) const HOOKS: ModuleHooks = ModuleHooks { resolve: on_resolve, import: on_import, meta: on_meta };

fn throw_error(env: &Env<'_>, error: HostError) {
    crate::host::throw(env, None, error);
}

fn on_resolve<'e>(
    shared: &RuntimeState,
    env: &Env<'e>,
    specifier: Local<'e>,
    referrer: Local<'e, Module>,
) -> Option<Local<'e, Module>> {
    let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let specifier = env.string(specifier).to_string_lossy();
        let referrer = shared.modules.url_of(env, referrer);
        let shared = shared.upgrade_self().ok_or_else(|| HostError::new("Error", "the runtime is closed"))?;
        let url = shared.modules.resolve(&shared, &specifier, referrer.as_deref())?;
        shared.modules.find(env, &url).ok_or_else(|| {
            HostError::new("Error", format!("module \"{url}\" was not loaded before linking (a bug in jsrun)"))
        })
    }));
    // None must come with an exception pending (jsr.h).
    match found {
        Ok(Ok(module)) => Some(module),
        Ok(Err(e)) => {
            throw_error(env, e);
            None
        }
        Err(_) => {
            throw_error(env, HostError::panicked("module resolver"));
            None
        }
    }
}

fn on_import<'e>(
    shared: &RuntimeState,
    env: &Env<'e>,
    specifier: Local<'e>,
    referrer_name: Option<Local<'e>>,
) -> Option<Local<'e>> {
    let Some(shared) = shared.upgrade_self() else {
        throw_error(env, HostError::new("Error", "the runtime is closing"));
        return None;
    };
    let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let specifier = env.string(specifier).to_string_lossy();
        // Scripts have names, not module URLs; relative imports resolve against them too.
        let referrer = referrer_name.filter(|r| env.kind(*r) == Kind::String).map(|r| env.string(r).to_string_lossy());
        import(env, &shared, &specifier, referrer.as_deref())
    }));
    // None must come with an exception pending (jsr.h); errors the bridge
    // caught on the way are thrown again as errors of the same name and text.
    match made {
        Ok(Ok(promise)) => Some(promise),
        Ok(Err(e)) => {
            throw_error(env, HostError::from_error(&e));
            None
        }
        Err(_) => {
            throw_error(env, HostError::panicked("dynamic import()"));
            None
        }
    }
}

fn on_meta<'e>(shared: &RuntimeState, env: &Env<'e>, module: Local<'e, Module>, meta: Local<'e>) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<()> {
        if let Some(url) = shared.modules.url_of(env, module) {
            let key = env.new_string(&JsString::from("url"))?;
            let value = env.new_string(&JsString::from(url.as_str()))?;
            env.set(meta, key, value)?;
            if let Some(shared) = shared.upgrade_self() {
                let resolve = env.get_named(importer(env, &shared)?, "metaResolve")?;
                let resolve = env.call_function(resolve, None, &[value])?;
                env.set(meta, env.new_string(&JsString::from("resolve"))?, resolve)?;
                crate::node::fill_meta(env, &shared, &url, meta)?;
            }
        }
        Ok(())
    }));
}
