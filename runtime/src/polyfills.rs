//! The ECMAScript library features this V8 lacks, from core-js: the modules
//! this engine needs, bundled by `runtime/js/build.mjs` into one script whose
//! value maps each module's name to a function that runs it. A runtime gets
//! a *stub* for each missing feature (a property that V8 reports as a data
//! property, on the object the feature belongs to); the first read of one
//! runs the script (once per runtime) and the feature's module, which
//! replaces the module's stubs with the real features. So `Runtime()` costs
//! what V8's own snapshot costs plus ~70 stubs (V8 10.2), and a runtime pays only for
//! the modules it uses.
//!
//! Which stubs a module needs (its features, by target and name) is found by
//! running each module in a bare runtime and seeing what it added: once per
//! process, or read from a file made at build time (`use_file`).
//! Snapshot builders run every module at once (`run_all`): a snapshot cannot
//! hold stubs, whose callbacks are this process's code.
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use crate::env::{Env, Global, Kind, Local};
use crate::error::{Error, Result};
use crate::state::{lock, RuntimeState};
use crate::value::{JsString, Text, Value};

/// This engine's core-js bundle, with a line naming its modules in order.
const BUNDLE: &str = include_str!(concat!(env!("OUT_DIR"), "/polyfills.js"));
const MARKER: &str = "//# jsrun-polyfill-modules ";
/// `targets()`: the objects features are added to, by name.
const TARGETS: &str = include_str!("../js/polyfill_targets.js");
/// Finds what a script added to the targets (see the file).
const DIFF: &str = include_str!("../js/polyfill_diff.js");

/// A script whose value is the diff object over `targets()`.
pub(crate) fn diff_source() -> String {
    format!("({})({})", DIFF.trim_end(), TARGETS.trim_end())
}

/// The bundle's modules (each a group of features run together), in order.
pub(crate) fn groups() -> &'static [&'static str] {
    static GROUPS: OnceLock<Vec<&'static str>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let line = BUNDLE.lines().find_map(|l| l.strip_prefix(MARKER)).unwrap_or_default();
        line.split_whitespace().collect()
    })
}

/// What each group adds that can be stubbed: `[target, name]`, or
/// `[target, name, kind]` for an accessor property ("getter", or
/// "accessor" with a setter too). The file a build writes (`build`) holds
/// it with what it was found for.
struct Manifest {
    v8: String,
    bundle: u32,
    groups: Vec<(String, Vec<Feature>)>,
}

/// One feature a group adds.
struct Feature {
    target: String,
    key: String,
    kind: StubKind,
}

/// What kind of property a feature is, and so its stub (the bridge's
/// `accessor` argument: 0, 1 or 2).
#[derive(Clone, Copy, PartialEq, Eq)]
enum StubKind {
    Data = 0,
    Getter = 1,
    Accessor = 2,
}

/// The manifest's layout: a file of another is made again.
const FORMAT: u64 = 2;

impl Feature {
    fn from_json(json: &serde_json::Value) -> Option<Feature> {
        let part = |at: usize| json.get(at).and_then(|p| p.as_str());
        let kind = match part(2) {
            None => StubKind::Data,
            Some("getter") => StubKind::Getter,
            Some("accessor") => StubKind::Accessor,
            Some(_) => return None,
        };
        Some(Feature { target: part(0)?.to_owned(), key: part(1)?.to_owned(), kind })
    }

    fn to_json(&self) -> serde_json::Value {
        match self.kind {
            StubKind::Data => serde_json::json!([self.target, self.key]),
            StubKind::Getter => serde_json::json!([self.target, self.key, "getter"]),
            StubKind::Accessor => serde_json::json!([self.target, self.key, "accessor"]),
        }
    }
}

impl Manifest {
    fn to_json(&self) -> serde_json::Value {
        let groups: Vec<_> = self
            .groups
            .iter()
            .map(|(name, features)| {
                serde_json::json!([name, features.iter().map(Feature::to_json).collect::<Vec<_>>()])
            })
            .collect();
        serde_json::json!({ "format": FORMAT, "v8": self.v8, "bundle": self.bundle, "groups": groups })
    }

