//! A small binary encoding for records every operation reads: no field names, integers as
//! LEB128 varints, strings with a one-byte length. JSON costs a contract 20–35k VM gas per byte
//! parsed or written; this costs a few hundred.
//!
//! A record starts with a version byte, so its layout can change with a migration. Readers
//! refuse trailing bytes, truncated input, non-minimal lengths and overflowing varints, so a
//! value has exactly one encoding.

use cosmwasm_std::{Decimal, StdError, Uint128};

/// Writes values in order into a byte buffer.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn with_version(version: u8) -> Self {
        let mut w = Writer {
            buf: Vec::with_capacity(128),
        };
        w.u8(version);
        w
    }

    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.buf.push(v);
        self
    }

    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.u8(v as u8)
    }

    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.buf.extend_from_slice(&v.to_be_bytes());
        self
    }

    /// An unsigned integer as LEB128: seven bits a byte, low bits first.
    pub fn varint(&mut self, mut v: u128) -> &mut Self {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(byte);
                return self;
            }
            self.buf.push(byte | 0x80);
        }
    }

    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.varint(v.into())
    }

    pub fn uint128(&mut self, v: Uint128) -> &mut Self {
        self.varint(v.u128())
    }

    pub fn decimal(&mut self, v: Decimal) -> &mut Self {
        self.varint(v.atomics().u128())
    }

    /// At most 255 bytes: the longest key or address this protocol stores is well below that.
    pub fn bytes(&mut self, v: &[u8]) -> Result<&mut Self, StdError> {
        let len = u8::try_from(v.len())
            .map_err(|_| StdError::generic_err(format!("{} bytes do not fit a record", v.len())))?;
        self.buf.push(len);
        self.buf.extend_from_slice(v);
        Ok(self)
    }

    pub fn str(&mut self, v: &str) -> Result<&mut Self, StdError> {
        self.bytes(v.as_bytes())
    }

    pub fn finish(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads values in the order a [`Writer`] wrote them.
pub struct Reader<'a> {
    buf: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// Reads `what` (named in errors), refusing any other version than `version`.
    pub fn new(buf: &'a [u8], what: &'static str, version: u8) -> Result<Self, StdError> {
        let mut r = Reader { buf, what };
        let found = r.u8()?;
        if found != version {
            return Err(StdError::parse_err(
                what,
                format!("layout version {found}, expected {version}"),
            ));
        }
        Ok(r)
    }

    /// Reads a part of a record that [`Reader::bytes`] returned (no version byte of its own).
    pub fn part(&self, buf: &'a [u8]) -> Self {
        Reader {
            buf,
            what: self.what,
        }
    }

    fn err(&self, msg: &str) -> StdError {
        StdError::parse_err(self.what, msg)
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Refuses bytes left over after the last value.
    pub fn finish(self) -> Result<(), StdError> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(self.err("trailing bytes"))
        }
    }

    #[inline]
    pub fn u8(&mut self) -> Result<u8, StdError> {
        let (&b, rest) = self
            .buf
            .split_first()
            .ok_or_else(|| self.err("truncated"))?;
        self.buf = rest;
        Ok(b)
    }

    #[inline]
    pub fn bool(&mut self) -> Result<bool, StdError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.err("invalid bool")),
        }
    }

    #[inline]
    pub fn u16(&mut self) -> Result<u16, StdError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// A LEB128 varint. Values below 2^126 are read without a check per byte (seven bits a
    /// byte into two 64-bit halves: the VM charges for every branch, and a 128-bit shift is
    /// a dozen instructions); anything longer, or cut short, takes the general loop.
    #[inline]
    pub fn varint(&mut self) -> Result<u128, StdError> {
        let buf = self.buf;
        let mut lo = 0u64;
        for (i, &byte) in buf.iter().enumerate().take(9) {
            lo |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                return self.varint_end(i + 1, byte, u128::from(lo));
            }
        }
        let mut hi = 0u64;
        for (i, &byte) in buf.iter().enumerate().take(18).skip(9) {
            hi |= u64::from(byte & 0x7f) << (7 * (i - 9));
            if byte < 0x80 {
                return self.varint_end(i + 1, byte, u128::from(lo) | u128::from(hi) << 63);
            }
        }
        self.varint_long()
    }

    /// The end of a varint whose last byte, `last`, is the `len`th.
    #[inline]
    fn varint_end(&mut self, len: usize, last: u8, v: u128) -> Result<u128, StdError> {
        // the last byte of a minimal encoding is never zero, unless it is the only one
        if last == 0 && len > 1 {
            return Err(self.err("non-minimal varint"));
        }
        self.buf = &self.buf[len..];
        Ok(v)
    }

    /// A varint a byte at a time, with every check.
    #[cold]
    fn varint_long(&mut self) -> Result<u128, StdError> {
        let mut v = 0u128;
        for shift in (0..128).step_by(7) {
            let byte = self.u8()?;
            let bits = u128::from(byte & 0x7f);
            if shift == 126 && bits > 0b11 {
                return Err(self.err("varint overflow"));
            }
            v |= bits << shift;
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 {
                    return Err(self.err("non-minimal varint"));
                }
                return Ok(v);
            }
        }
        Err(self.err("varint overflow"))
    }

    #[inline]
    pub fn u64(&mut self) -> Result<u64, StdError> {
        u64::try_from(self.varint()?).map_err(|_| self.err("u64 overflow"))
    }

    #[inline]
    pub fn uint128(&mut self) -> Result<Uint128, StdError> {
        self.varint().map(Uint128::new)
    }

    #[inline]
    pub fn decimal(&mut self) -> Result<Decimal, StdError> {
        self.varint().map(Decimal::raw)
    }

    #[inline]
    fn take(&mut self, n: usize) -> Result<&'a [u8], StdError> {
        if self.buf.len() < n {
            return Err(self.err("truncated"));
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }

    #[inline]
    pub fn bytes(&mut self) -> Result<&'a [u8], StdError> {
        let len = self.u8()?;
        self.take(len.into())
    }

    pub fn str(&mut self) -> Result<&'a str, StdError> {
        let b = self.bytes()?;
        mars_entry::json::utf8(b).ok_or_else(|| self.err("invalid UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(buf: &[u8]) -> Reader<'_> {
        Reader::new(buf, "test", 7).unwrap()
    }

    #[test]
    fn values_read_back_in_order() {
        let mut w = Writer::with_version(7);
        w.u8(3)
            .bool(true)
            .u16(10_000)
            .varint(0)
            .varint(300)
            .u64(u64::MAX);
        w.str("native:uatom").unwrap();
        w.str("ünïcode denom, longer than a word").unwrap();
        w.decimal(Decimal::percent(150));
        let buf = w.finish();
        let mut r = read(&buf);
        assert_eq!(r.u8().unwrap(), 3);
        assert!(r.bool().unwrap());
        assert_eq!(r.u16().unwrap(), 10_000);
        assert_eq!(r.varint().unwrap(), 0);
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.u64().unwrap(), u64::MAX);
        assert_eq!(r.str().unwrap(), "native:uatom");
        assert_eq!(r.str().unwrap(), "ünïcode denom, longer than a word");
        assert_eq!(r.decimal().unwrap(), Decimal::percent(150));
        r.finish().unwrap();
    }

    #[test]
    fn small_numbers_take_few_bytes() {
        let len = |v: u128| {
            let mut w = Writer::default();
            w.varint(v);
            w.finish().len()
        };
        assert_eq!(len(0), 1);
        assert_eq!(len(127), 1);
        assert_eq!(len(128), 2);
        // $1 as Decimal atomics
        assert_eq!(len(10u128.pow(18)), 9);
        assert_eq!(len(u128::MAX), 19);
    }

    #[test]
    fn malformed_input_is_refused() {
        let err = |buf: &[u8], f: fn(&mut Reader) -> Result<(), StdError>| {
            let mut r = Reader::new(buf, "test", 7).unwrap();
            f(&mut r).unwrap_err().to_string()
        };
        assert!(Reader::new(&[8], "test", 7)
            .err()
            .unwrap()
            .to_string()
            .contains("layout version 8, expected 7"));
        assert!(Reader::new(&[], "test", 7).is_err());
        assert!(err(&[7, 0x80], |r| r.varint().map(drop)).contains("truncated"));
        assert!(err(&[7, 0x80, 0x00], |r| r.varint().map(drop)).contains("non-minimal"));
        let mut too_long = vec![7];
        too_long.extend([0xff; 18]);
        too_long.push(0x04);
        assert!(err(&too_long, |r| r.varint().map(drop)).contains("overflow"));
        assert!(err(&[7, 2], |r| r.bool().map(drop)).contains("invalid bool"));
        assert!(err(&[7, 3, b'a'], |r| r.bytes().map(drop)).contains("truncated"));
        assert!(err(&[7, 1, 0xff], |r| r.str().map(drop)).contains("UTF-8"));
        assert!(err(
            &[7, 9, b'a', b'b', b'c', b'd', b'e', b'f', b'g', b'h', 0xff],
            |r| r.str().map(drop)
        )
        .contains("UTF-8"));
        let mut nine = vec![7];
        nine.extend([0x80; 8]);
        nine.push(0x00);
        assert!(err(&nine, |r| r.varint().map(drop)).contains("non-minimal"));
        let mut eighteen = vec![7];
        eighteen.extend([0x80; 17]);
        eighteen.push(0x00);
        assert!(err(&eighteen, |r| r.varint().map(drop)).contains("non-minimal"));
        assert!(err(&eighteen[..18], |r| r.varint().map(drop)).contains("truncated"));
        assert!(err(&[7, 1], |r| r.u16().map(drop)).contains("truncated"));
        assert!(Reader::new(&[7, 0], "test", 7)
            .unwrap()
            .finish()
            .unwrap_err()
            .to_string()
            .contains("trailing"));
        assert!(Writer::default().bytes(&[0; 256]).is_err());
    }

    proptest! {
        #[test]
        fn every_u128_round_trips_through_one_encoding(v: u128, w: u64, bits in 0u32..128) {
            let v = v >> bits;
            let mut writer = Writer::with_version(7);
            writer.varint(v).u64(w);
            let buf = writer.finish();
            let mut r = read(&buf);
            prop_assert_eq!(r.varint().unwrap(), v);
            prop_assert_eq!(r.u64().unwrap(), w);
            r.finish().unwrap();
        }
    }
}
