//! Redemptions paid to another chain. Each native coin of the payout leaves in an ICS-20
//! transfer from the vault whose memo asks the chain's IBC callbacks middleware for a source
//! callback and names the payout ([`mars_types::ics20::payout_memo`]); the vault records the
//! payout until the callback settles it:
//!
//! - a success acknowledgement: delivered, the record is dropped;
//! - an error acknowledgement or a timeout: the transfer module has refunded the coins to the
//!   vault; they become the redeemer's claim ([`crate::claims`]), never collateral again.
//!
//! A record is settled once (it is removed as it is settled), so a coin is never counted twice;
//! callbacks for packets the vault did not send, or that name no open payout, change nothing.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    Addr, Coin, CosmosMsg, Env, IbcMsg, IbcTimeout, Order, StdResult, Storage, Uint128,
};
use cw_storage_plus::{Bound, Index, IndexList, IndexedMap, Item, MultiIndex};
use mars_types::ics20::{ack_error, payout_id, payout_memo, FungibleTokenPacketData};
use mars_types::vault::{
    IbcDestination, IbcPayoutResponse, Payout, DEFAULT_IBC_TIMEOUT_SECONDS,
    MAX_IBC_RECEIVER_LENGTH, MAX_IBC_TIMEOUT_SECONDS,
};
use mars_types::AssetInfo;

use crate::claims;
use crate::ContractError;

/// A coin sent to another chain and not yet acknowledged or timed out.
#[cw_serde]
pub struct PendingPayout {
    pub redeemer: Addr,
    pub channel: String,
    pub receiver: String,
    pub denom: String,
    pub amount: Uint128,
    pub timeout: u64,
}

pub struct PayoutIndexes<'a> {
    pub redeemer: MultiIndex<'a, Addr, PendingPayout, u64>,
}

impl IndexList<PendingPayout> for PayoutIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<PendingPayout>> + '_> {
        let v: Vec<&dyn Index<PendingPayout>> = vec![&self.redeemer];
        Box::new(v.into_iter())
    }
}

fn pending<'a>() -> IndexedMap<u64, PendingPayout, PayoutIndexes<'a>> {
    IndexedMap::new(
        "ibc_payouts",
        PayoutIndexes {
            redeemer: MultiIndex::new(|_, p| p.redeemer.clone(), "ibc_payouts", "ibc_payouts__r"),
        },
    )
}

const NEXT_ID: Item<u64> = Item::new("ibc_payout_next");

/// The destination's checks that need no state: a transfer channel's name, a receiver ICS-20
/// accepts, a timeout in range. The seconds until the timeout.
pub fn validate(destination: &IbcDestination) -> Result<u64, ContractError> {
    let channel = &destination.channel;
    let well_formed = channel
        .strip_prefix("channel-")
        .is_some_and(|n| !n.is_empty() && n.len() <= 20 && n.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(ContractError::IbcChannelInvalid {
            channel: channel.clone(),
        });
    }
    let receiver = &destination.receiver;
    if receiver.is_empty()
        || receiver.len() > MAX_IBC_RECEIVER_LENGTH
        || receiver
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ContractError::IbcReceiverInvalid {
            receiver: receiver.clone(),
        });
    }
    let seconds = destination
        .timeout_seconds
        .unwrap_or(DEFAULT_IBC_TIMEOUT_SECONDS);
    if !(1..=MAX_IBC_TIMEOUT_SECONDS).contains(&seconds) {
        return Err(ContractError::IbcTimeoutOutOfRange { seconds });
    }
    Ok(seconds)
}

