//! What a provide or a withdrawal left for its reply: the vault's balances before the pair ran,
//! so that the reply credits what came back by difference (a pair may take less than it was
//! offered, pay back dust or mint its LP tokens however it likes). Written by the message,
//! removed by its reply in the same transaction; its presence refuses a second treasury
//! message until then.

use cosmwasm_std::{Addr, QuerierWrapper, StdError, StdResult, Storage, Uint128};
use mars_types::codec::{Reader, Writer};
use mars_types::AssetInfo;

use crate::ContractError;

const PENDING_KEY: &[u8] = b"pending";
const PENDING_VERSION: u8 = 1;

/// The vault's balances of a pool's three tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Balances {
    pub asset: Uint128,
    pub usdm: Uint128,
    pub lp: Uint128,
}

impl Balances {
    /// The vault's balances now: the paired asset by its bank or cw20 balance, USDm and the LP
    /// token (both of the project's cw20 code) read raw.
    pub fn read(
        querier: &QuerierWrapper,
        vault: &Addr,
        asset: &AssetInfo,
        usdm: &Addr,
        lp_token: &Addr,
    ) -> StdResult<Self> {
        Ok(Balances {
            asset: asset.query_balance(querier, vault)?,
            usdm: mars_types::usdm::balance(querier, usdm, vault)?,
            lp: mars_types::usdm::balance(querier, lp_token, vault)?,
        })
    }
}

/// A treasury message waiting for its reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The pool's index in the vault's pools (pool operations), the market's in its lending
    /// markets (lending withdrawals); zero for staking.
    pub pool: usize,
    /// The vault's balances before the message: for staking and lending, `asset` only.
    pub before: Balances,
    /// Provide: the asset sent and the USDm minted. Pool withdrawal: the LP tokens sent (in
    /// `lp`). Delegation: the coins delegated (in `asset`). Lending withdrawal: the amount asked
    /// (in `asset`) and the principal it takes (in `usdm`).
    pub sent: Balances,
    /// The least the reply must count: LP tokens (provide), asset and USDm (pool withdrawal).
    pub min: Balances,
}

impl Pending {
    pub fn start(&self, storage: &mut dyn Storage) -> Result<(), ContractError> {
        if storage.get(PENDING_KEY).is_some() {
            return Err(ContractError::TreasuryBusy {});
        }
        let mut w = Writer::with_version(PENDING_VERSION);
        w.u8(u8::try_from(self.pool).map_err(|_| StdError::generic_err("pool index"))?);
        for b in [self.before, self.sent, self.min] {
            w.uint128(b.asset).uint128(b.usdm).uint128(b.lp);
        }
        storage.set(PENDING_KEY, &w.finish());
        Ok(())
    }

    /// The pending record, removed.
    pub fn take(storage: &mut dyn Storage) -> StdResult<Self> {
        let raw = storage
            .get(PENDING_KEY)
            .ok_or_else(|| StdError::not_found("a pending treasury operation"))?;
        storage.remove(PENDING_KEY);
        let mut r = Reader::new(&raw, "pending treasury operation", PENDING_VERSION)?;
        let pool = usize::from(r.u8()?);
        let mut balances = || -> StdResult<Balances> {
            Ok(Balances {
                asset: r.uint128()?,
                usdm: r.uint128()?,
                lp: r.uint128()?,
            })
        };
        let before = balances()?;
        let sent = balances()?;
        let min = balances()?;
        r.finish()?;
        Ok(Pending {
            pool,
            before,
            sent,
            min,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    #[test]
    fn a_pending_record_is_taken_once_and_blocks_a_second() {
        let mut storage = MockStorage::new();
        let p = Pending {
            pool: 3,
            before: Balances {
                asset: Uint128::new(1),
                usdm: Uint128::new(2),
                lp: Uint128::new(3),
            },
            sent: Balances {
                asset: Uint128::new(4),
                usdm: Uint128::MAX,
                lp: Uint128::zero(),
            },
            min: Balances::default(),
        };
        p.start(&mut storage).unwrap();
        assert_eq!(p.start(&mut storage), Err(ContractError::TreasuryBusy {}));
        assert_eq!(Pending::take(&mut storage).unwrap(), p);
        assert!(Pending::take(&mut storage).is_err());
        p.start(&mut storage).unwrap();
    }
}
