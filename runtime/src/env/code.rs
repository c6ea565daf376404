//! Compiled code: kept scripts (`UnboundScript`) and ES modules, and the
//! trampolines through which V8 asks the runtime for modules.
use std::ffi::c_void;
use std::sync::OnceLock;

use super::{Env, Global, Local};
use crate::error::{Error, Result};
use crate::ffi;
use crate::state::RuntimeState;

/// A compiled script not bound to a context (`v8::UnboundScript`).
pub enum UnboundScript {}
/// A compiled ES module (`v8::Module`).
pub enum Module {}

fn checked_len(len: usize) -> Result<usize> {
    if len > i32::MAX as usize {
        return Err(Error::Conversion("source text is too long".into()));
    }
    Ok(len)
}

impl<'e> Env<'e> {
    /// Compiles a classic script to run later; `None` names it `<eval>`.
    pub(crate) fn compile_unbound(&self, source: &str, name: Option<&str>) -> Result<Local<'e, UnboundScript>> {
        let len = checked_len(source.len())?;
        let (name_ptr, name_len) = name.map_or((std::ptr::null(), 0), |n| (n.as_ptr(), n.len()));
        checked_len(name_len)?;
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; the buffers outlive the call.
        let status = unsafe {
            ffi::jsr_script_compile(self.raw, source.as_ptr().cast(), len, name_ptr.cast(), name_len, &mut out)
        };
        self.check(status)?;
        self.local_as(out).ok_or_else(|| Error::Internal("V8 compiled no script (a bug in jsrun)".into()))
    }

    /// Binds `script` to this context and runs it.
    pub(crate) fn run_unbound(&self, script: Local<'e, UnboundScript>) -> Result<Local<'e>> {
        let mut out = std::ptr::null_mut();
        // SAFETY: inside enter; `script` is an UnboundScript (its type).
        let status = unsafe { ffi::jsr_script_run_unbound(self.raw, script.raw(), &mut out) };
        self.check(status)?;
        self.returned(out, "script result")
    }

    /// Compiles the ES module `source` named `url`.
    pub(crate) fn compile_module(&self, source: &str, url: &str) -> Result<Local<'e, Module>> {
        self.compile_module_cached(source, url, None).map(|(module, _)| module)
    }

    /// As `compile_module`, consuming `cache` (from `module_code_cache`,
    /// earlier in this process); also whether no cache was used.
    pub(crate) fn compile_module_cached(
        &self,
        source: &str,
        url: &str,
        cache: Option<&[u8]>,
    ) -> Result<(Local<'e, Module>, bool)> {
        let len = checked_len(source.len())?;
        let url_len = checked_len(url.len())?;
        let (cache_ptr, cache_len) = cache.map_or((std::ptr::null(), 0), |c| (c.as_ptr().cast(), c.len()));
        let mut out = std::ptr::null_mut();
        let mut rejected: std::ffi::c_int = 1;
        // SAFETY: inside enter; buffers outlive the call.
        let status = unsafe {
            ffi::jsr_module_compile(
                self.raw,
                source.as_ptr().cast(),
                len,
                url.as_ptr().cast(),
                url_len,
                cache_ptr,
                cache_len,
                &mut out,
                &mut rejected,
            )
        };
        self.check(status)?;
        let module =
            self.local_as(out).ok_or_else(|| Error::Internal("V8 compiled no module (a bug in jsrun)".into()))?;
        Ok((module, rejected != 0))
    }

    /// V8's code cache of a compiled module.
    pub(crate) fn module_code_cache(&self, module: Local<'e, Module>) -> Option<Vec<u8>> {
        let mut produced: *const std::ffi::c_char = std::ptr::null();
        let mut produced_len = 0;
        // SAFETY: inside enter; `module` is a Module (its type).
        unsafe { ffi::jsr_module_code_cache(self.raw, module.raw(), &mut produced, &mut produced_len) };
        // SAFETY: the bridge made it (or NULL), ours to free.
        unsafe { super::take_blob(produced, produced_len) }
    }

    /// The specifiers `module` imports, in order.
    pub(crate) fn module_requests(&self, module: Local<'e, Module>) -> Vec<Local<'e>> {
        // SAFETY: inside enter; `module` is a Module (its type).
        let count = unsafe { ffi::jsr_module_request_count(self.raw, module.raw()) };
        // SAFETY: as above; indexes are below the count.
        (0..count).filter_map(|i| self.local(unsafe { ffi::jsr_module_request(self.raw, module.raw(), i) })).collect()
    }

    /// Links and evaluates `module`: the promise of its evaluation.
    pub(crate) fn evaluate_module(&self, module: Local<'e, Module>) -> Result<Local<'e>> {
        let mut promise = std::ptr::null_mut();
        // SAFETY: inside enter; `module` is a Module (its type).
        let status = unsafe { ffi::jsr_module_evaluate(self.raw, module.raw(), &mut promise) };
        self.check(status)?;
        self.returned(promise, "module evaluation promise")
    }

    /// The namespace of an evaluated module.
    pub(crate) fn module_namespace(&self, module: Local<'e, Module>) -> Option<Local<'e>> {
        // SAFETY: `module` is a Module (its type); V8 gives none before evaluation.
        self.local(unsafe { ffi::jsr_module_namespace(module.raw()) })
    }

    /// V8's hash of `module`: equal for the same module, maybe for others too.
    pub(crate) fn module_identity(&self, module: Local<'e, Module>) -> i32 {
        // SAFETY: `module` is a Module (its type).
        unsafe { ffi::jsr_module_identity(module.raw()) }
    }

    /// True if `module` is the module `global` holds.
    ///
    /// # Safety
    /// `global` must be a live handle of this isolate.
    pub(crate) unsafe fn module_is(&self, module: Local<'e, Module>, global: &Global<Module>) -> bool {
        // SAFETY: inside enter; the caller vouches for `global`.
        unsafe { ffi::jsr_module_is(self.raw, module.raw(), global.0) != 0 }
    }

    /// Makes `shared` the runtime V8's module callbacks serve in this
    /// isolate. It must outlive the isolate (the runtime's state does).
    pub(crate) fn set_module_host(&self, shared: &std::sync::Arc<RuntimeState>) {
        // SAFETY: inside enter; see above for the pointer's lifetime.
        unsafe { ffi::jsr_env_set_module_host(self.raw, std::sync::Arc::as_ptr(shared) as *mut c_void) }
    }
}

type ResolveHook = for<'e> fn(&RuntimeState, &Env<'e>, Local<'e>, Local<'e, Module>) -> Option<Local<'e, Module>>;

/// What V8's module callbacks call. Each returns None only with an
/// exception thrown (the bridge's contract).
pub(crate) struct ModuleHooks {
    /// A static import of `specifier` by `referrer`, while linking.
    pub(crate) resolve: ResolveHook,
    /// A dynamic `import(specifier)` from the script or module named `referrer`.
    pub(crate) import: for<'e> fn(&RuntimeState, &Env<'e>, Local<'e>, Option<Local<'e>>) -> Option<Local<'e>>,
    /// Fills `import.meta` for a module.
    pub(crate) meta: for<'e> fn(&RuntimeState, &Env<'e>, Local<'e, Module>, Local<'e>),
}

