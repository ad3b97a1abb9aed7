//! The configuration, which only governance itself changes (through a proposal), and the
//! permissionless acceptance of ownership transfers offered to governance.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Api, Decimal, DepsMut, OverflowError, OverflowOperation, Response,
    Uint128, WasmMsg,
};
use mars_types::governance::{
    Config, ConfigUpdate, GuardianUpdate, InstantiateMsg, Periods, VotingRules, MAX_PERIOD,
};

use crate::state::CONFIG;
use crate::ContractError;

/// The cw-ownable execute message every owned protocol contract accepts.
#[cw_serde]
enum OwnableExecuteMsg {
    UpdateOwnership(cw_ownable::Action),
}

fn validate_ratio(name: &'static str, value: Decimal) -> Result<(), ContractError> {
    if value.is_zero() || value > Decimal::one() {
        return Err(ContractError::RatioOutOfRange { name, value });
    }
    Ok(())
}

fn validate_rules(rules: &VotingRules) -> Result<(), ContractError> {
    validate_ratio("quorum", rules.quorum)?;
    validate_ratio("threshold", rules.threshold)?;
    validate_ratio("veto_threshold", rules.veto_threshold)
}

fn validate_periods(periods: &Periods) -> Result<(), ContractError> {
    for (name, seconds) in [
        ("voting", periods.voting),
        ("timelock", periods.timelock),
        ("execution_window", periods.execution_window),
        ("unbonding", periods.unbonding),
    ] {
        if seconds == 0 || seconds > MAX_PERIOD {
            return Err(ContractError::PeriodOutOfRange {
                name,
                seconds,
                max: MAX_PERIOD,
            });
        }
    }
    // XMS that voted must still be locked when the proposal can first execute: the voter
    // bears what they voted for
    let vote_to_execution = periods
        .voting
        .checked_add(periods.timelock)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    if periods.unbonding < vote_to_execution {
        return Err(ContractError::UnbondingTooShort {
            unbonding: periods.unbonding,
            voting: periods.voting,
            timelock: periods.timelock,
        });
    }
    Ok(())
}

fn validate_min_deposit(min_deposit: Uint128) -> Result<(), ContractError> {
    if min_deposit.is_zero() {
        return Err(ContractError::ZeroMinDeposit {});
    }
    Ok(())
}

/// The checked configuration of an instantiate message.
pub fn check_instantiate(api: &dyn Api, msg: InstantiateMsg) -> Result<Config, ContractError> {
    validate_rules(&msg.rules)?;
    validate_periods(&msg.periods)?;
    validate_min_deposit(msg.min_deposit)?;
    Ok(Config {
        xms_token: api.addr_validate(&msg.xms_token)?,
        guardian: msg.guardian.map(|g| api.addr_validate(&g)).transpose()?,
        rules: msg.rules,
        periods: msg.periods,
        min_deposit: msg.min_deposit,
    })
}

/// The configuration's attributes, for the instantiate and update events.
pub fn config_attributes(config: &Config) -> Vec<(&'static str, String)> {
    vec![
        ("xms_token", config.xms_token.to_string()),
        (
            "guardian",
            config
                .guardian
                .as_ref()
                .map_or_else(|| "none".to_string(), Addr::to_string),
        ),
        ("quorum", config.rules.quorum.to_string()),
        ("threshold", config.rules.threshold.to_string()),
        ("veto_threshold", config.rules.veto_threshold.to_string()),
        ("voting_period", config.periods.voting.to_string()),
        ("timelock", config.periods.timelock.to_string()),
        (
            "execution_window",
            config.periods.execution_window.to_string(),
        ),
        ("unbonding_period", config.periods.unbonding.to_string()),
        ("min_deposit", config.min_deposit.to_string()),
    ]
}

/// Governance's own path (the dispatcher checked the sender): a proposal changes the
/// configuration.
pub fn update_config(deps: DepsMut, update: ConfigUpdate) -> Result<Response, ContractError> {
    let mut config = CONFIG.load(deps.storage)?;
    match update.guardian {
        Some(GuardianUpdate::Set { address }) => {
            config.guardian = Some(deps.api.addr_validate(&address)?)
        }
        Some(GuardianUpdate::Remove {}) => config.guardian = None,
        None => {}
    }
    if let Some(rules) = update.rules {
        validate_rules(&rules)?;
        config.rules = rules;
    }
    if let Some(periods) = update.periods {
        validate_periods(&periods)?;
        config.periods = periods;
    }
    if let Some(min_deposit) = update.min_deposit {
        validate_min_deposit(min_deposit)?;
        config.min_deposit = min_deposit;
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attributes(config_attributes(&config)))
}

