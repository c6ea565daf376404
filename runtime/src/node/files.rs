//! `fs`'s reading functions, for runtimes whose `use_node_modules` was
//! given `allow_read`: the files under that directory, read only (packages
//! that read their own data or Wasm files next to their code: sql.js,
//! jsdom, uglify-js). A path must be inside the directory, and so must its
//! real path (no symlink leads out); everything else is refused as
//! resolution refuses it.
use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};
use std::time::UNIX_EPOCH;

use super::resolve::normalize;
use crate::host::{Args, HostError, HostFunction, HostOutcome};
use crate::state::RuntimeState;
use crate::value::{JsString, Value};

fn text(s: &str) -> Value {
    Value::String(JsString::from(s))
}

/// An OS error as Node names it: the code, which fs_read.js turns into Node's message.
fn os_error(error: &std::io::Error) -> HostError {
    let code = match error.raw_os_error() {
        Some(2) => "ENOENT",
        Some(13) => "EACCES",
        Some(20) => "ENOTDIR",
        Some(21) => "EISDIR",
        Some(36) => "ENAMETOOLONG",
        Some(40) => "ELOOP",
        _ if error.kind() == std::io::ErrorKind::NotFound => "ENOENT",
        _ => "EIO",
    };
    HostError::new("Error", code).with_code(code)
}

fn refused(path: &Path, root: &Path) -> HostError {
    HostError::new(
        "Error",
        format!("{} is outside the directory given to use_node_modules ({}): refused", path.display(), root.display()),
    )
    .with_code("ERR_ACCESS_DENIED")
}

/// `path` (absolute) if it and, when `follow`, its real path are under `root`;
/// without `follow`, its directory's real path must be.
fn confined(root: &Path, path: &Path, follow: bool) -> Result<PathBuf, HostError> {
    let path = normalize(path);
    if !path.is_absolute() || !path.starts_with(root) {
        return Err(refused(&path, root));
    }
    let real = if follow {
        std::fs::canonicalize(&path).map_err(|e| os_error(&e))?
    } else {
        match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => std::fs::canonicalize(parent).map_err(|e| os_error(&e))?.join(name),
            _ => path.clone(),
        }
    };
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(refused(&path, root))
    }
}

fn kind(file_type: std::fs::FileType) -> &'static str {
    if file_type.is_symlink() {
        "symlink"
    } else if file_type.is_dir() {
        "dir"
    } else if file_type.is_file() {
        "file"
    } else {
        "other"
    }
}

/// `[kind, size, mtimeMs, mode]` of a path (its link's own, unless `follow`).
fn stat(path: &Path, follow: bool) -> Result<Value, HostError> {
    let meta = if follow { std::fs::metadata(path) } else { std::fs::symlink_metadata(path) };
    let meta = meta.map_err(|e| os_error(&e))?;
    let modified =
        meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    use std::os::unix::fs::PermissionsExt;
    Ok(Value::Array(vec![
        text(kind(meta.file_type())),
        Value::Int(i64::try_from(meta.len()).unwrap_or(i64::MAX)),
        Value::Float(modified),
        Value::Int(i64::from(meta.permissions().mode())),
    ]))
}

fn readdir(path: &Path) -> Result<Value, HostError> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| os_error(&e))? {
        let entry = entry.map_err(|e| os_error(&e))?;
        let file_type = entry.file_type().map_err(|e| os_error(&e))?;
        entries.push((entry.file_name().to_string_lossy().into_owned(), kind(file_type)));
    }
    entries.sort();
    Ok(Value::Array(entries.into_iter().map(|(name, kind)| Value::Array(vec![text(&name), text(kind)])).collect()))
}

fn operation(root: &Path, op: &str, path: &Path) -> Result<Value, HostError> {
    match op {
        "read" => std::fs::read(confined(root, path, true)?).map(Value::Bytes).map_err(|e| os_error(&e)),
        "stat" => stat(&confined(root, path, true)?, true),
        "lstat" => stat(&confined(root, path, false)?, false),
        "readdir" => readdir(&confined(root, path, true)?),
        "realpath" => Ok(text(&confined(root, path, true)?.display().to_string())),
        _ => Err(HostError::new("TypeError", "files(op, path)")),
    }
}

/// `files(op, path)`: `read` (bytes), `stat`/`lstat` (`[kind, size,
/// mtimeMs, mode]`), `readdir` (`[[name, kind]…]`, sorted), `realpath`.
pub(super) fn files(shared: &Arc<RuntimeState>) -> Arc<dyn HostFunction> {
    let weak: Weak<RuntimeState> = Arc::downgrade(shared);
    Arc::new(move |args: Args| {
        let Some(shared) = weak.upgrade() else { return HostOutcome::Return(Value::Undefined) };
        let Some(config) = shared.node.config().filter(|c| c.allow_read) else {
            return HostOutcome::Throw(
                HostError::new("Error", "reading files was not allowed").with_code("ERR_ACCESS_DENIED"),
            );
        };
        let (Some(Value::String(op)), Some(Value::String(path))) = (args.first(), args.get(1)) else {
            return HostOutcome::Throw(HostError::new("TypeError", "files(op, path)"));
        };
        match operation(config.resolver.root(), &op.to_string_lossy(), Path::new(&path.to_string_lossy())) {
            Ok(value) => HostOutcome::Return(value),
            Err(error) => HostOutcome::Throw(error),
        }
    })
}