    fn from_json(json: &serde_json::Value) -> Option<Manifest> {
        if json.get("format")?.as_u64()? != FORMAT {
            return None;
        }
        let group = |g: &serde_json::Value| {
            let features = g.get(1)?.as_array()?.iter().map(Feature::from_json).collect::<Option<Vec<_>>>()?;
            Some((g.get(0)?.as_str()?.to_owned(), features))
        };
        Some(Manifest {
            v8: json.get("v8")?.as_str()?.to_owned(),
            bundle: u32::try_from(json.get("bundle")?.as_u64()?).ok()?,
            groups: json.get("groups")?.as_array()?.iter().map(group).collect::<Option<Vec<_>>>()?,
        })
    }
}

/// The features of one kind one module adds to one target.
struct Slot {
    group: usize,
    kind: StubKind,
    names: Vec<String>,
}

/// The stubs a runtime gets: for each target, by name, its slots.
struct Plan {
    targets: Vec<(String, Vec<Slot>)>,
}

static FILE: OnceLock<PathBuf> = OnceLock::new();
static PLAN: OnceLock<std::result::Result<Plan, String>> = OnceLock::new();

/// Where a file made by [`build`] may be (ignored if absent or made for
/// another V8 or bundle). Only the first call counts, before the first runtime.
pub fn use_file(path: PathBuf) {
    let _ = FILE.set(path);
}

/// The stub manifest of this V8 and bundle, as JSON, for `use_file`.
pub fn build() -> Result<Vec<u8>> {
    serde_json::to_vec(&find()?.to_json())
        .map_err(|e| Error::Internal(format!("cannot write the polyfill manifest: {e}")))
}

/// Runs each group in a bare runtime and records what it added.
fn find() -> Result<Manifest> {
    let options = crate::RuntimeOptions { polyfills: false, web_apis: false, ..Default::default() };
    let rt = crate::Runtime::new(options)?;
    let found = (|| {
        let diff = format!("globalThis.__jsrunPolyfillDiff = {}; undefined", diff_source());
        rt.eval_named(Text::Utf8(&diff), "jsrun:polyfill-diff")?;
        let modules = format!("globalThis.__jsrunPolyfills = {}; undefined", BUNDLE.trim_end());
        rt.eval_named(Text::Utf8(&modules), "jsrun:polyfills")?;
        let mut found = Vec::new();
        for group in groups() {
            rt.eval_named(Text::Utf8("__jsrunPolyfillDiff.record()"), "jsrun:polyfill-diff")?;
            rt.eval_named(Text::Utf8(&format!("__jsrunPolyfills[{group:?}]()")), "jsrun:polyfill-diff")?;
            let added =
                rt.eval_named(Text::Utf8("JSON.stringify(__jsrunPolyfillDiff.added())"), "jsrun:polyfill-diff")?;
            let Value::String(added) = added else {
                return Err(Error::Internal(format!("the polyfill diff returned {added:?}")));
            };
            let added: Vec<serde_json::Value> = serde_json::from_str(&added.to_string_lossy())
                .map_err(|e| Error::Internal(format!("the polyfill diff returned bad JSON: {e}")))?;
            let features = added
                .iter()
                .map(Feature::from_json)
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| Error::Internal(format!("the polyfill diff returned {added:?}")))?;
            // Symbol-keyed features come with their group (their symbols
            // are stubs or natives no one looks a feature up by); core-js's
            // own store is not a feature.
            let features = features.into_iter().filter(|f| !f.key.starts_with("@@") && !f.key.starts_with("__core-js"));
            found.push((group.to_string(), features.collect()));
        }
        Ok(Manifest { v8: crate::platform::v8_version(), bundle: crc32fast::hash(BUNDLE.as_bytes()), groups: found })
    })();
    rt.close();
    found
}

fn from_file() -> Option<Manifest> {
    let bytes = std::fs::read(FILE.get()?).ok()?;
    let manifest = Manifest::from_json(&serde_json::from_slice(&bytes).ok()?)?;
    let same = manifest.v8 == crate::platform::v8_version()
        && manifest.bundle == crc32fast::hash(BUNDLE.as_bytes())
        && manifest.groups.iter().map(|(name, _)| name.as_str()).eq(groups().iter().copied());
    same.then_some(manifest)
}

