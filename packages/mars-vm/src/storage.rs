//! A contract's key-value store for the VM, cloneable so a failed message can be rolled back,
//! counting reads and writes so the report can price them in SDK storage gas.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use cosmwasm_std::{Order, Record};
use cosmwasm_vm::{BackendError, BackendResult, GasInfo, Storage};

/// Storage operations, priced by the report with the Cosmos SDK's KV gas table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StorageOps {
    pub reads: u64,
    pub read_bytes: u64,
    pub writes: u64,
    pub write_bytes: u64,
    pub deletes: u64,
    pub iter_nexts: u64,
}

impl StorageOps {
    pub fn add(&mut self, other: &StorageOps) {
        self.reads += other.reads;
        self.read_bytes += other.read_bytes;
        self.writes += other.writes;
        self.write_bytes += other.write_bytes;
        self.deletes += other.deletes;
        self.iter_nexts += other.iter_nexts;
    }

    /// SDK gas of these operations with the default `KVGasConfig` (read 1,000 + 3/byte, write
    /// 2,000 + 30/byte, delete 1,000, iterator step 30).
    pub fn sdk_gas(&self) -> u64 {
        self.reads * 1_000
            + self.read_bytes * 3
            + self.writes * 2_000
            + self.write_bytes * 30
            + self.deletes * 1_000
            + self.iter_nexts * 30
    }
}

#[derive(Clone, Default)]
pub struct ContractStorage {
    data: BTreeMap<Vec<u8>, Vec<u8>>,
    /// Open iterators: the remaining records, taken at `scan` time (as a snapshot).
    iterators: HashMap<u32, std::vec::IntoIter<Record>>,
    next_iterator: u32,
    ops: Cell<StorageOps>,
}

impl ContractStorage {
    /// Returns and resets the operations counted since the last call.
    pub fn take_ops(&mut self) -> StorageOps {
        self.ops.take()
    }

    fn count(&self, f: impl FnOnce(&mut StorageOps)) {
        let mut ops = self.ops.get();
        f(&mut ops);
        self.ops.set(ops);
    }

    /// Reads a key without counting it, for the host's raw queries.
    pub fn raw(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.data.get(key).cloned()
    }
}

// The SDK charges storage in its own gas; the VM's meter is left to execution.
impl Storage for ContractStorage {
    fn get(&self, key: &[u8]) -> BackendResult<Option<Vec<u8>>> {
        let value = self.data.get(key).cloned();
        self.count(|o| {
            o.reads += 1;
            o.read_bytes += (key.len() + value.as_ref().map_or(0, Vec::len)) as u64;
        });
        (Ok(value), GasInfo::free())
    }

    fn scan(
        &mut self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> BackendResult<u32> {
        let lower = start.map_or(Bound::Unbounded, |s| Bound::Included(s.to_vec()));
        let upper = end.map_or(Bound::Unbounded, |e| Bound::Excluded(e.to_vec()));
        if let (Bound::Included(s), Bound::Excluded(e)) = (&lower, &upper) {
            if s >= e {
                return self.open(vec![]);
            }
        }
        let range = self.data.range((lower, upper));
        let records: Vec<Record> = match order {
            Order::Ascending => range.map(|(k, v)| (k.clone(), v.clone())).collect(),
            Order::Descending => range.rev().map(|(k, v)| (k.clone(), v.clone())).collect(),
        };
        self.open(records)
    }

    fn next(&mut self, iterator_id: u32) -> BackendResult<Option<Record>> {
        let Some(iter) = self.iterators.get_mut(&iterator_id) else {
            return (
                Err(BackendError::iterator_does_not_exist(iterator_id)),
                GasInfo::free(),
            );
        };
        let record = iter.next();
        self.count(|o| {
            o.iter_nexts += 1;
            o.read_bytes += record.as_ref().map_or(0, |(k, v)| k.len() + v.len()) as u64;
        });
        (Ok(record), GasInfo::free())
    }

    fn set(&mut self, key: &[u8], value: &[u8]) -> BackendResult<()> {
        self.count(|o| {
            o.writes += 1;
            o.write_bytes += (key.len() + value.len()) as u64;
        });
        self.data.insert(key.to_vec(), value.to_vec());
        (Ok(()), GasInfo::free())
    }

    fn remove(&mut self, key: &[u8]) -> BackendResult<()> {
        self.count(|o| o.deletes += 1);
        self.data.remove(key);
        (Ok(()), GasInfo::free())
    }
}

impl ContractStorage {
    fn open(&mut self, records: Vec<Record>) -> BackendResult<u32> {
        let id = self.next_iterator;
        self.next_iterator += 1;
        self.iterators.insert(id, records.into_iter());
        (Ok(id), GasInfo::free())
    }
}
