//! The codecs behind `CompressionStream` and `DecompressionStream` (and
//! `node:zlib`): gzip, deflate (zlib) and deflate-raw, by flate2, and
//! node:zlib's Brotli, by the `brotli` crates (ports of Google's C library),
//! one stateful codec per stream.
use std::io::Write;
use std::sync::{Arc, Mutex};

use brotli::enc::backward_references::BrotliEncoderMode;
use brotli::enc::BrotliEncoderParams;
use brotli_decompressor::{BrotliDecompressStream, BrotliResult, BrotliState, StandardAlloc};
use flate2::write::{DeflateDecoder, DeflateEncoder, GzDecoder, GzEncoder, MultiGzDecoder, ZlibDecoder, ZlibEncoder};
use flate2::Compression;

use crate::host::{HostError, HostFunction, HostOutcome};
use crate::state::RuntimeState;
use crate::value::{HostFn, Value};

/// A flate2 writer over a `Vec` whose output is taken after each write
/// (`flush`: with all of the input's output, as a sync flush gives it).
trait Codec: Send {
    fn write(&mut self, input: &[u8], flush: bool) -> std::io::Result<Vec<u8>>;
    fn finish(self: Box<Self>) -> std::io::Result<Vec<u8>>;
}

macro_rules! codec {
    ($writer:ty, |$this:ident| $finish:expr) => {
        impl Codec for $writer {
            fn write(&mut self, input: &[u8], flush: bool) -> std::io::Result<Vec<u8>> {
                self.write_all(input)?;
                if flush {
                    self.flush()?;
                }
                Ok(std::mem::take(self.get_mut()))
            }
            fn finish(self: Box<Self>) -> std::io::Result<Vec<u8>> {
                let $this = *self;
                $finish
            }
        }
    };
    ($writer:ident) => {
        codec!($writer<Vec<u8>>, |writer| writer.finish());
    };
}
codec!(GzEncoder);
codec!(ZlibEncoder);
codec!(DeflateEncoder);
codec!(GzDecoder);
codec!(MultiGzDecoder);
codec!(ZlibDecoder);
codec!(DeflateDecoder);

codec!(brotli::CompressorWriter<Vec<u8>>, |writer| Ok(writer.into_inner()));

/// Brotli's decoder driven directly, for its error codes: a failure's
/// message is "<code> <name>" (-6 _ERROR_FORMAT_CL_SPACE), which node:zlib
/// reports as Node does (ERR__ERROR_FORMAT_CL_SPACE, errno -6).
struct BrotliDecoder {
    state: BrotliState<StandardAlloc, StandardAlloc, StandardAlloc>,
    finished: bool,
    /// Most output one write may give (a few bytes can stand for gigabytes).
    max: usize,
}

impl Codec for BrotliDecoder {
    fn write(&mut self, input: &[u8], _flush: bool) -> std::io::Result<Vec<u8>> {
        let mut output = Vec::new();
        let mut buffer = vec![0u8; 64 * 1024];
        let (mut available_in, mut input_offset) = (input.len(), 0);
        while !self.finished {
            let (mut available_out, mut output_offset, mut total_out) = (buffer.len(), 0, 0);
            let result = BrotliDecompressStream(
                &mut available_in,
                &mut input_offset,
                input,
                &mut available_out,
                &mut output_offset,
                &mut buffer,
                &mut total_out,
                &mut self.state,
            );
            output.extend_from_slice(buffer.get(..output_offset).unwrap_or_default());
            if output.len() > self.max {
                return Err(too_large(self.max));
            }
            match result {
                BrotliResult::NeedsMoreOutput => {}
                BrotliResult::NeedsMoreInput => break,
                BrotliResult::ResultSuccess => self.finished = true,
                BrotliResult::ResultFailure => {
                    let code = self.state.error_code;
                    let name = format!("{code:?}");
                    let name = name.strip_prefix("BROTLI_DECODER").unwrap_or(&name);
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("{} {name}", code as i32),
                    ));
                }
            }
        }
        Ok(output)
    }
    fn finish(self: Box<Self>) -> std::io::Result<Vec<u8>> {
        if self.finished {
            Ok(Vec::new())
        } else {
            Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "unexpected end of file"))
        }
    }
}

/// Brotli's settings (Node's BROTLI_PARAM_*): -1 leaves one at its default.
struct BrotliParams {
    quality: i64,
    lgwin: i64,
    mode: i64,
    size_hint: i64,
}

