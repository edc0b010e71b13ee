//! Writing a site's address the way feeds, sitemaps and canonical links need it: an
//! international host name in its ASCII form (punycode, RFC 3492) and a non-ASCII path
//! percent-encoded as UTF-8. Only what `config::BaseUrl` needs; a full URL crate would bring
//! much that a site address never uses.

/// `host[:port]` with each non-ASCII label written as `xn--…`; `None` when a label is
/// empty, too long, or has characters no host name has.
pub fn ascii_host(host: &str) -> Option<String> {
    if host.starts_with('[') {
        // An IPv6 literal, `[::1]:8080`.
        let valid = host
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "[]:.".contains(c));
        return valid.then(|| host.to_ascii_lowercase());
    }
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => {
            if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) || port.len() > 5 {
                return None;
            }
            (name, Some(port))
        }
        None => (host, None),
    };
    // The ideographic full stop separates labels as the ASCII one does (IDNA).
    let name = name.replace(['。', '．', '｡'], ".");
    let mut labels = Vec::new();
    for label in name.split('.') {
        let label: String = label.chars().flat_map(char::to_lowercase).collect();
        let ascii = if label.is_ascii() {
            label
        } else {
            format!("xn--{}", punycode(&label))
        };
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        if ascii.is_empty() || ascii.len() > 63 || !ascii.bytes().all(allowed) {
            return None;
        }
        labels.push(ascii);
    }
    let mut host = labels.join(".");
    if let Some(port) = port {
        host.push(':');
        host.push_str(port);
    }
    Some(host)
}

/// Every byte of a non-ASCII character as `%XX`; ASCII (and `%` escapes already there)
/// as it is.
pub fn percent_encode_non_ascii(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// Whether every `%` starts an escape of two hexadecimal digits.
pub fn percent_escapes_are_whole(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;

/// The RFC 3492 encoding of a label (without the `xn--` prefix).
fn punycode(label: &str) -> String {
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while (handled as usize) < input.len() {
        let next = input.iter().copied().filter(|&c| c >= n).min().unwrap_or(n);
        delta = delta.saturating_add((next - n).saturating_mul(handled + 1));
        n = next;
        for &c in &input {
            if c < n {
                delta = delta.saturating_add(1);
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.saturating_add(1);
        n += 1;
    }
    output
}

fn digit(d: u32) -> char {
    match d {
        0..=25 => char::from(b'a' + d as u8),
        _ => char::from(b'0' + (d - 26) as u8),
    }
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + 38)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_host_names_as_the_rfc_and_registries_do() {
        // RFC 3492's own examples and the IANA test domains.
        assert_eq!(
            ascii_host("bücher.example").unwrap(),
            "xn--bcher-kva.example"
        );
        assert_eq!(ascii_host("例子.测试").unwrap(), "xn--fsqu00a.xn--0zwm56d");
        assert_eq!(ascii_host("中国。中国").unwrap(), "xn--fiqs8s.xn--fiqs8s");
        assert_eq!(ascii_host("Example.ORG:8443").unwrap(), "example.org:8443");
        assert_eq!(ascii_host("[::1]:1111").unwrap(), "[::1]:1111");
        assert!(ascii_host("a..b").is_none());
        assert!(ascii_host("a/b").is_none());
        assert!(ascii_host("host:port").is_none());
    }

    #[test]
    fn percent_encodes_only_what_is_not_ascii() {
        assert_eq!(
            percent_encode_non_ascii("/年报/a%20b/"),
            "/%E5%B9%B4%E6%8A%A5/a%20b/"
        );
        assert!(percent_escapes_are_whole("/a%20b%e5/"));
        assert!(!percent_escapes_are_whole("/100%/"));
        assert!(!percent_escapes_are_whole("/a%2"));
    }
}
