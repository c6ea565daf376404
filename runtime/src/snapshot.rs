//! Startup snapshots: [`SnapshotBuilder`] runs set-up scripts in a fresh
//! context and serialises it; a runtime started from the blob begins with
//! that context's globals, without running the scripts again.
//!
//! V8 trusts a snapshot completely (a damaged one can abort the process), so
//! every blob carries a header of ours, checked before V8 sees the bytes:
//!
//! | bytes | field |
//! | --- | --- |
//! | 8 | magic `JSRUNSNP` |
//! | 4 | format version (little-endian u32) |
//! | 4 | CRC-32 of everything after the header |
//! | 8 | payload length (u64) |
//! | 2 | length of the V8 version string (u16) |
//! | n | V8 version string |
//! | … | V8's blob (the payload) |
//! | 4 | number of set-up scripts (u32) |
//! | … | each: failed (u8), name and source (u32 length + UTF-8 each) |
//!
//! The set-up scripts are there for when V8's blob cannot be used: all live
//! runtimes of a process must start from one snapshot (see `lineage`), so a
//! runtime whose snapshot differs from theirs starts from the built-in one
//! and runs the scripts again instead.
pub use crate::env::SnapshotStopper;
use crate::env::{Creator, Env};
use crate::error::{Error, Result};
use crate::value::Text;

const MAGIC: &[u8; 8] = b"JSRUNSNP";
const FORMAT: u32 = 2;
const FIXED: usize = 8 + 4 + 4 + 8 + 2;

fn bad(why: impl std::fmt::Display) -> Error {
    Error::Snapshot(format!("invalid snapshot: {why}"))
}

fn word<const N: usize>(b: &[u8]) -> Result<[u8; N]> {
    b.try_into().map_err(|_| bad("it is truncated"))
}

fn take<'a>(blob: &'a [u8], at: &mut usize, n: usize) -> Result<&'a [u8]> {
    let end = at.checked_add(n).filter(|e| *e <= blob.len()).ok_or_else(|| bad("it is truncated"))?;
    let part = blob.get(*at..end).ok_or_else(|| bad("it is truncated"))?;
    *at = end;
    Ok(part)
}

/// The checksum in `blob`'s header (0 if it has none): what tells
/// snapshots apart (see `lineage`).
pub(crate) fn checksum(blob: &[u8]) -> u32 {
    blob.get(12..16).and_then(|b| b.try_into().ok()).map_or(0, u32::from_le_bytes)
}

/// A set-up script a builder ran: name, source, and whether it failed.
#[derive(Debug, Clone)]
pub(crate) struct SetupScript {
    pub(crate) name: String,
    pub(crate) source: String,
    pub(crate) failed: bool,
}

/// V8's blob inside `blob`, once our header checks out.
pub(crate) fn payload(blob: &[u8]) -> Result<&[u8]> {
    parts(blob).map(|(data, _)| data)
}

/// The set-up scripts recorded in `blob` (checked as `payload` does).
pub(crate) fn scripts(blob: &[u8]) -> Result<Vec<SetupScript>> {
    let (_, mut rest) = parts(blob)?;
    let number = |rest: &mut &[u8]| -> Result<usize> {
        let mut at = 0;
        let n = u32::from_le_bytes(word(take(rest, &mut at, 4)?)?);
        *rest = rest.get(at..).unwrap_or_default();
        usize::try_from(n).map_err(|_| bad("it is truncated"))
    };
    let text = |rest: &mut &[u8], n: usize| -> Result<String> {
        let mut at = 0;
        let bytes = take(rest, &mut at, n)?;
        *rest = rest.get(at..).unwrap_or_default();
        String::from_utf8(bytes.to_vec()).map_err(|_| bad("a set-up script is not UTF-8"))
    };
    let count = number(&mut rest)?;
    let mut scripts = Vec::new();
    for _ in 0..count {
        let failed = rest.first().copied().ok_or_else(|| bad("it is truncated"))? != 0;
        rest = rest.get(1..).unwrap_or_default();
        let n = number(&mut rest)?;
        let name = text(&mut rest, n)?;
        let n = number(&mut rest)?;
        let source = text(&mut rest, n)?;
        scripts.push(SetupScript { name, source, failed });
    }
    Ok(scripts)
}

/// V8's blob and what follows it, once the header checks out.
fn parts(blob: &[u8]) -> Result<(&[u8], &[u8])> {
    let mut at = 0;
    if take(blob, &mut at, 8)? != MAGIC {
        return Err(bad("it is not a jsrun snapshot (made by SnapshotBuilder.build())"));
    }
    let format = u32::from_le_bytes(word(take(blob, &mut at, 4)?)?);
    if format != FORMAT {
        return Err(bad(format!("format {format}; this jsrun reads format {FORMAT}")));
    }
    let crc = u32::from_le_bytes(word(take(blob, &mut at, 4)?)?);
    let rest = blob.get(at..).unwrap_or_default();
    if crc32fast::hash(rest) != crc {
        return Err(bad("its checksum does not match (the bytes were damaged)"));
    }
    let len = u64::from_le_bytes(word(take(blob, &mut at, 8)?)?);
    let version_len = u16::from_le_bytes(word(take(blob, &mut at, 2)?)?);
    let version = take(blob, &mut at, usize::from(version_len))?;
    let ours = crate::platform::v8_version();
    if version != ours.as_bytes() {
        return Err(bad(format!("it was made for V8 {}, and this is V8 {ours}", String::from_utf8_lossy(version))));
    }
    let len = usize::try_from(len).map_err(|_| bad("its length does not match its header"))?;
    let data = take(blob, &mut at, len).map_err(|_| bad("its length does not match its header"))?;
    crate::platform::init();
    if !Creator::accepts(data) {
        return Err(bad("V8 rejects it"));
    }
    Ok((data, blob.get(at..).unwrap_or_default()))
}