fn brotli_encoder(p: &BrotliParams) -> Box<dyn Codec> {
    let params = BrotliEncoderParams {
        quality: if (0..=11).contains(&p.quality) { p.quality as i32 } else { 11 },
        lgwin: if (10..=24).contains(&p.lgwin) { p.lgwin as i32 } else { 22 },
        mode: match p.mode {
            1 => BrotliEncoderMode::BROTLI_MODE_TEXT,
            2 => BrotliEncoderMode::BROTLI_MODE_FONT,
            _ => BrotliEncoderMode::BROTLI_MODE_GENERIC,
        },
        size_hint: usize::try_from(p.size_hint).unwrap_or(0),
        ..BrotliEncoderParams::default()
    };
    Box::new(brotli::CompressorWriter::with_params(Vec::new(), 4096, &params))
}

/// `gzip-members`: gzip read to the end of its last member, as Node's
/// gunzip reads (the web's reads one).
fn make(format: &str, compress: bool, level: Compression, brotli: &BrotliParams, max: usize) -> Option<Box<dyn Codec>> {
    Some(match (format, compress) {
        ("brotli", true) => brotli_encoder(brotli),
        ("brotli", false) => Box::new(BrotliDecoder {
            state: BrotliState::new(StandardAlloc::default(), StandardAlloc::default(), StandardAlloc::default()),
            finished: false,
            max,
        }),
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

/// What one call may give: no larger than `max_heap_size` (it must become an
/// ArrayBuffer within that budget), or than Node's largest Buffer without one.
/// A decompression bomb stops here, not in the process's memory.
const DEFAULT_MAX_OUTPUT: usize = 1 << 32;
/// Input fed to a decoder at a time, so that its output is checked as it grows
/// (deflate gives at most ~1,032 bytes per input byte).
const DECODER_SLICE: usize = 1024;

#[derive(Debug)]
struct TooLarge(usize);

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cannot create a Buffer larger than {} bytes", self.0)
    }
}

impl std::error::Error for TooLarge {}

fn too_large(max: usize) -> std::io::Error {
    std::io::Error::other(TooLarge(max))
}

fn failed(compress: bool, e: &std::io::Error) -> HostOutcome {
    if let Some(too_large) = e.get_ref().and_then(|inner| inner.downcast_ref::<TooLarge>()) {
        return HostOutcome::Throw(
            HostError::new("RangeError", too_large.to_string()).with_code("ERR_BUFFER_TOO_LARGE"),
        );
    }
    let what = if compress { "compress" } else { "decompress" };
    HostOutcome::Throw(HostError::new("TypeError", format!("The data could not be {what}ed: {e}")))
}

/// `codec.write` of `input`, a decoder's fed a slice at a time and stopped
/// once its output passes `max`.
fn write(codec: &mut dyn Codec, input: &[u8], flush: bool, compress: bool, max: usize) -> std::io::Result<Vec<u8>> {
    if compress {
        return codec.write(input, flush);
    }
    let mut out = Vec::new();
    for piece in input.chunks(DECODER_SLICE) {
        out.extend(codec.write(piece, false)?);
        if out.len() > max {
            return Err(too_large(max));
        }
    }
    if flush {
        out.extend(codec.write(&[], true)?);
    }
    Ok(out)
}

/// `codec(format, compress, level?, flush?, lgwin?, mode?, sizeHint?,
/// maxOutputLength?)`: a function that takes each chunk's bytes and returns
/// the output so far, then takes null and returns the rest. `level`: 0 to 9
/// (zlib's), Brotli's quality 0 to 11, the default otherwise; `flush` false:
/// no sync flush after each chunk (node:zlib's output, byte for byte, where
/// the web's streams flush each chunk through); then Brotli's three; a call's
/// output past `maxOutputLength` (or the runtime's limit) is a RangeError.
pub(crate) fn codec(shared: &Arc<RuntimeState>) -> Arc<dyn HostFunction> {
    let limit = shared.cell.max_heap_bytes().unwrap_or(DEFAULT_MAX_OUTPUT);
    Arc::new(move |args: crate::host::Args| {
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
        let number = |i: usize| match args.get(i) {
            Some(Value::Int(n)) => *n,
            _ => -1,
        };
        let brotli = BrotliParams { quality: number(2), lgwin: number(4), mode: number(5), size_hint: number(6) };
        let max = match args.get(7) {
            Some(Value::Int(n)) if *n >= 0 => usize::try_from(*n).unwrap_or(limit).min(limit),
            _ => limit,
        };
        let Some(codec) = make(&format, compress, level, &brotli, max) else {
            return HostOutcome::Throw(HostError::new(
                "TypeError",
                format!("Unsupported compression format: '{format}'"),
            ));
        };
        let state = Mutex::new(Some(codec));
        let step = move |args: crate::host::Args| {
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            let out = match (args.into_iter().next(), state.as_mut()) {
                (Some(Value::Bytes(input)), Some(codec)) => write(codec.as_mut(), &input, flush, compress, max),
                (_, Some(_)) => match state.take() {
                    Some(codec) => {
                        codec.finish().and_then(|out| if out.len() > max { Err(too_large(max)) } else { Ok(out) })
                    }
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
