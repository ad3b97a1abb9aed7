//! The little JSON a contract's entry and exit need, without serde: a reader of objects,
//! strings and integers that borrows from its input, and a writer that copies strings in words.
//!
//! Both work on whole machine words where they can. The VM charges every branch and call about
//! fourteen times an ordinary instruction, so a loop that looks at each byte costs several
//! thousand gas a byte; these look at eight bytes per step.

use std::borrow::Cow;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `v` is zero. May also flag bytes after a zero byte (a borrow), never a
/// word without one, so it serves as a filter before an exact look.
#[inline(always)]
fn has_zero(v: u64) -> bool {
    v.wrapping_sub(ONES) & !v & HIGHS != 0
}

#[inline(always)]
fn has_byte(v: u64, b: u8) -> bool {
    has_zero(v ^ (ONES * b as u64))
}

/// Whether any byte of `v` is below 0x20 (a control character).
#[inline(always)]
fn has_control(v: u64) -> bool {
    v.wrapping_sub(ONES * 0x20) & !v & HIGHS != 0
}

#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The index of the first `"` or `\` in `bytes`, or its length.
fn find_quote_or_backslash(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let v = word(bytes, i);
        if has_byte(v, b'"') || has_byte(v, b'\\') {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\\' {
        i += 1;
    }
    i
}

/// The length of the prefix of `bytes` that a JSON string holds as it is (no `"`, `\` or
/// control character).
fn plain_prefix(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let v = word(bytes, i);
        if has_byte(v, b'"') || has_byte(v, b'\\') || has_control(v) {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !matches!(bytes[i], b'"' | b'\\' | 0..=0x1f) {
        i += 1;
    }
    i
}

/// Reads JSON as serde-json-wasm reads it into cosmwasm-std's types. Anything else (a float
/// for an integer, a value of another type, malformed JSON) makes it answer `None`, which its
/// caller turns into the error.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    fn ws(&mut self) {
        while self.pos < self.buf.len()
            && matches!(self.buf[self.pos], b' ' | b'\n' | b'\r' | b'\t')
        {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.buf.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        if self.peek()? == b {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// Whether the next value is `null` (consumed if so).
    pub fn null(&mut self) -> Option<bool> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            Some(true)
        } else {
            Some(false)
        }
    }

    /// Exactly the bytes `lit` next, no whitespace first; nothing is consumed if they are not.
    pub fn literal(&mut self, lit: &[u8]) -> Option<()> {
        if self.buf.get(self.pos..self.pos + lit.len())? == lit {
            self.pos += lit.len();
            Some(())
        } else {
            None
        }
    }

    /// A string without escapes, borrowed from the input.
    pub fn str(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let rest = &self.buf[self.pos..];
        let len = find_quote_or_backslash(rest);
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        self.pos += len + 1;
        utf8(&rest[..len])
    }

    /// A string, escapes decoded exactly as serde-json-wasm decodes them: a string without
    /// escapes is borrowed from the input; one with escapes takes serde-json-wasm's rules (no
    /// control characters, `\u` surrogates in pairs).
    pub fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.pos;
        match self.str() {
            Some(s) => Some(Cow::Borrowed(s)),
            None => {
                self.pos = start;
                self.escaped().map(Cow::Owned)
            }
        }
    }

    /// [`Reader::string`], owned.
    pub fn owned_string(&mut self) -> Option<String> {
        let start = self.pos;
        match self.str() {
            Some(s) => Some(owned(s)),
            None => {
                self.pos = start;
                self.escaped()
            }
        }
    }

    /// A string that [`Reader::str`] does not take: one with escapes.
    #[cold]
    #[inline(never)]
    fn escaped(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let rest = &self.buf[self.pos..];
        // the closing quote is the first one not escaped by an odd run of backslashes
        let mut end = 0;
        let mut escaped = false;
        loop {
            match *rest.get(end)? {
                b'"' if !escaped => break,
                b'\\' => escaped = !escaped,
                _ => escaped = false,
            }
            end += 1;
        }
        self.pos += end + 1;
        unescape(&rest[..end])
    }

    /// A non-negative integer literal.
    pub fn u64(&mut self) -> Option<u64> {
        self.ws();
        let digits = self.digits()?;
        let mut v: u64 = 0;
        for &d in digits {
            v = v.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
        }
        Some(v)
    }

    fn digits(&mut self) -> Option<&'a [u8]> {
        let start = self.pos;
        while self.pos < self.buf.len() && self.buf[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
        let digits = &self.buf[start..self.pos];
        // JSON has no leading zeros, and a fraction or exponent is not an integer
        if digits.is_empty()
            || (digits.len() > 1 && digits[0] == b'0')
            || matches!(self.buf.get(self.pos), Some(b'.' | b'e' | b'E'))
        {
            return None;
        }
        Some(digits)
    }

    /// An integer written as a decimal string (`"123"`), as `Uint128` and `Timestamp` are.
    pub fn u128_str(&mut self) -> Option<u128> {
        decimal(self.string()?.as_bytes())
    }

    /// Calls `field` with each key of an object, in order; `field` reads the value (or skips it).
    pub fn object(&mut self, mut field: impl FnMut(&str, &mut Self) -> Option<()>) -> Option<()> {
        self.object_dyn(&mut field)
    }

    /// [`Reader::object`]'s one copy: its callers' closures are called through a pointer, so
    /// that each reader of an object does not carry its own copy of the key scan.
    #[inline(never)]
    fn object_dyn(&mut self, field: &mut dyn FnMut(&str, &mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        // set only for a key with escapes, so that a plain key has nothing to drop
        let mut escaped: Option<String>;
        loop {
            let start = self.pos;
            let key = match self.str() {
                Some(key) => key,
                None => {
                    self.pos = start;
                    escaped = Some(self.escaped()?);
                    escaped.as_deref()?
                }
            };
            self.eat(b':')?;
            field(key, self)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Calls `item` for each element of an array.
    pub fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.array_dyn(&mut item)
    }

    /// An array's elements, each read by `item`.
    pub fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut items = vec![];
        self.array(|r| {
            items.push(item(r)?);
            Some(())
        })?;
        Some(items)
    }

    /// [`Reader::array`]'s one copy (see [`Reader::object_dyn`]).
    #[inline(never)]
    fn array_dyn(&mut self, item: &mut dyn FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(());
        }
        loop {
            item(self)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Skips one value of any kind this reader knows.
    pub fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.object(|_, r| r.skip()),
            b'[' => self.array(Self::skip),
            b'n' => self.literal(b"null"),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            _ => self.digits().map(drop),
        }
    }

    /// Succeeds if only whitespace is left.
    pub fn end(mut self) -> Option<()> {
        self.ws();
        (self.pos == self.buf.len()).then_some(())
    }
}

