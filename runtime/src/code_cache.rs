//! V8 code caches of jsrun's own scripts, shared by the runtimes of a
//! process: the first runtime to run a script compiles it and keeps V8's
//! cache of what it compiled; the next ones skip the parse (the Streams
//! Standard's 63 KB: 2.4 ms of a 2.7 ms first use, measured).
//!
//! A cache refers to the read-only heap by position, as a snapshot does
//! (see `lineage`): one made while the process's runtimes started from one
//! snapshot crashes V8 in a runtime started from another (measured: the
//! fetch group's, made by a default runtime, read by one started from a
//! user snapshot). So caches are kept per snapshot.
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use crate::env::{Env, Local};
use crate::error::Result;
use crate::lineage::Origin;

type Key = (String, u64, Option<Origin>);
type Caches = Mutex<HashMap<Key, Arc<Vec<u8>>>>;

fn caches() -> &'static Caches {
    static CACHES: OnceLock<Caches> = OnceLock::new();
    CACHES.get_or_init(Caches::default)
}

/// `name`, the source's hash, and the snapshot the live runtimes (the caller's among them) started from.
fn key(source: &str, name: &str) -> Key {
    let mut hasher = DefaultHasher::new();
    source.hash(&mut hasher);
    (name.to_owned(), hasher.finish(), crate::lineage::live())
}

/// The cache kept for `source` named `name`, if any.
pub(crate) fn lookup(source: &str, name: &str) -> Option<Arc<Vec<u8>>> {
    caches().lock().unwrap_or_else(|p| p.into_inner()).get(&key(source, name)).cloned()
}

/// Keeps `cache` for `source` named `name`, for the process's next runtimes.
pub(crate) fn store(source: &str, name: &str, cache: Vec<u8>) {
    caches().lock().unwrap_or_else(|p| p.into_inner()).insert(key(source, name), Arc::new(cache));
}

/// Runs jsrun's script `source`, named `name`, through the process's cache.
pub(crate) fn run<'e>(env: &Env<'e>, source: &str, name: &str) -> Result<Local<'e>> {
    let key = key(source, name);
    let cached = caches().lock().unwrap_or_else(|p| p.into_inner()).get(&key).cloned();
    let (value, made) = env.run_script_cached(source, name, cached.as_deref().map(Vec::as_slice))?;
    if let Some(made) = made {
        caches().lock().unwrap_or_else(|p| p.into_inner()).insert(key, Arc::new(made));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Runtime, RuntimeOptions};

    const SOURCE: &str = "(function () { const f = (n) => n * 2; return f(21); })()";

    #[test]
    fn a_second_runtime_runs_the_script_from_the_first_ones_cache() {
        let first = Runtime::new(RuntimeOptions::default()).unwrap();
        let value = first.shared().call(|env| run(env, SOURCE, "jsrun:test").map(|v| env.int32(v))).unwrap();
        assert_eq!(value, 42);
        let key = caches().lock().unwrap().keys().find(|(name, _, _)| name == "jsrun:test").cloned().unwrap();
        let cache = caches().lock().unwrap().get(&key).cloned().unwrap();
        let second = Runtime::new(RuntimeOptions::default()).unwrap();
        // V8 accepts the cache: no new one is made, and the value is the same.
        let (value, made) = second
            .shared()
            .call(|env| env.run_script_cached(SOURCE, "jsrun:test", Some(&cache)).map(|(v, m)| (env.int32(v), m)))
            .unwrap();
        assert_eq!((value, made.is_none()), (42, true));
        // A cache of another source is rejected, and a fresh one made.
        let remade = second
            .shared()
            .call(|env| env.run_script_cached("1 + 1", "jsrun:test", Some(&cache)).map(|(_, m)| m))
            .unwrap();
        assert!(remade.is_some());
        first.close();
        second.close();
    }
}
