//! data: and blob: URLs, which name their own content: the Fetch Standard's
//! data: URL processor (the data-url crate) for `fetch()` and `import()`,
//! and HTML's list of JavaScript MIME types, which a module from either
//! must have.
use std::str::FromStr;
use std::sync::Arc;

use crate::host::{HostError, HostFunction, HostOutcome};
use crate::value::{JsString, Value};

/// A data: URL's MIME type (serialized) and body.
pub(crate) fn decode(url: &str) -> Result<(String, Vec<u8>), String> {
    let data = data_url::DataUrl::process(url).map_err(|e| format!("{url:.80}: not a data: URL ({e:?})"))?;
    let (body, _) = data.decode_to_vec().map_err(|_| format!("{url:.80}: bad base64 in a data: URL"))?;
    Ok((data.mime_type().to_string(), body))
}

/// `url`'s scheme is `scheme` (ASCII letters, case-insensitive, with the colon).
pub(crate) fn has_scheme(url: &str, scheme: &str) -> bool {
    url.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme))
}

/// HTML's "JavaScript MIME type": what a module script must be served as.
pub(crate) fn is_javascript(mime: &str) -> bool {
    const ESSENCES: &[&str] = &[
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    ];
    data_url::mime::Mime::from_str(mime)
        .is_ok_and(|m| ESSENCES.contains(&format!("{}/{}", m.type_, m.subtype).as_str()))
}

/// A module's source from a data: URL: its body as UTF-8, if its type is JavaScript.
pub(crate) fn module_source(url: &str) -> Result<String, String> {
    let (mime, body) = decode(url)?;
    if !is_javascript(&mime) {
        return Err(format!("{url:.80}: a module must have a JavaScript MIME type, not \"{mime}\""));
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// fetch.js's `dataURL(url)`: `[type, bytes]`, or a TypeError (a network error).
pub(super) fn native() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let Some(Value::String(url)) = args.first() else {
            return HostOutcome::Throw(HostError::new("TypeError", "dataURL(url)"));
        };
        match decode(&url.to_string_lossy()) {
            Ok((mime, body)) => HostOutcome::Return(Value::Array(vec![
                Value::String(JsString::from(mime.as_str())),
                Value::Bytes(body),
            ])),
            Err(why) => HostOutcome::Throw(HostError::new("TypeError", format!("fetch failed: {why}"))),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_as_the_fetch_standard_says() {
        assert_eq!(decode("data:,a%20b").unwrap(), ("text/plain;charset=US-ASCII".into(), b"a b".to_vec()));
        assert_eq!(decode("data:text/html;base64,PGI+").unwrap(), ("text/html".into(), b"<b>".to_vec()));
        assert!(decode("data:;base64,%%%").is_err());
        assert!(decode("http://x/").is_err());
    }

    #[test]
    fn knows_javascript_mime_types() {
        assert!(is_javascript("text/javascript"));
        assert!(is_javascript("Application/JavaScript; charset=utf-8"));
        assert!(!is_javascript("text/plain"));
        assert!(!is_javascript(""));
        assert_eq!(module_source("data:text/javascript,export%20default%201").unwrap(), "export default 1");
        assert!(module_source("data:text/plain,1").is_err());
        assert!(has_scheme("DATA:,x", "data:") && !has_scheme("dat", "data:"));
    }
}