/// The value of decimal digits as `u128::from_str` reads them (a leading `+` and leading zeros
/// allowed), if it fits 128 bits. The first 19 digits are summed in 64 bits: a 128-bit
/// multiplication is a call on wasm32.
fn decimal(digits: &[u8]) -> Option<u128> {
    let digits = match digits {
        [b'+', rest @ ..] => rest,
        _ => digits,
    };
    // leading zeros take no room: skip them so that the length bound is the value's
    let zeros = digits.iter().take_while(|&&d| d == b'0').count();
    let digits = if zeros == digits.len() && zeros > 0 {
        &digits[zeros - 1..]
    } else {
        &digits[zeros..]
    };
    if digits.is_empty() || digits.len() > 39 {
        return None;
    }
    let (head, tail) = digits.split_at(digits.len().min(19));
    let mut v: u64 = 0;
    for &d in head {
        let d = d.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    let mut v = u128::from(v);
    for &d in tail {
        let d = d.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u128::from(d))?;
    }
    Some(v)
}

/// The text of a JSON string body with escapes, decoded as serde-json-wasm decodes it, its
/// quirks included: a high surrogate waits for the next `\u` low surrogate across other
/// escapes, and any control character is refused.
fn unescape(body: &[u8]) -> Option<String> {
    fn hex4(bytes: &[u8]) -> Option<u32> {
        let mut v = 0;
        for &d in bytes.get(..4)? {
            v = v << 4 | char::from(d).to_digit(16)?;
        }
        Some(v)
    }
    fn push(out: &mut Vec<u8>, code: u32) -> Option<()> {
        let mut utf8 = [0u8; 4];
        out.extend_from_slice(char::from_u32(code)?.encode_utf8(&mut utf8).as_bytes());
        Some(())
    }
    let mut out = Vec::with_capacity(body.len());
    let mut high: Option<u32> = None;
    let mut i = 0;
    while i < body.len() {
        let plain = plain_prefix(&body[i..]);
        if plain > 0 && high.is_some() {
            return None; // a lone high surrogate
        }
        out.extend_from_slice(&body[i..i + plain]);
        i += plain;
        let Some(&b) = body.get(i) else { break };
        if b != b'\\' {
            return None; // a control character (a quote cannot be here)
        }
        let escape = *body.get(i + 1)?;
        i += 2;
        let simple = match escape {
            b'"' | b'/' | b'\\' => escape,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let unit = hex4(&body[i..])?;
                i += 4;
                match (unit, high) {
                    (0xd800..=0xdfff, Some(h)) => {
                        if unit < 0xdc00 {
                            return None; // a second high surrogate
                        }
                        push(&mut out, 0x1_0000 + ((h - 0xd800) << 10 | (unit - 0xdc00)))?;
                        high = None;
                    }
                    (0xd800..=0xdbff, None) => high = Some(unit),
                    (0xdc00..=0xdfff, None) => return None, // a lone low surrogate
                    _ => push(&mut out, unit)?,
                }
                continue;
            }
            _ => return None,
        };
        out.push(simple);
    }
    if high.is_some() {
        return None;
    }
    String::from_utf8(out).ok()
}