/// Finds (once per process) which stubs a runtime gets.
pub(crate) fn prepare() -> Result<()> {
    plan().map(|_| ())
}

fn plan() -> Result<&'static Plan> {
    let made = PLAN.get_or_init(|| {
        let manifest = match from_file() {
            Some(manifest) => manifest,
            None => find().map_err(|e| e.to_string())?,
        };
        let mut targets: Vec<(String, Vec<Slot>)> = Vec::new();
        for (group, (_, features)) in manifest.groups.into_iter().enumerate() {
            for Feature { target, key, kind } in features {
                if !targets.iter().any(|(name, _)| *name == target) {
                    targets.push((target.clone(), Vec::new()));
                }
                let Some((_, slots)) = targets.iter_mut().find(|(name, _)| *name == target) else { continue };
                match slots.iter_mut().find(|slot| slot.group == group && slot.kind == kind) {
                    Some(slot) => slot.names.push(key),
                    None => slots.push(Slot { group, kind, names: vec![key] }),
                }
            }
        }
        Ok(Plan { targets })
    });
    made.as_ref().map_err(|e| Error::Internal(format!("cannot find what the polyfills add: {e}")))
}

/// A runtime's polyfill state: the bundle's value once run, which modules
/// ran, and its stubs' entries.
#[derive(Default)]
pub(crate) struct Polyfills {
    modules: OnceLock<Global>,
    ran: Mutex<Vec<bool>>,
    /// Plan targets absent when the runtime was made.
    absent: Mutex<Vec<usize>>,
    /// V8 holds pointers to the entries: they must not move (freed after the isolate).
    #[allow(clippy::vec_box)]
    entries: Mutex<Vec<Box<StubEntry>>>,
}

/// What the stubs of one group on one target share.
pub(crate) struct StubEntry {
    shared: Weak<RuntimeState>,
    group: usize,
    target: Global,
    names: &'static [String],
    /// Accessor stubs (their features are accessor properties).
    accessor: bool,
    /// Set while its group runs from one of its stubs (a stub that cannot be
    /// removed, on a frozen target, then reads as undefined).
    busy: AtomicBool,
}

/// Gives this runtime a stub for each feature its engine lacks, and
/// `Atomics.pause` (see `define_atomics_pause`).
pub(crate) fn define(env: &Env<'_>, shared: &Arc<RuntimeState>) -> Result<()> {
    let plan = plan()?;
    // All targets first: reading one (`Iterator`) must not run a stub.
    let mut script = None; // polyfill_targets.js, run only for a name `target` does not know
    let mut targets = Vec::with_capacity(plan.targets.len());
    for (name, _) in &plan.targets {
        let found = match target(env, name)? {
            Some(found) => found,
            None => {
                let all = match script {
                    Some(all) => all,
                    None => {
                        let source = crate::intrinsics::script(shared, TARGETS, "jsrun:polyfill-targets");
                        let made = crate::code_cache::run(env, &source, "jsrun:polyfill-targets")?;
                        *script.insert(env.call_function(made, None, &[])?)
                    }
                };
                env.get_named(all, name)?
            }
        };
        targets.push(found);
    }
    for (at, target) in targets.into_iter().enumerate() {
        if is_object(env, target) {
            stub(env, shared, at, target)?;
        } else {
            // Absent until a module makes it (`Iterator` on V8 10.2): its
            // features get their stubs then (see `install`).
            lock(&shared.helpers.polyfills.absent).push(at);
        }
    }
    define_atomics_pause(env, shared)
}

/// Defines the stubs of plan target `at` (`target`) for modules not run yet.
fn stub<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, at: usize, target: Local<'e>) -> Result<()> {
    let plan = plan()?;
    let Some((_, slots)) = plan.targets.get(at) else { return Ok(()) };
    for Slot { group, kind, names } in slots {
        if lock(&shared.helpers.polyfills.ran).get(*group).copied().unwrap_or(false) {
            continue;
        }
        let entry = Box::new(StubEntry {
            shared: Arc::downgrade(shared),
            group: *group,
            target: env.new_global(target),
            names,
            accessor: *kind != StubKind::Data,
            busy: AtomicBool::new(false),
        });
        let data = &*entry as *const StubEntry as *mut std::ffi::c_void;
        lock(&shared.helpers.polyfills.entries).push(entry);
        for key in names.iter() {
            env.define_stub(target, env.new_string(&JsString::from(key.as_str()))?, data, *kind as i32)?;
        }
    }
    Ok(())
}