/// Sends `contract` the one message that accepts a pending ownership transfer to governance.
/// Anyone may trigger it: it can only complete a transfer the owner already offered, and fails
/// (reverting everything) when there is none.
pub fn accept_ownership(
    deps: DepsMut,
    sender: &Addr,
    contract: String,
) -> Result<Response, ContractError> {
    let contract = deps.api.addr_validate(&contract)?;
    let msg = WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(&OwnableExecuteMsg::UpdateOwnership(
            cw_ownable::Action::AcceptOwnership,
        ))?,
        funds: vec![],
    };
    Ok(Response::new()
        .add_message(msg)
        .add_attribute("action", "accept_ownership")
        .add_attribute("contract", contract)
        .add_attribute("sender", sender))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    fn msg() -> InstantiateMsg {
        let api = MockApi::default();
        InstantiateMsg {
            xms_token: api.addr_make("xms").to_string(),
            guardian: Some(api.addr_make("guardian").to_string()),
            rules: VotingRules {
                quorum: Decimal::percent(30),
                threshold: Decimal::percent(50),
                veto_threshold: Decimal::percent(33),
            },
            periods: Periods {
                voting: 1,
                timelock: 1,
                execution_window: 1,
                unbonding: MAX_PERIOD,
            },
            min_deposit: Uint128::one(),
        }
    }

    fn check(tweak: impl FnOnce(&mut InstantiateMsg)) -> Result<Config, ContractError> {
        let mut m = msg();
        tweak(&mut m);
        check_instantiate(&MockApi::default(), m)
    }

    #[test]
    fn accepts_bounds() {
        check(|_| {}).unwrap();
        check(|m| {
            m.rules = VotingRules {
                quorum: Decimal::one(),
                threshold: Decimal::one(),
                veto_threshold: Decimal::one(),
            };
            m.guardian = None;
        })
        .unwrap();
    }

    #[test]
    fn ratios_must_be_in_zero_one() {
        let two = Decimal::percent(200);
        for (name, set) in [
            (
                "quorum",
                (|r: &mut VotingRules, v| r.quorum = v) as fn(&mut VotingRules, Decimal),
            ),
            ("threshold", |r, v| r.threshold = v),
            ("veto_threshold", |r, v| r.veto_threshold = v),
        ] {
            for value in [Decimal::zero(), two, Decimal::percent(101)] {
                assert_eq!(
                    check(|m| set(&mut m.rules, value)).unwrap_err(),
                    ContractError::RatioOutOfRange { name, value }
                );
            }
        }
    }

    #[test]
    fn periods_must_be_positive_and_bounded() {
        for seconds in [0, MAX_PERIOD + 1] {
            assert_eq!(
                check(|m| m.periods.timelock = seconds).unwrap_err(),
                ContractError::PeriodOutOfRange {
                    name: "timelock",
                    seconds,
                    max: MAX_PERIOD
                }
            );
        }
        assert!(matches!(
            check(|m| m.periods.voting = 0),
            Err(ContractError::PeriodOutOfRange { name: "voting", .. })
        ));
        assert!(matches!(
            check(|m| m.periods.execution_window = 0),
            Err(ContractError::PeriodOutOfRange {
                name: "execution_window",
                ..
            })
        ));
        assert!(matches!(
            check(|m| m.periods.unbonding = 0),
            Err(ContractError::PeriodOutOfRange {
                name: "unbonding",
                ..
            })
        ));
    }

    #[test]
    fn unbonding_must_last_at_least_the_voting_period_and_the_timelock() {
        let periods = |voting, timelock, unbonding| {
            move |m: &mut InstantiateMsg| {
                m.periods = Periods {
                    voting,
                    timelock,
                    execution_window: 1,
                    unbonding,
                }
            }
        };
        check(periods(3, 2, 5)).unwrap();
        assert_eq!(
            check(periods(3, 2, 4)).unwrap_err(),
            ContractError::UnbondingTooShort {
                unbonding: 4,
                voting: 3,
                timelock: 2
            }
        );
        // each period within its bound does not make the sum acceptable
        assert_eq!(
            check(periods(MAX_PERIOD, MAX_PERIOD, MAX_PERIOD)).unwrap_err(),
            ContractError::UnbondingTooShort {
                unbonding: MAX_PERIOD,
                voting: MAX_PERIOD,
                timelock: MAX_PERIOD
            }
        );
    }

    #[test]
    fn deposit_and_addresses_are_checked() {
        assert_eq!(
            check(|m| m.min_deposit = Uint128::zero()).unwrap_err(),
            ContractError::ZeroMinDeposit {}
        );
        assert!(matches!(
            check(|m| m.xms_token = "not-an-address".into()),
            Err(ContractError::Std(_))
        ));
        assert!(matches!(
            check(|m| m.guardian = Some("Guardian".into())),
            Err(ContractError::Std(_))
        ));
    }
}