/// Writes JSON into a byte buffer, strings escaped exactly as serde-json-wasm escapes them (so
/// that what it writes is byte for byte what cosmwasm-std would have written).
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn with_capacity(capacity: usize) -> Self {
        Writer {
            buf: Vec::with_capacity(capacity),
        }
    }

    /// Bytes that are JSON already.
    #[inline]
    pub fn raw(&mut self, json: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(json);
        self
    }

    #[inline]
    pub fn byte(&mut self, b: u8) -> &mut Self {
        self.buf.push(b);
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.buf.push(b'"');
        let mut rest = s.as_bytes();
        loop {
            let plain = plain_prefix(rest);
            self.buf.extend_from_slice(&rest[..plain]);
            let Some(&b) = rest.get(plain) else { break };
            match b {
                b'"' => self.buf.extend_from_slice(b"\\\""),
                b'\\' => self.buf.extend_from_slice(b"\\\\"),
                0x08 => self.buf.extend_from_slice(b"\\b"),
                0x09 => self.buf.extend_from_slice(b"\\t"),
                0x0a => self.buf.extend_from_slice(b"\\n"),
                0x0c => self.buf.extend_from_slice(b"\\f"),
                0x0d => self.buf.extend_from_slice(b"\\r"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789ABCDEF";
                    self.buf.extend_from_slice(b"\\u00");
                    self.buf.push(HEX[usize::from(b >> 4)]);
                    self.buf.push(HEX[usize::from(b & 0xf)]);
                }
            }
            rest = &rest[plain + 1..];
        }
        self.buf.push(b'"');
        self
    }

    /// `[item,item,…]`, each item written by `write`.
    pub fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) -> &mut Self {
        self.buf.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            write(self, item);
        }
        self.buf.push(b']');
        self
    }

    /// `"key":`
    #[inline]
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.str(key).byte(b':')
    }

    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.u64_digits(v, 1)
    }

    /// `v` in decimal, zero-padded to at least `width` digits.
    fn u64_digits(&mut self, mut v: u64, width: usize) -> &mut Self {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 && digits.len() - i >= width {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[i..]);
        self
    }

    /// A `Uint128`: its decimal digits as a string. Amounts that fit 64 bits (all but the
    /// largest) take no 128-bit division.
    pub fn u128_str(&mut self, v: u128) -> &mut Self {
        self.buf.push(b'"');
        self.u128(v);
        self.buf.push(b'"');
        self
    }

    /// `v`'s decimal digits, unquoted.
    pub fn u128(&mut self, v: u128) -> &mut Self {
        const TEN_19: u128 = 10_000_000_000_000_000_000;
        match u64::try_from(v) {
            Ok(v) => self.u64(v),
            Err(_) => self.u128(v / TEN_19).u64_digits((v % TEN_19) as u64, 19),
        }
    }

    /// A `Binary`: standard base64 with padding, as a string.
    pub fn base64(&mut self, data: &[u8]) -> &mut Self {
        self.buf.push(b'"');
        crate::base64::encode_into(data, &mut self.buf);
        self.buf.push(b'"');
        self
    }

    pub fn finish(self) -> Vec<u8> {
        self.buf
    }
}

