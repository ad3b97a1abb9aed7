//! Each proposal's voting record: what a vote reads and writes, in one compact record apart
//! from the proposal's body (its text and messages), so that a vote neither reads nor rewrites
//! them.
//!
//! Layout (version 1), under `voting` followed by the proposal id (8 bytes, big-endian): the
//! version byte, then `start_height` and `voting_end` (unix nanoseconds) as varint u64, then the
//! tally's yes, no, abstain and veto power as varint u128.

use cosmwasm_std::{StdResult, Storage, Timestamp};
use mars_types::codec::{Reader, Writer};
use mars_types::governance::Tally;

use crate::state::StoredProposal;
use crate::ContractError;

const VERSION: u8 = 1;
const WHAT: &str = "voting record";
const NAMESPACE: &[u8] = b"voting";

/// The part of a proposal a vote needs, with the votes cast so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct VotingRecord {
    /// Voting power is read at this height.
    pub start_height: u64,
    /// Votes are accepted until this time (exclusive).
    pub voting_end: Timestamp,
    pub tally: Tally,
}

impl VotingRecord {
    /// The record of a new proposal: no votes yet.
    pub fn new(proposal: &StoredProposal) -> Self {
        VotingRecord {
            start_height: proposal.start_height,
            voting_end: proposal.voting_end,
            tally: Tally::default(),
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_version(VERSION);
        w.u64(self.start_height)
            .u64(self.voting_end.nanos())
            .uint128(self.tally.yes)
            .uint128(self.tally.no)
            .uint128(self.tally.abstain)
            .uint128(self.tally.veto);
        w.finish()
    }

    pub fn decode(bytes: &[u8]) -> StdResult<Self> {
        let mut r = Reader::new(bytes, WHAT, VERSION)?;
        let record = VotingRecord {
            start_height: r.u64()?,
            voting_end: Timestamp::from_nanos(r.u64()?),
            tally: Tally {
                yes: r.uint128()?,
                no: r.uint128()?,
                abstain: r.uint128()?,
                veto: r.uint128()?,
            },
        };
        r.finish()?;
        Ok(record)
    }
}

/// The storage key of proposal `id`'s record.
pub fn key(id: u64) -> Vec<u8> {
    [NAMESPACE, &id.to_be_bytes()].concat()
}

pub fn save(storage: &mut dyn Storage, id: u64, record: &VotingRecord) {
    storage.set(&key(id), &record.encode());
}

/// The record of proposal `id`, or [`ContractError::ProposalNotFound`]: every proposal has one.
pub fn load(storage: &dyn Storage, id: u64) -> Result<VotingRecord, ContractError> {
    let raw = storage
        .get(&key(id))
        .ok_or(ContractError::ProposalNotFound { id })?;
    Ok(VotingRecord::decode(&raw)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::Uint128;

    #[test]
    fn a_record_round_trips_in_a_few_dozen_bytes_and_a_malformed_one_is_refused() {
        let record = VotingRecord {
            start_height: 1_234_567,
            voting_end: Timestamp::from_seconds(1_800_000_000),
            tally: Tally {
                yes: Uint128::new(40_000_000_000_000),
                no: Uint128::new(7),
                abstain: Uint128::zero(),
                veto: Uint128::new(u128::MAX),
            },
        };
        let bytes = record.encode();
        assert!(bytes.len() < 48, "{} bytes", bytes.len());
        assert_eq!(VotingRecord::decode(&bytes).unwrap(), record);
        assert!(VotingRecord::decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(VotingRecord::decode(&[bytes.as_slice(), &[0]].concat()).is_err());

        let mut storage = MockStorage::new();
        assert_eq!(
            load(&storage, 3).unwrap_err(),
            ContractError::ProposalNotFound { id: 3 }
        );
        save(&mut storage, 3, &record);
        assert_eq!(load(&storage, 3).unwrap(), record);
        assert_ne!(key(3), key(4));
    }
}
