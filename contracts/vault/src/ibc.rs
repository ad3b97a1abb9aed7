//! Minting in the ICS-20 packet that brings the collateral ([`mars_types::ics20`]): wasmd's
//! IBC callbacks middleware calls `ibc_destination_callback` once the coins of a transfer whose
//! memo names the vault have arrived. The coins are minted for exactly as a direct mint, to the
//! beneficiary the memo names; any refusal fails the callback, which makes the chain revert the
//! receive and the source chain refund the sender.
//!
//! `ibc_source_callback` settles the redemptions the vault paid to other chains
//! ([`crate::payouts`]).

use cosmwasm_std::{
    from_json, DepsMut, Env, IbcBasicResponse, IbcDestinationCallbackMsg, IbcPacket,
    IbcSourceCallbackMsg,
};
use mars_types::ics20::{ack_error, local_denom, mint_memo, FungibleTokenPacketData};
use mars_types::AssetInfo;

use crate::mint::{mint_with, Deposit};
use crate::payouts::{self, Outcome, Settled};
use crate::state::Settings;
use crate::ContractError;

pub fn destination_callback(
    deps: DepsMut,
    env: &Env,
    msg: IbcDestinationCallbackMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let packet = msg.packet;
    let channel = packet.dest.channel_id.clone();
    // a receive that failed delivered nothing: there is nothing to mint for
    if let Some(error) = ack_error(&msg.ack.data) {
        return Ok(IbcBasicResponse::new()
            .add_attribute("action", "ibc_transfer_failed")
            .add_attribute("channel", channel)
            .add_attribute("error", error));
    }
    let data: FungibleTokenPacketData =
        from_json(&packet.data).map_err(|e| ContractError::IbcPacketUnreadable {
            error: e.to_string(),
        })?;
    // the memo may name the vault for a transfer to someone else: those coins are not the
    // vault's to mint for
    let vault = deps.api.addr_canonicalize(env.contract.address.as_str())?;
    if deps.api.addr_canonicalize(&data.receiver).ok() != Some(vault) {
        return Err(ContractError::IbcWrongReceiver {
            receiver: data.receiver,
        });
    }
    let denom = local_denom(
        &data.denom,
        &packet.src.port_id,
        &packet.src.channel_id,
        &packet.dest.port_id,
        &channel,
    )?;
    let memo = mint_memo(&data.memo)
        .map_err(|e| ContractError::IbcMemoUnreadable {
            error: e.to_string(),
        })?
        .ok_or(ContractError::IbcNoMintMemo {})?;
    let recipient =
        deps.api
            .addr_validate(&memo.beneficiary)
            .map_err(|e| ContractError::IbcBeneficiary {
                beneficiary: memo.beneficiary.clone(),
                error: e.to_string(),
            })?;
    let settings = Settings::load(deps.storage)?;
    let deposit = Deposit {
        sender: data.sender.clone(),
        asset: AssetInfo::Native { denom },
        amount: data.amount,
        recipient,
        min_out: memo.min_out,
    };
    let res = mint_with(deps, env, &settings, deposit)?;
    Ok(IbcBasicResponse::new()
        .add_submessages(res.messages)
        .add_attributes(res.attributes)
        .add_attribute("channel", channel)
        .add_attribute("source_sender", data.sender))
}

pub fn source_callback(
    deps: DepsMut,
    env: &Env,
    msg: IbcSourceCallbackMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let (packet, outcome): (IbcPacket, _) = match &msg {
        IbcSourceCallbackMsg::Acknowledgement(ack) => (
            ack.original_packet.clone(),
            Outcome::Acknowledged(ack.acknowledgement.data.as_slice()),
        ),
        IbcSourceCallbackMsg::Timeout(timeout) => (timeout.packet.clone(), Outcome::TimedOut),
    };
    let settled = payouts::settle(
        deps.storage,
        env,
        &packet.src.port_id,
        &packet.src.channel_id,
        &packet.data,
        outcome,
    )?;
    let packet_attrs = [
        ("channel", packet.src.channel_id.clone()),
        ("sequence", packet.sequence.to_string()),
    ];
    let res = match settled {
        Settled::Delivered { id, payout } => IbcBasicResponse::new()
            .add_attribute("action", "ibc_payout_delivered")
            .add_attributes(packet_attrs)
            .add_attributes(payout_attrs(id, payout)),
        Settled::Refunded { id, payout, reason } => IbcBasicResponse::new()
            .add_attribute("action", "ibc_payout_refunded")
            .add_attributes(packet_attrs)
            .add_attributes(payout_attrs(id, payout))
            .add_attribute("reason", reason),
        Settled::Ignored { reason } => IbcBasicResponse::new()
            .add_attribute("action", "ibc_callback_ignored")
            .add_attributes(packet_attrs)
            .add_attribute("reason", reason),
    };
    Ok(res)
}

fn payout_attrs(id: u64, payout: payouts::PendingPayout) -> [(&'static str, String); 4] {
    [
        ("payout_id", id.to_string()),
        ("redeemer", payout.redeemer.into_string()),
        ("receiver", payout.receiver),
        ("amount", format!("{}{}", payout.amount, payout.denom)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};
    use cosmwasm_std::{IbcAcknowledgement, IbcEndpoint, IbcPacket, IbcTimeout, Timestamp};

    fn endpoint(channel: &str) -> IbcEndpoint {
        IbcEndpoint {
            port_id: "transfer".into(),
            channel_id: channel.into(),
        }
    }

    /// A receive that failed delivered no coins: the callback mints nothing and reads nothing
    /// else (here not even a vault's state), and still succeeds.
    #[test]
    fn an_error_acknowledgement_mints_nothing() {
        let mut deps = mock_dependencies();
        let msg = IbcDestinationCallbackMsg {
            packet: IbcPacket::new(
                b"{}".as_slice(),
                endpoint("channel-1"),
                endpoint("channel-2"),
                1,
                IbcTimeout::with_timestamp(Timestamp::from_seconds(1)),
            ),
            ack: IbcAcknowledgement::new(br#"{"error":"insufficient funds"}"#.as_slice()),
        };
        let res = destination_callback(deps.as_mut(), &mock_env(), msg).unwrap();
        assert!(res.messages.is_empty());
        assert_eq!(res.attributes[0].value, "ibc_transfer_failed");
    }

    #[test]
    fn a_packet_that_is_no_transfer_is_refused() {
        let mut deps = mock_dependencies();
        let msg = IbcDestinationCallbackMsg {
            packet: IbcPacket::new(
                br#"{"not":"ics20"}"#.as_slice(),
                endpoint("channel-1"),
                endpoint("channel-2"),
                1,
                IbcTimeout::with_timestamp(Timestamp::from_seconds(1)),
            ),
            ack: IbcAcknowledgement::new(br#"{"result":"AQ=="}"#.as_slice()),
        };
        let err = destination_callback(deps.as_mut(), &mock_env(), msg).unwrap_err();
        assert!(
            matches!(err, ContractError::IbcPacketUnreadable { .. }),
            "{err}"
        );
    }
}