/// Whether every byte is ASCII, eight bytes a step: the standard library's UTF-8 check
/// branches several times as often, and what these contracts read (addresses, denoms, keys,
/// base64) is ASCII; anything else is left to it.
pub fn is_ascii(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    let mut any = 0u64;
    for chunk in &mut chunks {
        any |= u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
    }
    for &b in chunks.remainder() {
        any |= u64::from(b);
    }
    any & HIGHS == 0
}

/// `bytes` as `str`: ASCII without the standard library's scan, anything else through it.
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    if is_ascii(bytes) {
        // SAFETY: ASCII is UTF-8
        return Some(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).ok()
}

/// `v` in decimal, as `v.to_string()` writes it but without `fmt`, whose writes into a `String`
/// copy a byte a step in the prebuilt standard library.
pub fn u128_string(v: u128) -> String {
    let mut w = Writer::with_capacity(40);
    w.u128(v);
    // SAFETY: decimal digits are ASCII
    unsafe { String::from_utf8_unchecked(w.finish()) }
}

/// An owned copy of `s`, as `s.to_owned()` makes it: `String::clone` and `to_string` are
/// compiled into the prebuilt standard library, where a copy moves a byte a step; this one is
/// compiled with the contract and calls its `memcpy`.
#[inline]
pub fn owned(s: &str) -> String {
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn uint128_edges_are_written_as_serde_writes_them() {
        let edges = [
            0,
            9,
            10,
            u128::from(u64::MAX),
            u128::from(u64::MAX) + 1,
            10u128.pow(19),
            10u128.pow(38),
            u128::MAX,
        ];
        for v in edges {
            let mut w = Writer::with_capacity(48);
            w.u128_str(v);
            assert_eq!(
                w.finish(),
                cosmwasm_std::to_json_vec(&cosmwasm_std::Uint128::new(v)).unwrap()
            );
            assert_eq!(u128_string(v), v.to_string());
        }
    }

    proptest! {
        #[test]
        fn any_uint128_is_written_as_serde_writes_it(v in any::<u128>(), small in any::<u64>()) {
            for v in [v, u128::from(small)] {
                let mut w = Writer::with_capacity(48);
                w.u128_str(v);
                prop_assert_eq!(w.finish(), cosmwasm_std::to_json_vec(&cosmwasm_std::Uint128::new(v)).unwrap());
                prop_assert_eq!(u128_string(v), v.to_string());
            }
        }
    }

    proptest! {
        #[test]
        fn decimal_strings_read_as_uint128_reads_them(s in "[+]?0{0,30}[0-9]{0,41}|[0-9]{0,20}[^0-9][0-9]{0,5}") {
            let json = format!("\"{s}\"");
            let serde = cosmwasm_std::from_json::<cosmwasm_std::Uint128>(json.as_bytes()).ok();
            let mut r = Reader::new(json.as_bytes());
            let lean = r.u128_str();
            let lean = if r.end().is_some() { lean } else { None };
            prop_assert_eq!(lean, serde.map(|v| v.u128()));
        }
    }

    #[test]
    fn word_scans_find_exactly_the_first_special_byte() {
        for len in 0..40 {
            for at in 0..=len {
                let mut v = vec![b'a'; len];
                if at < len {
                    v[at] = b'"';
                }
                assert_eq!(find_quote_or_backslash(&v), at);
                if at < len {
                    v[at] = 0x1f;
                }
                assert_eq!(plain_prefix(&v), at);
            }
        }
        // a zero byte's borrow must not hide or invent a match
        assert_eq!(find_quote_or_backslash(b"\0\x01\"aaaaaaaaaaa"), 2);
        assert_eq!(
            plain_prefix("é€😀\u{7f}ok".as_bytes()),
            "é€😀\u{7f}ok".len()
        );
    }

    proptest! {
        #[test]
        fn strings_are_written_as_serde_writes_them(s in any::<String>()) {
            let mut w = Writer::with_capacity(0);
            w.str(&s);
            prop_assert_eq!(w.finish(), cosmwasm_std::to_json_vec(&s).unwrap());
        }

        #[test]
        fn integers_are_written_as_serde_writes_them(v in any::<u64>()) {
            let mut w = Writer::with_capacity(0);
            w.u64(v);
            prop_assert_eq!(w.finish(), cosmwasm_std::to_json_vec(&v).unwrap());
        }

        #[test]
        fn any_string_reads_back_as_serde_wrote_it(s in any::<String>()) {
            let json = cosmwasm_std::to_json_vec(&s).unwrap();
            let mut r = Reader::new(&json);
            prop_assert_eq!(r.string().map(Cow::into_owned), Some(s));
            prop_assert_eq!(r.end(), Some(()));
        }

        /// Bodies full of escapes, good and bad: the reader takes exactly what serde takes, as
        /// serde decodes it.
        #[test]
        fn escaped_strings_are_read_as_serde_reads_them(
            parts in proptest::collection::vec(prop_oneof![
                Just("\\\"".to_string()), Just("\\\\".to_string()), Just("\\/".to_string()),
                Just("\\b".to_string()), Just("\\f".to_string()), Just("\\n".to_string()),
                Just("\\r".to_string()), Just("\\t".to_string()), Just("\\x".to_string()),
                Just("\\u00e9".to_string()), Just("\\uD83D".to_string()), Just("\\uDE00".to_string()),
                Just("\\u12".to_string()), Just("\u{1}".to_string()), Just("a".to_string()),
                Just("é".to_string()), Just("\\".to_string()),
                "[a-z\"]{0,3}",
            ], 0..8),
        ) {
            let json = format!("\"{}\"", parts.concat());
            let serde = cosmwasm_std::from_json::<String>(json.as_bytes()).ok();
            let mut r = Reader::new(json.as_bytes());
            let lean = r.string().map(Cow::into_owned).filter(|_| r.end().is_some());
            prop_assert_eq!(lean, serde);
        }

        #[test]
        fn plain_strings_read_back(s in "[^\"\\\\]*") {
            let json = cosmwasm_std::to_json_vec(&s).unwrap();
            let mut r = Reader::new(&json);
            // control characters come back escaped, which the reader leaves to serde
            if s.chars().any(|c| c < ' ') {
                prop_assert_eq!(r.str(), None);
            } else {
                prop_assert_eq!(r.str(), Some(s.as_str()));
            }
        }
    }

    #[test]
    fn reader_refuses_what_it_cannot_read_exactly() {
        assert_eq!(Reader::new(b"\"a\\\"b\"").str(), None);
        assert_eq!(Reader::new(b"01").u64(), None);
        assert_eq!(Reader::new(b"1.5").u64(), None);
        assert_eq!(Reader::new(b"18446744073709551616").u64(), None);
        assert_eq!(Reader::new(b"18446744073709551615").u64(), Some(u64::MAX));
        assert_eq!(Reader::new(b"\"12a\"").u128_str(), None);
        assert_eq!(Reader::new(b"\"\"").u128_str(), None);
        let mut seen = vec![];
        let json = br#" { "a" : [1, {"b": null}, "x", true], "c": {} } "#;
        let mut r = Reader::new(json);
        r.object(|k, r| {
            seen.push(k.to_string());
            r.skip()
        })
        .unwrap();
        r.end().unwrap();
        assert_eq!(seen, ["a", "c"]);
        assert!(Reader::new(b"{\"a\":1,}").object(|_, r| r.skip()).is_none());
    }
}
