//! Standard base64 with padding, the encoding of `Binary` in JSON: three bytes to four
//! characters per step, by table.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `ALPHABET`'s inverse; 0xff for a byte that is not in it.
const DECODE: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

pub fn encode_into(data: &[u8], out: &mut Vec<u8>) {
    out.reserve(data.len().div_ceil(3) * 4);
    let mut chunks = data.chunks_exact(3);
    for c in &mut chunks {
        let n = u32::from(c[0]) << 16 | u32::from(c[1]) << 8 | u32::from(c[2]);
        out.extend_from_slice(&[
            ALPHABET[(n >> 18) as usize & 63],
            ALPHABET[(n >> 12) as usize & 63],
            ALPHABET[(n >> 6) as usize & 63],
            ALPHABET[n as usize & 63],
        ]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                b'=',
                b'=',
            ]);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                ALPHABET[(n >> 6) as usize & 63],
                b'=',
            ]);
        }
        _ => {}
    }
}

/// Decodes canonical padded base64 (what cosmwasm-std and wasmd write); `None` for anything
/// else, which the caller leaves to cosmwasm-std's own decoder.
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let Some((body, last)) = text.split_last_chunk::<4>() else {
        return Some(Vec::new());
    };
    // the body's bytes are written in place, eight characters (six bytes) a step where it can:
    // the VM charges for every branch, so a push with its capacity check per byte costs more
    // than the decoding
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 3);
    out.resize(body.len() / 4 * 3, 0);
    let mut pairs = body.chunks_exact(8);
    let mut at = 0;
    for c in &mut pairs {
        let v: [u8; 8] = std::array::from_fn(|i| DECODE[c[i] as usize]);
        // one test for all eight: a byte outside the alphabet has its top bits set
        if v.iter().fold(0, |any, b| any | b) & 0xc0 != 0 {
            return None;
        }
        let n = u64::from(v[0]) << 42
            | u64::from(v[1]) << 36
            | u64::from(v[2]) << 30
            | u64::from(v[3]) << 24
            | u64::from(v[4]) << 18
            | u64::from(v[5]) << 12
            | u64::from(v[6]) << 6
            | u64::from(v[7]);
        out[at..at + 6].copy_from_slice(&n.to_be_bytes()[2..]);
        at += 6;
    }
    if let [a, b, c, d] = *pairs.remainder() {
        let (a, b, c, d) = (
            DECODE[a as usize],
            DECODE[b as usize],
            DECODE[c as usize],
            DECODE[d as usize],
        );
        if (a | b | c | d) & 0xc0 != 0 {
            return None;
        }
        let n = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        out[at..at + 3].copy_from_slice(&n.to_be_bytes()[1..]);
    }
    let a = DECODE[last[0] as usize];
    let b = DECODE[last[1] as usize];
    if (a | b) & 0xc0 != 0 {
        return None;
    }
    match (last[2], last[3]) {
        (b'=', b'=') => {
            // the unused low bits of a canonical encoding are zero
            if b & 0x0f != 0 {
                return None;
            }
            out.push(a << 2 | b >> 4);
        }
        (c, b'=') => {
            let c = DECODE[c as usize];
            if c & 0xc0 != 0 || c & 0x03 != 0 {
                return None;
            }
            out.extend_from_slice(&[a << 2 | b >> 4, b << 4 | c >> 2]);
        }
        (c, d) => {
            let (c, d) = (DECODE[c as usize], DECODE[d as usize]);
            if (c | d) & 0xc0 != 0 {
                return None;
            }
            out.extend_from_slice(&[a << 2 | b >> 4, b << 4 | c >> 2, c << 6 | d]);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Binary;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn encodes_and_decodes_as_binary_does(data in proptest::collection::vec(any::<u8>(), 0..100)) {
            let mut out = vec![];
            encode_into(&data, &mut out);
            let expected = Binary::from(data.clone()).to_base64();
            prop_assert_eq!(&out, expected.as_bytes());
            prop_assert_eq!(decode(&out), Some(data));
        }

        #[test]
        fn a_byte_outside_the_alphabet_anywhere_is_refused(
            data in proptest::collection::vec(any::<u8>(), 1..60),
            at: proptest::sample::Index,
            bad in proptest::sample::select(vec![b'-', b'_', b' ', b'.', b'\n', 0xff]),
        ) {
            let mut text = vec![];
            encode_into(&data, &mut text);
            let at = at.index(text.len());
            text[at] = bad;
            prop_assert_eq!(decode(&text), None);
        }

        #[test]
        fn decodes_only_what_binary_decodes_the_same(text in "[A-Za-z0-9+/=]{0,40}") {
            if let Some(data) = decode(text.as_bytes()) {
                prop_assert_eq!(Binary::from_base64(&text).unwrap().to_vec(), data);
            }
        }
    }

    #[test]
    fn refuses_non_canonical_text() {
        assert_eq!(decode(b"QQ=="), Some(b"A".to_vec()));
        assert_eq!(decode(b"QR=="), None);
        assert_eq!(decode(b"QUI="), Some(b"AB".to_vec()));
        assert_eq!(decode(b"QUJ="), None);
        assert_eq!(decode(b"QQ"), None);
        assert_eq!(decode(b"Q==="), None);
        assert_eq!(decode(b"QU=J"), None);
        assert_eq!(decode(b"Q\nQ="), None);
        assert_eq!(decode(b""), Some(vec![]));
    }
}