/// The object polyfill_targets.js calls `name`, found without running JS
/// (a script costs ~0.1 ms a runtime); None for a name it does not know.
fn target<'e>(env: &Env<'e>, name: &str) -> Result<Option<Local<'e>>> {
    // Each step only from an object (a global may be missing on some engine).
    let get = |v: Local<'e>, key: &str| if is_object(env, v) { env.get_named(v, key) } else { Ok(env.undefined()) };
    let proto =
        |v: Local<'e>| if is_object(env, v) { env.prototype_of(v) } else { None }.unwrap_or_else(|| env.undefined());
    let global = env.global();
    Ok(Some(match name {
        "globalThis" => global,
        "TypedArray" => proto(get(global, "Int8Array")?),
        "TypedArray.prototype" => proto(get(get(global, "Int8Array")?, "prototype")?),
        "IteratorPrototype" => {
            let values = get(get(get(global, "Array")?, "prototype")?, "values")?;
            if env.kind(values) != Kind::Function {
                return Ok(None);
            }
            proto(proto(env.call_function(values, Some(env.new_array(0)?), &[])?))
        }
        "AsyncIterator.prototype" => return Ok(None),
        _ => match name.strip_suffix(".prototype") {
            Some(owner) => get(get(global, owner)?, "prototype")?,
            None => get(global, name)?,
        },
    }))
}

/// True for an object of any kind (features can only be added to those).
fn is_object(env: &Env<'_>, v: Local<'_>) -> bool {
    use Kind::*;
    !matches!(env.kind(v), Undefined | Null | True | False | Int32 | Number | BigInt | String | Symbol)
}

/// Runs group `group` in this runtime unless it ran: its stubs go first, so
/// that core-js sees its features missing.
fn install(env: &Env<'_>, shared: &Arc<RuntimeState>, group: usize) -> Result<()> {
    {
        let mut ran = lock(&shared.helpers.polyfills.ran);
        if ran.len() <= group {
            ran.resize(group + 1, false);
        }
        if ran.get_mut(group).is_none_or(|done| std::mem::replace(done, true)) {
            return Ok(());
        }
    }
    let mut stubs = Vec::new();
    for entry in lock(&shared.helpers.polyfills.entries).iter().filter(|e| e.group == group) {
        // SAFETY: the handle belongs to this isolate, which is entered.
        stubs.push((unsafe { env.global_value(&entry.target) }, entry.names));
    }
    for (target, names) in stubs {
        for key in names {
            env.unstub(target, env.new_string(&JsString::from(key.as_str()))?, None)?;
        }
    }
    let name = groups().get(group).ok_or_else(|| Error::Internal(format!("no polyfill module {group}")))?;
    let modules = match shared.helpers.polyfills.modules.get() {
        // SAFETY: the handle belongs to this isolate, which is entered.
        Some(made) => unsafe { env.global_value(made) },
        None => {
            let source = crate::intrinsics::script(shared, BUNDLE, "jsrun:polyfills");
            let made = crate::code_cache::run(env, &source, "jsrun:polyfills")?;
            let _ = shared.helpers.polyfills.modules.set(env.new_global(made));
            made
        }
    };
    env.call_function(env.get_named(modules, name)?, None, &[])?;
    // Targets this module made (a global, e.g. `Iterator`) get their stubs.
    let plan = plan()?;
    let made: Vec<&str> = plan
        .targets
        .iter()
        .filter(|(target, _)| target == "globalThis")
        .flat_map(|(_, slots)| slots.iter().filter(|slot| slot.group == group).flat_map(|slot| slot.names.iter()))
        .map(String::as_str)
        .collect();
    let waiting: Vec<usize> = lock(&shared.helpers.polyfills.absent).clone();
    for at in waiting {
        let Some((target_name, _)) = plan.targets.get(at) else { continue };
        let owner = target_name.split('.').next().unwrap_or_default();
        if !made.contains(&owner) {
            continue;
        }
        if let Some(target) = target(env, target_name)?.filter(|t| is_object(env, *t)) {
            lock(&shared.helpers.polyfills.absent).retain(|a| *a != at);
            stub(env, shared, at, target)?;
        }
    }
    Ok(())
}

