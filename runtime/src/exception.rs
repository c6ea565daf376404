//! Describing a thrown JS value as an [`ErrorInfo`].
use crate::env::{Env, Kind, Local};
use crate::js_to_value::Reader;
use crate::limits::ConversionLimits;
use crate::value::ErrorInfo;

/// What was thrown, with the V8 message that came with it (for locations).
pub(crate) fn describe<'e>(env: &Env<'e>, exception: Option<Local<'e>>, message: Option<Local<'e>>) -> ErrorInfo {
    let Some(exception) = exception else {
        return ErrorInfo {
            message: message.map(|m| env.message_text(m)).unwrap_or_else(|| "unknown error".into()),
            ..ErrorInfo::default()
        };
    };
    if env.kind(exception) == Kind::Error {
        let mut info = error_info(env, exception);
        if info.frames.is_empty() {
            // Syntax errors and errors thrown by V8 before any JS frame ran.
            info.frames.extend(message.map(|m| env.message_location(m)));
        }
        return info;
    }
    let text = match message {
        Some(m) => env.message_text(m),
        None => format!("Uncaught {}", env.detail_string(exception).map(|s| s.to_string_lossy()).unwrap_or_default()),
    };
    ErrorInfo {
        name: None,
        message: text,
        stack: None,
        frames: message.map(|m| env.message_location(m)).into_iter().collect(),
        thrown: Reader::new(env, None, ConversionLimits::default()).read(exception).ok().map(Box::new),
        ..ErrorInfo::default()
    }
}

/// Name, message, stack and frames of an Error object. Properties are read
/// as JS would (getters run); one that throws is left out.
pub(crate) fn error_info<'e>(env: &Env<'e>, error: Local<'e>) -> ErrorInfo {
    let text_of = |name: &str| -> Option<String> {
        let v = env.get_named(error, name).ok()?;
        (env.kind(v) == Kind::String).then(|| env.text(v))
    };
    ErrorInfo {
        name: Some(text_of("name").unwrap_or_else(|| "Error".into())),
        message: text_of("message").unwrap_or_default(),
        stack: text_of("stack"),
        frames: env.error_frames(error),
        mark: env.error_mark(error),
        ..ErrorInfo::default()
    }
}
