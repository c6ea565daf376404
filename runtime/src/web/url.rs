//! What `URL` and `URLSearchParams` need from Rust: the WHATWG URL parser
//! and its setters (the `url` crate, which implements the URL Standard) and
//! `application/x-www-form-urlencoded` (its `form_urlencoded`).
use std::sync::Arc;

use url::Url;

use crate::host::{HostError, HostFunction, HostOutcome};
use crate::value::{JsString, Value};

fn text(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::String(s)) => Some(s.to_string_lossy()),
        _ => None,
    }
}

fn string(s: &str) -> Value {
    Value::String(JsString::from(s))
}

/// The parts a `URL` object shows, in the order url.js reads them.
fn parts(url: &Url) -> Value {
    use url::quirks;
    let origin = quirks::origin(url);
    Value::Array(
        [
            quirks::href(url),
            &origin,
            quirks::protocol(url),
            quirks::username(url),
            quirks::password(url),
            quirks::host(url),
            quirks::hostname(url),
            quirks::port(url),
            quirks::pathname(url),
            quirks::search(url),
            quirks::hash(url),
        ]
        .into_iter()
        .map(string)
        .collect(),
    )
}

/// `parse(input, base?)`: the parts of the URL, or null if it is invalid.
pub(super) fn parse() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let input = text(args.first()).unwrap_or_default();
        let parsed = match text(args.get(1)) {
            Some(base) => Url::parse(&base).and_then(|base| base.join(&input)),
            None => Url::parse(&input),
        };
        HostOutcome::Return(parsed.map_or(Value::Null, |url| parts(&url)))
    })
}

/// `update(href, part, value)`: the parts after setting `part` (a setter of
/// the URL Standard, which ignores values it cannot use).
pub(super) fn update() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let (Some(href), Some(part), Some(value)) = (text(args.first()), text(args.get(1)), text(args.get(2))) else {
            return HostOutcome::Throw(HostError::new("TypeError", "update(href, part, value)"));
        };
        let Ok(mut url) = Url::parse(&href) else {
            return HostOutcome::Throw(HostError::new("TypeError", "Invalid URL"));
        };
        use url::quirks;
        let set = match part.as_str() {
            "href" => match Url::parse(&value) {
                Ok(new) => {
                    url = new;
                    Ok(())
                }
                Err(_) => return HostOutcome::Throw(HostError::new("TypeError", format!("Invalid URL: {value}"))),
            },
            "protocol" => quirks::set_protocol(&mut url, &value),
            "username" => quirks::set_username(&mut url, &value),
            "password" => quirks::set_password(&mut url, &value),
            "host" => quirks::set_host(&mut url, &value),
            "hostname" => quirks::set_hostname(&mut url, &value),
            "port" => quirks::set_port(&mut url, &value),
            "pathname" => {
                quirks::set_pathname(&mut url, &value);
                Ok(())
            }
            "search" => {
                quirks::set_search(&mut url, &value);
                Ok(())
            }
            "hash" => {
                quirks::set_hash(&mut url, &value);
                Ok(())
            }
            _ => return HostOutcome::Throw(HostError::new("TypeError", format!("no URL part {part}"))),
        };
        let _ = set; // a setter that cannot use its value leaves the URL as it was
        HostOutcome::Return(parts(&url))
    })
}

/// `formParse(query)`: the name/value pairs of a form-encoded string.
pub(super) fn form_parse() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let query = text(args.first()).unwrap_or_default();
        let pairs = form_urlencoded::parse(query.as_bytes())
            .map(|(name, value)| Value::Array(vec![string(&name), string(&value)]))
            .collect();
        HostOutcome::Return(Value::Array(pairs))
    })
}

/// `formSerialize(pairs)`: the form-encoded string of name/value pairs.
pub(super) fn form_serialize() -> Arc<dyn HostFunction> {
    Arc::new(|args: crate::host::Args| {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(Value::Array(pairs)) = args.first() {
            for pair in pairs {
                if let Value::Array(pair) = pair {
                    out.append_pair(&text(pair.first()).unwrap_or_default(), &text(pair.get(1)).unwrap_or_default());
                }
            }
        }
        HostOutcome::Return(string(&out.finish()))
    })
}