/// Runs the groups of `target`'s accessor stubs, with the first read of one
/// of its data stubs. Reading an accessor's descriptor calls nothing, so
/// code that reads every descriptor of an object and then freezes it (SES's
/// `lockdown()`) would otherwise leave an accessor stub on a frozen object,
/// where its group can no longer replace it.
fn install_accessors<'e>(env: &Env<'e>, shared: &Arc<RuntimeState>, target: Local<'e>) -> Result<()> {
    let mut groups = Vec::new();
    for entry in lock(&shared.helpers.polyfills.entries).iter().filter(|e| e.accessor) {
        // SAFETY: the handle belongs to this isolate, which is entered.
        if env.strict_equals(unsafe { env.global_value(&entry.target) }, target) {
            groups.push(entry.group);
        }
    }
    groups.into_iter().try_for_each(|group| install(env, shared, group))
}

/// Runs every module, for a context without stubs (a snapshot builder's).
pub(crate) fn run_all(env: &Env<'_>) -> Result<()> {
    let modules = env
        .run_script(Text::Utf8(&crate::inspector::ignore_listed(BUNDLE, "jsrun:polyfills")), Some("jsrun:polyfills"))?;
    for name in groups() {
        env.call_function(env.get_named(modules, name)?, None, &[])?;
    }
    Ok(())
}

/// A read (`value` None) or write of a stub. A read runs the stub's group
/// and reads the feature through `receiver`; a write makes the property a
/// plain one (on the target, or on the receiver it was written through).
/// None comes with an exception thrown.
///
/// # Safety
/// `data` is a `StubEntry` pointer given to `define_stub` (alive until the
/// runtime's state is dropped, after its isolate).
pub(crate) unsafe fn dispatch<'e>(
    data: *mut std::ffi::c_void,
    env: &Env<'e>,
    name: Option<Local<'e>>,
    receiver: Option<Local<'e>>,
    value: Option<Local<'e>>,
) -> Option<Local<'e>> {
    // SAFETY: see the function's contract.
    let entry = unsafe { &*(data as *const StubEntry) };
    let done = catch_unwind(AssertUnwindSafe(|| -> Result<Option<Local<'e>>> {
        let (Some(shared), Some(name), Some(receiver)) = (entry.shared.upgrade(), name, receiver) else {
            return Ok(None);
        };
        // SAFETY: the handle belongs to this isolate, which is entered.
        let target = unsafe { env.global_value(&entry.target) };
        if let (Some(value), true) = (value, entry.accessor) {
            // The feature's own setter, once its group ran (a stub left on a
            // frozen target would call itself again: the write is dropped).
            if entry.busy.swap(true, Ordering::AcqRel) {
                return Ok(Some(value));
            }
            let written = install(env, &shared, entry.group).and_then(|_| env.set(receiver, name, value));
            entry.busy.store(false, Ordering::Release);
            written?;
            return Ok(Some(value));
        }
        if let Some(value) = value {
            if env.strict_equals(receiver, target) {
                env.unstub(target, name, Some(value))?;
            } else {
                env.define(receiver, name, value)?;
            }
            return Ok(Some(value));
        }
        if entry.busy.swap(true, Ordering::AcqRel) {
            return Ok(Some(env.undefined()));
        }
        let read = install(env, &shared, entry.group)
            .and_then(|_| if entry.accessor { Ok(()) } else { install_accessors(env, &shared, target) })
            .and_then(|_| env.get(receiver, name));
        entry.busy.store(false, Ordering::Release);
        read.map(Some)
    }));
    crate::host::value_or_throw(env, done, "the runtime behind this feature is gone", "polyfills")
}

