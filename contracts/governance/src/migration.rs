//! From 0.1, which kept each proposal's tally in a JSON map (`tallies`, absent until the first
//! vote), to the compact voting records of [`crate::voting`].

use cosmwasm_std::{Order, StdResult, Storage};
use cw_storage_plus::Map;
use mars_types::governance::Tally;

use crate::state::PROPOSALS;
use crate::voting::{self, VotingRecord};

const TALLIES: Map<u64, Tally> = Map::new("tallies");

/// Writes every proposal's voting record with its 0.1 tally and drops the tally; returns how
/// many records it wrote.
pub fn to_voting_records(storage: &mut dyn Storage) -> StdResult<u64> {
    let proposals = PROPOSALS
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<Vec<_>>>()?;
    let mut written = 0;
    for (id, proposal) in proposals {
        let record = VotingRecord {
            tally: TALLIES.may_load(storage, id)?.unwrap_or_default(),
            ..VotingRecord::new(&proposal)
        };
        voting::save(storage, id, &record);
        TALLIES.remove(storage, id);
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
    use mars_types::governance::VotingRules;

    use crate::state::StoredProposal;

    fn proposal(id: u64) -> StoredProposal {
        StoredProposal {
            id,
            title: "t".into(),
            description: "d".into(),
            msgs: vec![],
            proposer: Addr::unchecked("proposer"),
            deposit: Uint128::new(100),
            start_height: 10 * id,
            voting_end: Timestamp::from_seconds(1_000 * id),
            executable_at: Timestamp::from_seconds(2_000 * id),
            expires_at: Timestamp::from_seconds(3_000 * id),
            rules: VotingRules {
                quorum: Decimal::percent(40),
                threshold: Decimal::percent(50),
                veto_threshold: Decimal::percent(33),
            },
            total_power: Uint128::new(1_000),
            resolution: None,
            execution_attempts: 0,
        }
    }

    #[test]
    fn every_proposal_gets_its_record_with_the_tally_it_had() {
        let mut storage = MockStorage::new();
        let voted = Tally {
            yes: Uint128::new(600),
            no: Uint128::new(1),
            abstain: Uint128::zero(),
            veto: Uint128::new(2),
        };
        for id in [1, 2] {
            PROPOSALS.save(&mut storage, id, &proposal(id)).unwrap();
        }
        // proposal 1 was voted on, proposal 2 not yet
        TALLIES.save(&mut storage, 1, &voted).unwrap();

        assert_eq!(to_voting_records(&mut storage).unwrap(), 2);
        assert_eq!(
            voting::load(&storage, 1).unwrap(),
            VotingRecord {
                start_height: 10,
                voting_end: Timestamp::from_seconds(1_000),
                tally: voted,
            }
        );
        assert_eq!(voting::load(&storage, 2).unwrap().tally, Tally::default());
        assert_eq!(TALLIES.may_load(&storage, 1).unwrap(), None);
    }
}