fn wrap(v8_blob: &[u8], scripts: &[SetupScript]) -> Vec<u8> {
    let version = crate::platform::v8_version();
    let version = version.as_bytes().get(..usize::from(u16::MAX)).unwrap_or(version.as_bytes());
    let mut body = Vec::with_capacity(FIXED + version.len() + v8_blob.len());
    body.extend_from_slice(&(v8_blob.len() as u64).to_le_bytes());
    body.extend_from_slice(&(version.len() as u16).to_le_bytes());
    body.extend_from_slice(version);
    body.extend_from_slice(v8_blob);
    body.extend_from_slice(&(scripts.len() as u32).to_le_bytes());
    for script in scripts {
        body.push(u8::from(script.failed));
        for text in [&script.name, &script.source] {
            body.extend_from_slice(&(text.len() as u32).to_le_bytes());
            body.extend_from_slice(text.as_bytes());
        }
    }
    let mut out = Vec::with_capacity(16 + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Wraps the `Intl` constructors of a builder's context (see the file).
const GUARD: &str = include_str!("../js/snapshot_guard.js");
/// Runs set-up scripts in a context of its own and serialises it. Any
/// thread may use it (its isolate is entered for each call), one at a time.
pub struct SnapshotBuilder {
    creator: Creator,
    built: bool,
    /// What ran, for runtimes that cannot use V8's blob (see the module docs).
    scripts: Vec<SetupScript>,
}

impl SnapshotBuilder {
    /// A builder whose context has what a default runtime's has: V8's own
    /// snapshot and the polyfills, run at once (a snapshot cannot hold
    /// their stubs; see `polyfills`). What they added that the engine
    /// provides itself in a runtime's context is taken back (see
    /// `js/polyfill_diff.js`).
    pub fn new() -> Result<SnapshotBuilder> {
        let builder = SnapshotBuilder::with(|env| {
            let diff = env.run_script(Text::Utf8(&crate::polyfills::diff_source()), Some("jsrun:polyfill-diff"))?;
            env.set(env.global(), env.new_string(&"__jsrunPolyfillDiff".into())?, diff)?;
            env.run_script(Text::Utf8("__jsrunPolyfillDiff.record()"), Some("jsrun:polyfill-diff"))?;
            crate::polyfills::run_all(env)
        })?;
        let added = builder.enter(|env| {
            let pairs =
                env.run_script(Text::Utf8("JSON.stringify(__jsrunPolyfillDiff.added())"), Some("jsrun:polyfill-diff"))?;
            Ok::<_, Error>(env.string(pairs).to_string_lossy())
        })??;
        let native = crate::polyfills::native_among(&added)?;
        builder.enter(|env| {
            let remove = format!("__jsrunPolyfillDiff.remove({native}); delete globalThis.__jsrunPolyfillDiff;");
            env.run_script(Text::Utf8(&remove), Some("jsrun:polyfill-diff")).map(|_| ())
        })??;
        Ok(builder)
    }

    fn with(setup: impl FnOnce(&Env<'_>) -> Result<()>) -> Result<SnapshotBuilder> {
        crate::fork::check()?;
        crate::platform::init();
        let builder = SnapshotBuilder { creator: Creator::new()?, built: false, scripts: Vec::new() };
        builder.enter(|env| {
            setup(env)?;
            env.run_script(Text::Utf8(GUARD), Some("jsrun:snapshot-guard")).map(|_| ())
        })??;
        Ok(builder)
    }

    fn enter<R>(&self, f: impl FnOnce(&Env<'_>) -> R) -> Result<R> {
        if self.built {
            return Err(Error::Snapshot("Snapshot already built".into()));
        }
        self.creator.enter(f)
    }

    /// Runs a classic script named `name` in the snapshot's context. A
    /// script stopped by its [`SnapshotStopper`] fails with `Terminated`, and
    /// the builder stays usable.
    pub fn execute_script(&mut self, name: &str, source: &str) -> Result<()> {
        let ran = self.enter(|env| {
            let ran = env.run_script(Text::Utf8(source), Some(name)).and_then(|_| env.run_microtasks());
            if matches!(ran, Err(Error::Terminated)) {
                env.cancel_terminate();
            }
            ran
        })?;
        // A stopped script is not run again; a failed one is (its effects
        // before the throw are in the snapshot).
        if !matches!(ran, Err(Error::Terminated)) {
            self.scripts.push(SetupScript { name: name.into(), source: source.into(), failed: ran.is_err() });
        }
        ran
    }

    /// A handle that stops the script running in this builder, from any
    /// thread, while the builder lives.
    pub fn stopper(&self) -> SnapshotStopper {
        self.creator.stopper()
    }

    /// The snapshot, with jsrun's header. The builder is spent afterwards.
    pub fn build(&mut self) -> Result<Vec<u8>> {
        let alive = self.enter(|env| {
            env.run_microtasks()?; // lets WeakRefs made in the last job go
            env.collect_garbage();
            let finish = env.run_script(Text::Utf8("__jsrunSnapshotGuard.finish()"), Some("jsrun:snapshot-guard"))?;
            Ok::<_, Error>(env.string(finish).to_string_lossy())
        })??;
        self.built = true;
        if !alive.is_empty() {
            return Err(Error::Snapshot(format!(
                "the snapshot's context holds a live {alive}, which V8 cannot serialise: create Intl \
                 objects when first needed at runtime (inside a function), not in set-up scripts"
            )));
        }
        Ok(wrap(&self.creator.build()?, &self.scripts))
    }
}