/// Which of `pairs` (JSON `[[target, key]…]` that the polyfills added) a
/// plain runtime of this V8 has natively, as JSON: what the engine installs
/// when it makes a runtime's context but not a snapshot builder's (features
/// behind its shipping flags). Asked once per process.
pub(crate) fn native_among(pairs: &str) -> Result<String> {
    static FOUND: Mutex<Option<(String, String)>> = Mutex::new(None);
    let mut found = FOUND.lock().unwrap_or_else(|p| p.into_inner());
    match found.as_ref() {
        Some((asked, answer)) if asked == pairs => return Ok(answer.clone()),
        _ => {}
    }
    let answer = ask_native_among(pairs)?;
    *found = Some((pairs.to_owned(), answer.clone()));
    Ok(answer)
}

fn ask_native_among(pairs: &str) -> Result<String> {
    let options = crate::RuntimeOptions { polyfills: false, web_apis: false, ..Default::default() };
    let rt = crate::Runtime::new(options)?;
    let script = format!("JSON.stringify({}.has({pairs}))", diff_source());
    let found = rt.eval_named(Text::Utf8(&script), "jsrun:polyfill-diff");
    rt.close();
    match found? {
        Value::String(s) => Ok(s.to_string_lossy()),
        other => Err(Error::Internal(format!("the polyfill check returned {other:?}"))),
    }
}

/// `Atomics.pause` (ES2026) where the engine lacks it. V8 leaves `Atomics`
/// out of a snapshot's context, so it is defined per runtime, made on first use.
const ATOMICS_PAUSE: &str = include_str!("../js/atomics_pause.js");

fn define_atomics_pause(env: &Env<'_>, shared: &Arc<RuntimeState>) -> Result<()> {
    let atomics = env.get(env.global(), env.new_string(&JsString::from("Atomics"))?)?;
    if env.kind(atomics) != Kind::Object {
        return Ok(());
    }
    let pause = env.get(atomics, env.new_string(&JsString::from("pause"))?)?;
    if env.kind(pause) != Kind::Undefined {
        return Ok(());
    }
    crate::lazy::define_on(
        env,
        shared,
        atomics,
        &["pause"],
        false,
        Box::new(|env, shared| {
            let source = crate::intrinsics::script(shared, ATOMICS_PAUSE, "jsrun:atomics-pause");
            env.run_script(Text::Utf8(&source), Some("jsrun:atomics-pause"))
        }),
    )
}

/// The globals this engine lacks that the polyfills make (`Iterator`,
/// `DisposableStack`…), when this process planned them: what a node:vm
/// context may need beside the engine's own built-ins.
pub(crate) fn vm_globals() -> Vec<&'static str> {
    let Some(Ok(plan)) = PLAN.get() else { return Vec::new() };
    let Some((_, slots)) = plan.targets.iter().find(|(name, _)| name == "globalThis") else { return Vec::new() };
    slots.iter().flat_map(|slot| slot.names.iter().map(String::as_str)).collect()
}

/// A script that runs, in a node:vm context, the polyfill modules making
/// `names` (some of `vm_globals`): None when there are none. Made once per
/// set of names (it holds the whole bundle).
pub(crate) fn vm_setup(names: &[String]) -> Option<Arc<str>> {
    /// Each set of names asked for, and its script.
    type Made = Vec<(Vec<String>, Option<Arc<str>>)>;
    static MADE: Mutex<Made> = Mutex::new(Vec::new());
    if let Some((_, made)) = lock(&MADE).iter().find(|(for_names, _)| for_names == names) {
        return made.clone();
    }
    let made = setup_for(names).map(Arc::from);
    lock(&MADE).push((names.to_vec(), made.clone()));
    made
}

fn setup_for(names: &[String]) -> Option<String> {
    let Some(Ok(plan)) = PLAN.get() else { return None };
    let (_, slots) = plan.targets.iter().find(|(name, _)| name == "globalThis")?;
    let mut wanted: Vec<&str> = Vec::new();
    for slot in slots.iter().filter(|slot| slot.names.iter().any(|n| names.contains(n))) {
        let group = *groups().get(slot.group)?;
        if !wanted.contains(&group) {
            wanted.push(group);
        }
    }
    if wanted.is_empty() {
        return None;
    }
    let list = serde_json::to_string(&wanted).ok()?;
    Some(format!(
        "(() => {{ const modules = {};\nfor (const name of {list}) modules[name](); }})();",
        BUNDLE.trim_end()
    ))
}