/// Records each payout and returns its transfer, in the payouts' order, with the ids. Every
/// payout must be a native coin: ICS-20 does not carry cw20 tokens.
pub fn send(
    storage: &mut dyn Storage,
    env: &Env,
    redeemer: &Addr,
    destination: &IbcDestination,
    timeout_seconds: u64,
    payouts: &[Payout],
) -> Result<(Vec<CosmosMsg>, Vec<u64>), ContractError> {
    let timeout = env.block.time.plus_seconds(timeout_seconds);
    let mut next = NEXT_ID.may_load(storage)?.unwrap_or(1);
    let mut msgs = Vec::with_capacity(payouts.len());
    let mut ids = Vec::with_capacity(payouts.len());
    for p in payouts {
        let AssetInfo::Native { denom } = &p.asset else {
            return Err(ContractError::IbcPayoutNotNative {
                asset: p.asset.to_string(),
            });
        };
        let id = next;
        next += 1;
        pending().save(
            storage,
            id,
            &PendingPayout {
                redeemer: redeemer.clone(),
                channel: destination.channel.clone(),
                receiver: destination.receiver.clone(),
                denom: denom.clone(),
                amount: p.amount,
                timeout: timeout.seconds(),
            },
        )?;
        msgs.push(CosmosMsg::Ibc(IbcMsg::Transfer {
            channel_id: destination.channel.clone(),
            to_address: destination.receiver.clone(),
            amount: Coin::new(p.amount, denom),
            timeout: IbcTimeout::with_timestamp(timeout),
            memo: Some(payout_memo(env.contract.address.as_str(), id)),
        }));
        ids.push(id);
    }
    NEXT_ID.save(storage, &next)?;
    Ok((msgs, ids))
}

/// How a payout's packet ended.
pub enum Outcome<'a> {
    Acknowledged(&'a [u8]),
    TimedOut,
}

/// What settling a packet did, for the callback's events.
pub enum Settled {
    Delivered {
        id: u64,
        payout: PendingPayout,
    },
    Refunded {
        id: u64,
        payout: PendingPayout,
        reason: String,
    },
    /// Not a packet of an open payout of this vault: nothing changed.
    Ignored {
        reason: &'static str,
    },
}

/// Settles the payout a packet the vault sent carries. Never fails for a packet that is not one
/// of its payouts: the callback must not revert what the transfer module did.
pub fn settle(
    storage: &mut dyn Storage,
    env: &Env,
    port: &str,
    channel: &str,
    data: &[u8],
    outcome: Outcome,
) -> StdResult<Settled> {
    let Ok(data) = cosmwasm_std::from_json::<FungibleTokenPacketData>(data) else {
        return Ok(Settled::Ignored {
            reason: "not an ICS-20 packet",
        });
    };
    if port != "transfer" || data.sender != env.contract.address.as_str() {
        return Ok(Settled::Ignored {
            reason: "not a transfer the vault sent",
        });
    }
    let Some(id) = payout_id(&data.memo) else {
        return Ok(Settled::Ignored {
            reason: "no payout in the memo",
        });
    };
    let Some(payout) = pending().may_load(storage, id)? else {
        return Ok(Settled::Ignored {
            reason: "no open payout with this id",
        });
    };
    if payout.channel != channel || payout.amount != data.amount {
        return Ok(Settled::Ignored {
            reason: "the packet does not match the payout",
        });
    }
    pending().remove(storage, id)?;
    let reason = match outcome {
        Outcome::Acknowledged(ack) => match ack_error(ack) {
            None => return Ok(Settled::Delivered { id, payout }),
            Some(error) => format!("error acknowledgement: {error}"),
        },
        Outcome::TimedOut => "timeout".to_string(),
    };
    claims::credit(storage, &payout.redeemer, &payout.denom, payout.amount)?;
    Ok(Settled::Refunded { id, payout, reason })
}

const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 30;

