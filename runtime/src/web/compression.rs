//! The codecs behind `CompressionStream` and `DecompressionStream` (and
//! `node:zlib`): gzip, deflate (zlib) and deflate-raw, by flate2, one
//! stateful codec per stream.
use std::io::Write;
use std::sync::{Arc, Mutex};

use flate2::write::{DeflateDecoder, DeflateEncoder, GzDecoder, GzEncoder, MultiGzDecoder, ZlibDecoder, ZlibEncoder};
use flate2::Compression;

use crate::host::{HostError, HostFunction, HostOutcome};
use crate::value::{HostFn, Value};

/// A flate2 writer over a `Vec` whose output is taken after each write
/// (`flush`: with all of the input's output, as a sync flush gives it).
trait Codec: Send {
    fn write(&mut self, input: &[u8], flush: bool) -> std::io::Result<Vec<u8>>;
    fn finish(self: Box<Self>) -> std::io::Result<Vec<u8>>;
}

macro_rules! codec {
    ($writer:ident) => {
        impl Codec for $writer<Vec<u8>> {
            fn write(&mut self, input: &[u8], flush: bool) -> std::io::Result<Vec<u8>> {
                self.write_all(input)?;
                if flush {
                    self.flush()?;
                }
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
codec!(MultiGzDecoder);
codec!(ZlibDecoder);
codec!(DeflateDecoder);

/// `gzip-members`: gzip read to the end of its last member, as Node's
/// gunzip reads (the web's reads one).
fn make(format: &str, compress: bool, level: Compression) -> Option<Box<dyn Codec>> {
    Some(match (format, compress) {
        // The header's operating system is Unix's, as zlib writes it here (not "unknown").
        ("gzip", true) => Box::new(flate2::GzBuilder::new().operating_system(3).write(Vec::new(), level)),
        ("deflate", true) => Box::new(ZlibEncoder::new(Vec::new(), level)),
        ("deflate-raw", true) => Box::new(DeflateEncoder::new(Vec::new(), level)),
        ("gzip", false) => Box::new(GzDecoder::new(Vec::new())),
        ("gzip-members", false) => Box::new(MultiGzDecoder::new(Vec::new())),
        ("deflate", false) => Box::new(ZlibDecoder::new(Vec::new())),
        ("deflate-raw", false) => Box::new(DeflateDecoder::new(Vec::new())),
        _ => return None,
    })
}

fn failed(compress: bool, e: &std::io::Error) -> HostOutcome {
    let what = if compress { "compress" } else { "decompress" };
    HostOutcome::Throw(HostError::new("TypeError", format!("The data could not be {what}ed: {e}")))
}

/// `codec(format, compress, level?, flush?)`: a function that takes each
/// chunk's bytes and returns the output so far, then takes null and returns
/// the rest. `level`: 0 to 9 (zlib's), the default otherwise; `flush`
/// false: no sync flush after each chunk (node:zlib's output, byte for byte,
/// where the web's streams flush each chunk through).
pub(crate) fn codec() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let format = match args.first() {
            Some(Value::String(s)) => s.to_string_lossy(),
            _ => String::new(),
        };
        let compress = matches!(args.get(1), Some(Value::Bool(true)));
        let level = match args.get(2) {
            Some(Value::Int(n)) if (0..=9).contains(n) => Compression::new(*n as u32),
            _ => Compression::default(),
        };
        let flush = !matches!(args.get(3), Some(Value::Bool(false)));
        let Some(codec) = make(&format, compress, level) else {
            return HostOutcome::Throw(HostError::new(
                "TypeError",
                format!("Unsupported compression format: '{format}'"),
            ));
        };
        let state = Mutex::new(Some(codec));
        let step = move |args: crate::host::Args| {
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            let out = match (args.into_iter().next(), state.as_mut()) {
                (Some(Value::Bytes(input)), Some(codec)) => codec.write(&input, flush),
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
