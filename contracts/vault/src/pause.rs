//! Emergency switches. The guardian can stop new risk entering (mints) and the draining of
//! single assets; it can never move funds, unpause, or stop proportional redemption, which
//! only the owner may halt.

use cosmwasm_std::{Addr, DepsMut, Response};
use mars_types::vault::PauseTarget;

use crate::state::Settings;
use crate::ContractError;

pub fn set_pause(
    deps: DepsMut,
    sender: &Addr,
    target: PauseTarget,
    paused: bool,
) -> Result<Response, ContractError> {
    let is_owner = cw_ownable::assert_owner(deps.storage, sender).is_ok();
    let mut settings = Settings::load(deps.storage)?;
    if paused {
        let is_guardian = settings.guardian.as_ref() == Some(sender);
        if !(is_owner || is_guardian) {
            return Err(ContractError::NotGuardian {});
        }
    } else {
        cw_ownable::assert_owner(deps.storage, sender)?;
    }
    if matches!(target, PauseTarget::ProportionalRedeem) && !is_owner {
        return Err(ContractError::ProportionalRedeemOwnerOnly {});
    }

    let mut res = Response::new()
        .add_attribute("action", if paused { "pause" } else { "unpause" })
        .add_attribute("sender", sender);
    match target {
        PauseTarget::MintAsset { asset } => {
            let asset = asset.check(deps.api)?;
            let index =
                settings
                    .position(&asset)
                    .ok_or_else(|| ContractError::AssetNotWhitelisted {
                        asset: asset.to_string(),
                    })?;
            settings.assets[index].mint_paused = paused;
            res = res
                .add_attribute("target", "mint_asset")
                .add_attribute("asset", asset.to_string());
        }
        target => {
            let pauses = &mut settings.pauses;
            let (flag, name) = match target {
                PauseTarget::Mint => (&mut pauses.mint, "mint"),
                PauseTarget::SingleRedeem => (&mut pauses.single_redeem, "single_redeem"),
                PauseTarget::ProportionalRedeem => {
                    (&mut pauses.proportional_redeem, "proportional_redeem")
                }
                PauseTarget::MintAsset { .. } => unreachable!("handled above"),
            };
            *flag = paused;
            res = res.add_attribute("target", name);
        }
    }
    settings.save(deps.storage)?;
    Ok(res)
}