static HOOKS: OnceLock<ModuleHooks> = OnceLock::new();

/// Registers the module hooks with the bridge (once per process, before any isolate).
pub(super) fn init_modules(hooks: ModuleHooks) {
    if HOOKS.set(hooks).is_err() {
        return;
    }
    let callbacks = ffi::jsr_module_callbacks { resolve: on_resolve, import: on_import, meta: on_meta };
    // SAFETY: called once, before any isolate exists.
    unsafe { ffi::jsr_modules_init(&callbacks) };
}

/// # Safety (the three trampolines)
/// `host` is null or the `RuntimeState` given to `set_module_host` (alive while
/// its isolate is), and `env` is live for the call.
unsafe fn context<'a>(
    host: *mut c_void,
    env: *mut ffi::jsr_env,
) -> Option<(&'a ModuleHooks, &'a RuntimeState, Env<'a>)> {
    let hooks = HOOKS.get()?;
    if host.is_null() {
        return None;
    }
    // SAFETY: see above.
    unsafe { Some((hooks, &*(host as *const RuntimeState), Env::from_raw(env))) }
}

/// V8 passed no value where it always passes one: throw, since NULL must
/// come with an exception pending.
fn missing(env: &Env<'_>) -> ffi::jsr_value {
    if let Ok(error) = env.new_error("V8 passed an empty handle to a module callback", None) {
        env.throw(error);
    }
    std::ptr::null_mut()
}

unsafe extern "C" fn on_resolve(
    host: *mut c_void,
    env: *mut ffi::jsr_env,
    specifier: ffi::jsr_value,
    referrer: ffi::jsr_value,
) -> ffi::jsr_value {
    // SAFETY: the callback contract.
    let Some((hooks, shared, env)) = (unsafe { context(host, env) }) else { return std::ptr::null_mut() };
    let (Some(specifier), Some(referrer)) = (env.local(specifier), env.local_as::<Module>(referrer)) else {
        return missing(&env);
    };
    (hooks.resolve)(shared, &env, specifier, referrer).map_or(std::ptr::null_mut(), |m| m.raw())
}

unsafe extern "C" fn on_import(
    host: *mut c_void,
    env: *mut ffi::jsr_env,
    specifier: ffi::jsr_value,
    referrer_name: ffi::jsr_value,
) -> ffi::jsr_value {
    // SAFETY: the callback contract.
    let Some((hooks, shared, env)) = (unsafe { context(host, env) }) else { return std::ptr::null_mut() };
    let Some(specifier) = env.local(specifier) else { return missing(&env) };
    (hooks.import)(shared, &env, specifier, env.local(referrer_name)).map_or(std::ptr::null_mut(), |p| p.raw())
}

unsafe extern "C" fn on_meta(host: *mut c_void, env: *mut ffi::jsr_env, module: ffi::jsr_value, meta: ffi::jsr_value) {
    // SAFETY: the callback contract.
    let Some((hooks, shared, env)) = (unsafe { context(host, env) }) else { return };
    if let (Some(module), Some(meta)) = (env.local_as::<Module>(module), env.local(meta)) {
        (hooks.meta)(shared, &env, module, meta);
    }
}
