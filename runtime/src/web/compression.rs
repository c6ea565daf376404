//! The codecs behind `CompressionStream` and `DecompressionStream`: gzip,
//! deflate (zlib) and deflate-raw, by flate2, one stateful codec per stream.
use std::io::Write;
use std::sync::{Arc, Mutex};

use flate2::write::{DeflateDecoder, DeflateEncoder, GzDecoder, GzEncoder, ZlibDecoder, ZlibEncoder};
use flate2::Compression;

use crate::host::{HostError, HostFunction, HostOutcome};
use crate::value::{HostFn, Value};

/// A flate2 writer over a `Vec` whose output is taken after each write.
trait Codec: Send {
    fn write(&mut self, input: &[u8]) -> std::io::Result<Vec<u8>>;
    fn finish(self: Box<Self>) -> std::io::Result<Vec<u8>>;
}

macro_rules! codec {
    ($writer:ident) => {
        impl Codec for $writer<Vec<u8>> {
            fn write(&mut self, input: &[u8]) -> std::io::Result<Vec<u8>> {
                self.write_all(input)?;
                self.flush()?;
                Ok(std::mem::take(self.get_mut()))
            }
            fn finish(self: Box<Self>) -> std::io::Result<Vec<u8>> {
                (*self).finish()
            }
        }
    };
}
codec!(GzEncoder);
codec!(ZlibEncoder);
codec!(DeflateEncoder);
codec!(GzDecoder);
codec!(ZlibDecoder);
codec!(DeflateDecoder);

fn make(format: &str, compress: bool) -> Option<Box<dyn Codec>> {
    let level = Compression::default();
    Some(match (format, compress) {
        ("gzip", true) => Box::new(GzEncoder::new(Vec::new(), level)),
        ("deflate", true) => Box::new(ZlibEncoder::new(Vec::new(), level)),
        ("deflate-raw", true) => Box::new(DeflateEncoder::new(Vec::new(), level)),
        ("gzip", false) => Box::new(GzDecoder::new(Vec::new())),
        ("deflate", false) => Box::new(ZlibDecoder::new(Vec::new())),
        ("deflate-raw", false) => Box::new(DeflateDecoder::new(Vec::new())),
        _ => return None,
    })
}

fn failed(compress: bool, e: &std::io::Error) -> HostOutcome {
    let what = if compress { "compress" } else { "decompress" };
    HostOutcome::Throw(HostError::new("TypeError", format!("The data could not be {what}ed: {e}")))
}

/// `codec(format, compress)`: a function that takes each chunk's bytes and
/// returns the output so far, then takes null and returns the rest.
pub(super) fn codec() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let format = match args.first() {
            Some(Value::String(s)) => s.to_string_lossy(),
            _ => String::new(),
        };
        let compress = matches!(args.get(1), Some(Value::Bool(true)));
        let Some(codec) = make(&format, compress) else {
            return HostOutcome::Throw(HostError::new(
                "TypeError",
                format!("Unsupported compression format: '{format}'"),
            ));
        };
        let state = Mutex::new(Some(codec));
        let step = move |args: crate::host::Args| {
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            let out = match (args.into_iter().next(), state.as_mut()) {
                (Some(Value::Bytes(input)), Some(codec)) => codec.write(&input),
                (_, Some(_)) => match state.take() {
                    Some(codec) => codec.finish(),
                    None => Ok(Vec::new()),
                },
                (_, None) => Ok(Vec::new()),
            };
            match out {
                Ok(bytes) => HostOutcome::Return(Value::Bytes(bytes)),
                Err(e) => {
                    *state = None;
                    failed(compress, &e)
                }
            }
        };
        HostOutcome::Return(Value::Host(HostFn(Arc::new(step))))
    })
}