/// Open payouts by id, `redeemer`'s only when named.
pub fn list(
    storage: &dyn Storage,
    redeemer: Option<Addr>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<Vec<IbcPayoutResponse>> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
    let start = start_after.map(Bound::exclusive);
    let map = pending();
    let items = match redeemer {
        Some(r) => map
            .idx
            .redeemer
            .prefix(r)
            .range(storage, start, None, Order::Ascending)
            .take(limit)
            .collect::<StdResult<Vec<_>>>()?,
        None => map
            .range(storage, start, None, Order::Ascending)
            .take(limit)
            .collect::<StdResult<Vec<_>>>()?,
    };
    Ok(items
        .into_iter()
        .map(|(id, p)| IbcPayoutResponse {
            id,
            redeemer: p.redeemer,
            channel: p.channel,
            receiver: p.receiver,
            coin: Coin::new(p.amount, p.denom),
            timeout: p.timeout,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env, MockApi};
    use cosmwasm_std::Decimal;

    const ACK_OK: &[u8] = br#"{"result":"AQ=="}"#;
    const ACK_ERR: &[u8] = br#"{"error":"ABCI code: 1: receiver blocked"}"#;

    /// One open payout of 5,000,000 `ibc/usdc` on `channel-3`, and the packet the chain sent
    /// for it.
    fn sent(storage: &mut dyn Storage, env: &Env) -> (Addr, Vec<u8>) {
        let redeemer = MockApi::default().addr_make("alice");
        let payout = Payout {
            asset: AssetInfo::Native {
                denom: "ibc/usdc".into(),
            },
            amount: Uint128::new(5_000_000),
            fee: Uint128::zero(),
            price: Decimal::one(),
        };
        let (msgs, ids) = send(
            storage,
            env,
            &redeemer,
            &destination("channel-3", "noble1alice", None),
            60,
            &[payout],
        )
        .unwrap();
        assert_eq!(ids, vec![1]);
        let CosmosMsg::Ibc(IbcMsg::Transfer { memo, .. }) = &msgs[0] else {
            panic!("a transfer: {msgs:?}");
        };
        let data = packet_data(env.contract.address.as_str(), 5_000_000, memo.as_deref());
        (redeemer, data)
    }

    fn packet_data(sender: &str, amount: u128, memo: Option<&str>) -> Vec<u8> {
        cosmwasm_std::to_json_vec(&serde_json::json!({
            "amount": amount.to_string(),
            "denom": "ibc/usdc",
            "memo": memo.unwrap_or_default(),
            "receiver": "noble1alice",
            "sender": sender,
        }))
        .unwrap()
    }

    fn claims_of(storage: &dyn Storage, owner: &Addr) -> Vec<Coin> {
        claims::query(storage, owner.clone()).unwrap().claims
    }

    #[test]
    fn a_refunded_payout_is_credited_once_however_often_its_callback_comes() {
        let mut deps = mock_dependencies();
        let env = mock_env();
        let (alice, data) = sent(&mut deps.storage, &env);
        let refund = |storage: &mut dyn Storage| {
            settle(
                storage,
                &env,
                "transfer",
                "channel-3",
                &data,
                Outcome::Acknowledged(ACK_ERR),
            )
            .unwrap()
        };
        assert!(matches!(
            refund(&mut deps.storage),
            Settled::Refunded { id: 1, .. }
        ));
        // the same callback again, or a timeout after the acknowledgement: nothing more
        assert!(matches!(refund(&mut deps.storage), Settled::Ignored { .. }));
        let timeout = settle(
            &mut deps.storage,
            &env,
            "transfer",
            "channel-3",
            &data,
            Outcome::TimedOut,
        )
        .unwrap();
        assert!(matches!(timeout, Settled::Ignored { .. }));
        assert_eq!(
            claims_of(&deps.storage, &alice),
            vec![Coin::new(5_000_000u128, "ibc/usdc")]
        );
        assert_eq!(
            claims::owed(&deps.storage, "ibc/usdc").unwrap().u128(),
            5_000_000
        );
        assert!(list(&deps.storage, None, None, None).unwrap().is_empty());
    }

    #[test]
    fn a_delivered_payout_is_dropped_and_owes_nothing() {
        let mut deps = mock_dependencies();
        let env = mock_env();
        let (alice, data) = sent(&mut deps.storage, &env);
        let settled = settle(
            &mut deps.storage,
            &env,
            "transfer",
            "channel-3",
            &data,
            Outcome::Acknowledged(ACK_OK),
        )
        .unwrap();
        assert!(matches!(settled, Settled::Delivered { id: 1, .. }));
        assert!(claims_of(&deps.storage, &alice).is_empty());
        assert!(list(&deps.storage, Some(alice), None, None)
            .unwrap()
            .is_empty());
    }

    /// A packet that is not the vault's open payout (another sender, another port or channel,
    /// another amount, a memo naming no payout or an unknown one, not ICS-20 at all) changes
    /// nothing: the payout stays open and no claim appears.
    #[test]
    fn a_packet_that_is_not_an_open_payout_of_the_vault_changes_nothing() {
        let mut deps = mock_dependencies();
        let env = mock_env();
        let (alice, data) = sent(&mut deps.storage, &env);
        let vault = env.contract.address.to_string();
        let memo = payout_memo(&vault, 1);
        let cases: Vec<(&str, &str, Vec<u8>)> = vec![
            (
                "transfer",
                "channel-3",
                packet_data("wasm1mallory", 5_000_000, Some(&memo)),
            ),
            ("wasm.x", "channel-3", data.clone()),
            ("transfer", "channel-4", data.clone()),
            (
                "transfer",
                "channel-3",
                packet_data(&vault, 5_000_001, Some(&memo)),
            ),
            (
                "transfer",
                "channel-3",
                packet_data(&vault, 5_000_000, None),
            ),
            (
                "transfer",
                "channel-3",
                packet_data(&vault, 5_000_000, Some(&payout_memo(&vault, 2))),
            ),
            ("transfer", "channel-3", b"not json".to_vec()),
        ];
        for (port, channel, data) in cases {
            let settled = settle(
                &mut deps.storage,
                &env,
                port,
                channel,
                &data,
                Outcome::TimedOut,
            )
            .unwrap();
            assert!(
                matches!(settled, Settled::Ignored { .. }),
                "{port} {channel}"
            );
        }
        assert!(claims_of(&deps.storage, &alice).is_empty());
        assert_eq!(
            list(&deps.storage, Some(alice), None, None).unwrap().len(),
            1
        );
    }

    fn destination(channel: &str, receiver: &str, timeout: Option<u64>) -> IbcDestination {
        IbcDestination {
            channel: channel.into(),
            receiver: receiver.into(),
            timeout_seconds: timeout,
        }
    }

    #[test]
    fn a_destination_names_a_transfer_channel_a_receiver_and_a_timeout_in_range() {
        assert_eq!(
            validate(&destination("channel-0", "cosmos1abc", None)),
            Ok(DEFAULT_IBC_TIMEOUT_SECONDS)
        );
        assert_eq!(
            validate(&destination("channel-42", "cosmos1abc", Some(1))),
            Ok(1)
        );
        for channel in [
            "",
            "channel-",
            "channel-x",
            "connection-0",
            "channel-1 ",
            "Channel-1",
        ] {
            assert_eq!(
                validate(&destination(channel, "cosmos1abc", None)),
                Err(ContractError::IbcChannelInvalid {
                    channel: channel.into()
                })
            );
        }
        let long = "a".repeat(MAX_IBC_RECEIVER_LENGTH + 1);
        for receiver in ["", "cosmos1 abc", "cosmos1\nabc", long.as_str()] {
            assert_eq!(
                validate(&destination("channel-0", receiver, None)),
                Err(ContractError::IbcReceiverInvalid {
                    receiver: receiver.into()
                })
            );
        }
        for seconds in [0, MAX_IBC_TIMEOUT_SECONDS + 1] {
            assert_eq!(
                validate(&destination("channel-0", "cosmos1abc", Some(seconds))),
                Err(ContractError::IbcTimeoutOutOfRange { seconds })
            );
        }
    }
}
