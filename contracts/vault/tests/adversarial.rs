//! What an attacker would try, one test per attack, each named after it. A refused attack leaves
//! every balance, account, supply and throttle as it was (a snapshot before and after); an
//! economic attack (donations, dust, running first) is run beside the honest sequence, and the
//! attacker ends with no more than the honest sequence would give and no other holder with less.
//!
//! Attacks tried elsewhere are listed in SECURITY.md with their tests: wrong funds, forged
//! `Receive`, unknown and fake tokens, bad addresses and single stale prices (`guards.rs`), every
//! configuration path and pause (`admin.rs`), single over-cap operations (`caps.rs`).

mod common;

use common::{contract_attr, fund, pass_time, proportional, single, snapshot, vault_err, Snapshot};
use cosmwasm_std::{coin, Addr, Decimal, Uint128, Uint256};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::{AppResponse, Executor};
use mars_testing::contracts::oracle_query_count;
use mars_testing::env::whole;
use mars_testing::MarsEnv;
use mars_types::oracle::{ExecuteMsg as OracleExecuteMsg, PriceSourceUnchecked};
use mars_types::value::{amount_to_value, value_to_amount};
use mars_types::vault::{
    AssetResponse, AssetUpdate, ExecuteMsg, Limits, QueryMsg, RedeemMode, SimulateMintResponse,
    SimulateRedeemResponse, StateResponse, Throttle,
};
use mars_types::{AssetInfo, AssetInfoUnchecked, Bps, Rounding, Tier};
use mars_vault::limits::Flow;
use mars_vault::ContractError;

const USD: u128 = 1_000_000;

/// Sends `amount` of `asset` straight to the vault, outside `Mint`: a bank send or a cw20
/// `Transfer`.
fn donate(env: &mut MarsEnv, from: &Addr, asset: &AssetInfo, amount: u128) {
    let vault = env.vault.clone();
    match asset {
        AssetInfo::Native { denom } => {
            env.app
                .send_tokens(from.clone(), vault, &[coin(amount, denom)])
                .unwrap();
        }
        AssetInfo::Cw20 { contract_addr } => {
            let token = contract_addr.clone();
            let msg = Cw20ExecuteMsg::Transfer {
                recipient: vault.to_string(),
                amount: Uint128::new(amount),
            };
            env.cw20_execute(from, &token, &msg).unwrap();
        }
    }
}

/// What `holder` received of `asset` since it held `before`.
fn received(env: &MarsEnv, asset: &AssetInfo, holder: &Addr, before: u128) -> u128 {
    env.balance(asset, holder) - before
}

fn usdm_out(env: &MarsEnv, res: &AppResponse) -> u128 {
    contract_attr(res, &env.vault, "usdm_out").parse().unwrap()
}

/// Asserts that `res` failed in the vault and changed nothing since `before`; returns the error.
fn assert_refused(
    env: &MarsEnv,
    before: &Snapshot,
    res: anyhow::Result<AppResponse>,
) -> ContractError {
    let err = vault_err(res);
    assert_eq!(&snapshot(env, &[]), before, "{err} changed something");
    err
}

/// The most steps an attack is repeated: one the vault never stops fails its test instead of
/// running forever.
const MAX_STEPS: usize = 200;

/// Repeats an attack step, `attempt(env, i)` for i = 0, 1, …, until the vault refuses one;
/// returns that refusal, having checked that it changed nothing.
fn until_refused(
    env: &mut MarsEnv,
    mut attempt: impl FnMut(&mut MarsEnv, usize) -> anyhow::Result<AppResponse>,
) -> ContractError {
    for i in 0..MAX_STEPS {
        let before = snapshot(env, &[]);
        let res = attempt(env, i);
        if res.is_err() {
            return assert_refused(env, &before, res);
        }
    }
    panic!("the vault never refused the attack in {MAX_STEPS} steps");
}

/// `value / total > cap`, exactly.
fn above(value: Uint128, total: Uint128, cap: Bps) -> bool {
    value.full_mul(10_000u128) > total.full_mul(u128::from(cap.get()))
}

// ---------------------------------------------------------------------------------------------
// donations

/// bob mints first with 1,000 uusdc and, if `donation`, sends the vault 1,000,000 USDC, 1 BTC and
/// 100 AAVE outside `Mint`; alice then mints with 1,000 USDC; both redeem everything in USDC.
/// Returns alice's USDm, alice's USDC back and bob's USDC back.
fn first_deposit_game(donation: bool) -> (u128, u128, u128) {
    let mut env = MarsEnv::builder().build();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let [usdc, btc, aave] = ["usdc", "btc", "aave"].map(|n| env.asset(n).info.clone());

    env.mint(&bob, &usdc, 1_000, None, None).unwrap();
    if donation {
        donate(&mut env, &bob, &usdc, 1_000_000 * USD);
        donate(&mut env, &bob, &btc, whole(1, 8));
        donate(&mut env, &bob, &aave, whole(100, 6));
    }
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();
    let alice_usdm = env.usdm_balance(&alice);

    let mut back = vec![];
    for who in [&alice, &bob] {
        let before = env.balance(&usdc, who);
        let usdm = env.usdm_balance(who);
        env.redeem(who, usdm, single(&usdc), None).unwrap();
        back.push(received(&env, &usdc, who, before));
    }
    (alice_usdm, back[0], back[1])
}

#[test]
fn a_first_depositor_donation_neither_dilutes_the_next_minter_nor_pays_the_donor() {
    // USDm is priced by the oracle, not by a share of the vault's balance, so a donation cannot
    // inflate what one USDm is worth: the classic first-deposit attack has nothing to inflate
    let honest = first_deposit_game(false);
    let attacked = first_deposit_game(true);
    assert_eq!(attacked, honest);
    // $1,000 less the 0.1% fee, and back less another 0.1%
    assert_eq!(honest.0, 999 * USD);
    assert_eq!(honest.1, 998_001_000);
    // bob's 999 uusdm pay 998 uusdc: the donation is simply lost
    assert_eq!(honest.2, 998);
}

/// A vault at the $10,000 floor: 10,000 USDC and 2,200 XMS ($1,100, 9.9% against a 10% cap),
/// minted by alice without USDC fees. If `xms_donation` is not zero, bob sends that much XMS
/// straight to the vault. alice then redeems 100 USDm in USDC; returns what that paid.
fn redeem_usdc_beside_xms(xms_donation: u128) -> Result<u128, ContractError> {
    let mut env = MarsEnv::builder()
        .with_asset_params("usdc", |p| p.mint_fee = Bps::ZERO)
        .build();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let [usdc, xms] = ["usdc", "xms"].map(|n| env.asset(n).info.clone());
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();
    env.mint(&alice, &xms, whole(2_200, 6), None, None).unwrap();
    if xms_donation > 0 {
        donate(&mut env, &bob, &xms, xms_donation);
    }
    let state = env.vault_state();
    let xms_state = state.assets.iter().find(|a| a.asset == xms).unwrap();
    assert_eq!(
        xms_state.value.u128(),
        1_100 * USD,
        "the donation is not counted"
    );
    assert_eq!(xms_state.unaccounted.u128(), xms_donation);

    let before = env.balance(&usdc, &alice);
    env.redeem(&alice, 100 * USD, single(&usdc), None)
        .map_err(|e| e.downcast::<ContractError>().unwrap())?;
    Ok(received(&env, &usdc, &alice, before))
}

#[test]
fn donating_xms_cannot_push_its_share_over_the_cap_to_block_redemptions() {
    // were balances counted, 100,000 XMS ($50,000) would put XMS far above its 10% cap, and
    // every single redemption in USDC (which raises the XMS share) would be refused
    let honest = redeem_usdc_beside_xms(0).unwrap();
    assert_eq!(honest, 99_900_000);
    assert_eq!(redeem_usdc_beside_xms(whole(100_000, 6)), Ok(honest));
}

/// alice and bob each mint with 1 BTC, no fees; BTC halves (50% collateral). If `usdc_donation`
/// is not zero, bob sends that much USDC to the vault. bob then redeems 10,000 USDm in BTC;
/// returns what he received and the collateral ratio the vault reports.
fn redeem_below_par(usdc_donation: u128) -> (u128, Option<Decimal>) {
    let mut env = MarsEnv::builder()
        .without_share_caps()
        .with_asset_params("btc", |p| {
            p.mint_fee = Bps::ZERO;
            p.redeem_fee = Bps::ZERO;
        })
        .build();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let [usdc, btc] = ["usdc", "btc"].map(|n| env.asset(n).info.clone());
    env.mint(&alice, &btc, whole(1, 8), None, None).unwrap();
    env.mint(&bob, &btc, whole(1, 8), None, None).unwrap();
    env.set_price(&btc, "30000");
    if usdc_donation > 0 {
        donate(&mut env, &bob, &usdc, usdc_donation);
    }
    let ratio = env.vault_state().collateral_ratio;
    let before = env.balance(&btc, &bob);
    env.redeem(&bob, 10_000 * USD, single(&btc), None).unwrap();
    (received(&env, &btc, &bob, before), ratio)
}

#[test]
fn donating_collateral_cannot_lift_the_haircut_below_full_collateral() {
    // $60,000 of USDC would make the vault whole if it were counted, and bob would redeem at
    // par; it is not, so he takes the same 50% haircut and has lost his donation
    let honest = redeem_below_par(0);
    assert_eq!(honest, (16_666_666, Some(Decimal::percent(50))));
    assert_eq!(redeem_below_par(60_000 * USD), honest);
}

// ---------------------------------------------------------------------------------------------
// rounding

/// What `holder` owns of USDC, ETH and USDm (at par), exactly, in units of 10^-36 USD.
fn exact_wealth(env: &MarsEnv, holder: &Addr, prices: [(&AssetInfo, u8, Decimal); 2]) -> Uint256 {
    let usdm = (
        &AssetInfo::Cw20 {
            contract_addr: env.usdm.clone(),
        },
        6,
        Decimal::one(),
    );
    prices
        .iter()
        .chain([&usdm])
        .map(|(asset, decimals, price)| {
            Uint256::from(env.balance(asset, holder))
                * Uint256::from(price.atomics())
                * Uint256::from(10u128.pow(18 - u32::from(*decimals)))
        })
        .sum()
}

#[test]
fn dust_round_trips_with_6_and_18_decimal_assets_gain_nothing() {
    // no fees anywhere, so rounding is the only thing between a dust round trip and a profit
    let mut env = MarsEnv::builder()
        .without_share_caps()
        .with_proportional_redeem_fee(Bps::ZERO)
        .with_asset_params("usdc", |p| {
            p.mint_fee = Bps::ZERO;
            p.redeem_fee = Bps::ZERO;
        })
        .with_asset_params("eth", |p| {
            p.mint_fee = Bps::ZERO;
            p.redeem_fee = Bps::ZERO;
        })
        .build();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let [usdc, eth] = ["usdc", "eth"].map(|n| env.asset(n).info.clone());
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();
    env.mint(&alice, &eth, whole(1, 18), None, None).unwrap();

    // round prices, then prices whose micro-dollar amounts never divide evenly (both a little
    // higher, so the vault stays fully collateralised and open to mints)
    for (usdc_price, eth_price) in [("1", "3000"), ("1.000001", "3141.592653")] {
        env.set_price(&usdc, usdc_price);
        env.set_price(&eth, eth_price);
        let prices = [
            (&usdc, 6, usdc_price.parse().unwrap()),
            (&eth, 18, eth_price.parse().unwrap()),
        ];
        let before = snapshot(&env, &[]).balances;
        let surplus = env.vault_state().surplus;
        let mut trips = 0;
        for round in 0..50 {
            for (asset, decimals, price) in prices {
                // the least of the asset worth k micro-dollars: a dust mint of k uusdm
                for k in [1u128, 2, 3] {
                    let amount = value_to_amount(Uint128::new(k), decimals, price, Rounding::Up)
                        .unwrap()
                        .u128();
                    let wealth = exact_wealth(&env, &bob, prices);
                    let res = env.mint(&bob, asset, amount, None, None);
                    let Ok(res) = res else {
                        assert_eq!(vault_err(res), ContractError::ZeroOutput {});
                        continue;
                    };
                    let out = usdm_out(&env, &res);
                    let mode = if round % 2 == 0 {
                        single(asset)
                    } else {
                        proportional()
                    };
                    let res = env.redeem(&bob, out, mode, None);
                    if res.is_ok() {
                        trips += 1;
                    } else {
                        // the dust USDm cannot be redeemed: it stays with bob, worth par at most
                        assert_eq!(vault_err(res), ContractError::ZeroOutput {});
                    }
                    assert!(
                        exact_wealth(&env, &bob, prices) <= wealth,
                        "round {round}: bob gained minting {amount} of {asset}"
                    );
                }
            }
        }
        assert!(trips >= 250, "only {trips} round trips went through");
        // nobody else paid for it: every other holder's balances are as they were, and the
        // vault's surplus did not shrink
        let after = snapshot(&env, &[]).balances;
        for (b, a) in before.iter().zip(&after) {
            if b.0 != bob && b.0 != env.vault {
                assert_eq!(a, b);
            }
        }
        assert!(env.vault_state().surplus >= surplus);
    }
}

// ---------------------------------------------------------------------------------------------
// caps

#[test]
fn splitting_a_deposit_across_calls_holders_and_entry_paths_cannot_pass_a_tier_cap() {
    // AAVE (a cw20) joins ATOM and ETH (native) in the layer-1 tier, capped at 30%
    let mut env = MarsEnv::builder()
        .with_asset_params("aave", |p| p.tier = Tier::Layer1)
        .with_asset_params("usdc", |p| p.mint_fee = Bps::ZERO)
        .build();
    let usdc = env.asset("usdc").info.clone();
    let holders = ["alice", "bob", "carol"].map(|n| env.addr(n));
    env.mint(&holders[0], &usdc, 10_000 * USD, None, None)
        .unwrap();
    let [atom, aave] = ["atom", "aave"].map(|n| env.asset(n).info.clone());

    // pieces of $100, then $1, then 1 cent, alternating native ATOM and cw20 AAVE, holders and
    // recipients, until each size is refused
    for cents in [10_000u128, 100, 1] {
        let err = until_refused(&mut env, |env, i| {
            let (asset, per_token) = if i % 2 == 0 {
                (&atom, 1_000)
            } else {
                (&aave, 10_000)
            };
            let amount = whole(cents, 6) / per_token;
            env.mint(
                &holders[i % 3],
                asset,
                amount,
                Some(&holders[(i + 1) % 3]),
                None,
            )
        });
        assert!(
            matches!(
                err,
                ContractError::TierShareCapExceeded {
                    tier: Tier::Layer1,
                    ..
                }
            ),
            "{err}"
        );
    }
    let state = env.vault_state();
    let layer1 = state.tiers.iter().find(|t| t.tier == Tier::Layer1).unwrap();
    assert!(!above(layer1.value, state.total_value, layer1.max_share));
    // the split got no further than one deposit could: a cent more in one piece is refused
    let before = snapshot(&env, &[]);
    let res = env.mint(&holders[0], &atom, whole(1, 6) / 1_000, None, None);
    assert_refused(&env, &before, res);
}

#[test]
fn splitting_a_deposit_across_calls_and_holders_cannot_pass_a_value_ceiling() {
    // below the floor share caps sleep, the absolute ceiling does not
    let mut env = MarsEnv::builder()
        .with_asset_params("aave", |p| p.value_ceiling = Uint128::new(1_000 * USD))
        .build();
    let aave = env.asset("aave").info.clone();
    let holders = ["alice", "bob", "carol"].map(|n| env.addr(n));
    // 100 pieces of 0.1 AAVE ($10) fill the ceiling exactly
    for i in 0..100 {
        env.mint(&holders[i % 3], &aave, whole(1, 5), None, None)
            .unwrap();
    }
    let before = snapshot(&env, &[]);
    for holder in &holders {
        // one base unit (one hundredth of a cent) more
        let res = env.mint(holder, &aave, 1, None, None);
        let err = assert_refused(&env, &before, res);
        assert_eq!(
            err,
            ContractError::ValueCeilingExceeded {
                asset: aave.to_string(),
                value: Uint128::new(1_000 * USD + 100),
                ceiling: Uint128::new(1_000 * USD),
            }
        );
    }
}

/// $10,000 of USDC (alice's) beside $1,100 of XMS (bob's): XMS at 9.9% against its 10% cap,
/// the vault just above its $10,000 floor, so taking USDC out raises the XMS share. Returns the
/// env, alice, bob, USDC and XMS.
fn usdc_beside_xms() -> (MarsEnv, Addr, Addr, AssetInfo, AssetInfo) {
    let mut env = MarsEnv::builder()
        .with_asset_params("usdc", |p| p.mint_fee = Bps::ZERO)
        .build();
    let [alice, bob] = ["alice", "bob"].map(|n| env.addr(n));
    let [usdc, xms] = ["usdc", "xms"].map(|n| env.asset(n).info.clone());
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();
    env.mint(&bob, &xms, whole(2_200, 6), None, None).unwrap();
    (env, alice, bob, usdc, xms)
}

#[test]
fn repeated_single_redemptions_cannot_drain_the_safest_tier() {
    let (mut env, alice, bob, usdc, xms) = usdc_beside_xms();

    // pieces of $25, then $1, then 1 cent, by both holders in turn, until each size is refused
    let mut paid = 0;
    for piece in [25 * USD, USD, USD / 100] {
        let err = until_refused(&mut env, |env, i| {
            let holder = [&alice, &bob][i % 2];
            let usdc_before = env.balance(&usdc, holder);
            let res = env.redeem(holder, piece, single(&usdc), None);
            if res.is_ok() {
                paid += received(env, &usdc, holder, usdc_before);
            }
            res
        });
        assert!(
            matches!(
                &err,
                ContractError::AssetShareCapExceeded { asset, .. } if *asset == xms.to_string()
            ),
            "{err}"
        );
    }
    // about $100 of USDC left, not a cent of it beyond the cap
    assert!(paid > 99 * USD && paid < 101 * USD, "{paid}");
    let state = env.vault_state();
    let xms_state = state.assets.iter().find(|a| a.asset == xms).unwrap();
    assert!(!above(
        xms_state.value,
        state.total_value,
        xms_state.max_share
    ));
    // the way out that keeps the composition stays open
    env.redeem(&alice, 1_000 * USD, proportional(), None)
        .unwrap();
}

#[test]
fn one_single_redemption_that_ends_below_the_bootstrap_floor_cannot_drain_the_safest_tier() {
    // one redemption of $1,500 in USDC would end at $9,600, below the floor, with XMS at 11.5%
    let (mut env, alice, _, usdc, xms) = usdc_beside_xms();

    let before = snapshot(&env, &[]);
    let res = env.redeem(&alice, 1_500 * USD, single(&usdc), None);
    let err = assert_refused(&env, &before, res);
    assert_eq!(
        err,
        ContractError::AssetShareCapExceeded {
            asset: xms.to_string(),
            share: Bps::new(1_146).unwrap(),
            cap: Bps::new(1_000).unwrap(),
        }
    );
    // below the floor the caps still hold for withdrawals: every further single redemption in
    // USDC is refused once XMS would pass its cap, and the proportional way out stays open
    env.redeem(&alice, 2_000 * USD, proportional(), None)
        .unwrap();
    let total = env.vault_state().total_value;
    assert!(total < Uint128::new(10_000 * USD), "{total}");
    let err = vault_err(env.redeem(&alice, 200 * USD, single(&usdc), None));
    assert!(
        matches!(
            &err,
            ContractError::AssetShareCapExceeded { asset, .. } if *asset == xms.to_string()
        ),
        "{err}"
    );
}

/// Disables minting with `asset` (which records its dust limit).
fn disable_mint(env: &mut MarsEnv, asset: &AssetInfo) -> AppResponse {
    let owner = env.owner.clone();
    let update = ExecuteMsg::UpdateAsset {
        asset: asset.clone().into(),
        update: AssetUpdate {
            mint_enabled: Some(false),
            ..AssetUpdate::default()
        },
    };
    env.vault_execute(&owner, &update, &[]).unwrap()
}

#[test]
fn eighteen_decimal_dust_can_be_written_off_and_its_stale_price_halts_nothing() {
    let mut env = MarsEnv::builder()
        .without_share_caps()
        .with_asset_params("eth", |p| p.redeem_fee = Bps::ZERO)
        .build();
    let (owner, alice) = (env.owner.clone(), env.addr("alice"));
    let [usdc, eth] = ["usdc", "eth"].map(|n| env.asset(n).info.clone());
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();
    env.mint(&alice, &eth, whole(1, 18), None, None).unwrap();

    // governance retires ETH: $1 at $3,000 is 333,333,333,333,333 wei
    let res = disable_mint(&mut env, &eth);
    assert_eq!(
        contract_attr(&res, &env.vault, "dust_limit"),
        "333333333333333"
    );
    // redemptions take it out in micro-dollar steps: 133,333,333,334 wei ($0.0004) stay behind
    env.redeem(&alice, 2_999_999_600, single(&eth), None)
        .unwrap();
    let dust = 133_333_333_334u128;
    assert_eq!(env.balance(&eth, &env.vault), dust);

    // the ETH feed stops: the dust is not priced, so nothing else stops with it
    env.break_price(&eth);
    env.mint(&alice, &usdc, 100 * USD, None, None).unwrap();
    env.redeem(&alice, 100 * USD, single(&usdc), None).unwrap();
    let usdc_before = env.balance(&usdc, &alice);
    let eth_before = env.balance(&eth, &alice);
    env.redeem(&alice, 100 * USD, proportional(), None).unwrap();
    assert!(env.balance(&usdc, &alice) > usdc_before);
    assert_eq!(
        env.balance(&eth, &alice),
        eth_before,
        "dust is not paid out"
    );
    let state = env.vault_state();
    let eth_state = state.assets.iter().find(|a| a.asset == eth).unwrap();
    assert_eq!((eth_state.price, eth_state.value), (None, Uint128::zero()));

    // and governance removes ETH, writing the dust off: it stays in the vault, uncounted
    let remove = ExecuteMsg::RemoveAsset {
        asset: eth.clone().into(),
    };
    let res = env.vault_execute(&owner, &remove, &[]).unwrap();
    assert_eq!(
        contract_attr(&res, &env.vault, "written_off"),
        dust.to_string()
    );
    assert_eq!(env.balance(&eth, &env.vault), dust);
    assert!(env.vault_state().assets.iter().all(|a| a.asset != eth));
}

// ---------------------------------------------------------------------------------------------
// bank run

#[test]
fn minting_into_an_undercollateralised_vault_is_refused_so_the_minter_pays_no_haircut() {
    let mut env = MarsEnv::builder().without_share_caps().build();
    let [alice, carol] = ["alice", "carol"].map(|n| env.addr(n));
    let [usdc, btc] = ["usdc", "btc"].map(|n| env.asset(n).info.clone());
    // 1 BTC at $60,000 mints 59,820 USDm; BTC falls to $47,856: 80% collateral
    env.mint(&alice, &btc, whole(1, 8), None, None).unwrap();
    env.set_price(&btc, "47856");
    assert_eq!(
        env.vault_state().collateral_ratio,
        Some(Decimal::percent(80))
    );

    // carol's $10,000 of USDC would buy 9,990 USDm redeemable at once for about $8,280: the
    // vault refuses, naming the ratio the mint would leave (57,856 for 69,810 USDm)
    let expected = ContractError::Undercollateralized {
        collateral_ratio: Decimal::from_ratio(57_856u128, 69_810u128),
        backing: Uint128::new(57_856 * USD),
        supply_after: Uint128::new(69_810 * USD),
    };
    let sim = env.vault_query::<SimulateMintResponse>(&QueryMsg::SimulateMint {
        asset: usdc.clone().into(),
        amount: Uint128::new(10_000 * USD),
    });
    assert!(
        sim.unwrap_err().to_string().contains(&expected.to_string()),
        "the simulation answers the same refusal"
    );
    let before = snapshot(&env, &[]);
    let res = env.mint(&carol, &usdc, 10_000 * USD, None, None);
    assert_eq!(assert_refused(&env, &before, res), expected);

    // once BTC is back the vault is whole: the same mint goes through and redeems at par
    env.set_price(&btc, "60000");
    let usdc_before = env.balance(&usdc, &carol);
    env.mint(&carol, &usdc, 10_000 * USD, None, None).unwrap();
    env.redeem(&carol, 9_990 * USD, single(&usdc), None)
        .unwrap();
    // 10,000 less 0.1% in, 9,990 less 0.1% out: only the two fees are lost
    assert_eq!(
        env.balance(&usdc, &carol),
        usdc_before - 10_000 * USD + 9_980_010_000
    );
}

#[test]
fn running_first_below_full_collateral_pays_no_more_than_running_last() {
    // the basket's fees: USDC 0.1%, BTC 0.5% on redemption, 0.5% proportional
    let mut env = MarsEnv::builder().without_share_caps().build();
    let [alice, bob, carol] = ["alice", "bob", "carol"].map(|n| env.addr(n));
    let [usdc, btc] = ["usdc", "btc"].map(|n| env.asset(n).info.clone());
    env.mint(&alice, &usdc, 50_000 * USD, None, None).unwrap();
    env.mint(&bob, &btc, whole(1, 8), None, None).unwrap();
    env.mint(&carol, &usdc, 10_000 * USD, None, None).unwrap();
    // BTC falls to a third: $80,000 back 119,760 USDm, 66.8%
    env.set_price(&btc, "20000");
    let spot = |asset: &AssetInfo| if *asset == btc { "20000" } else { "1" };

    let runs: [(&Addr, u128, RedeemMode, u16); 4] = [
        (&alice, 10_000 * USD, single(&usdc), 10),
        (&bob, 10_000 * USD, single(&btc), 50),
        (&carol, 5_000 * USD, proportional(), 50),
        (&alice, 10_000 * USD, single(&usdc), 10),
    ];
    let mut haircuts = vec![];
    for (holder, usdm, mode, fee_bps) in runs {
        let state: StateResponse = env.vault_state();
        let ratio = state.collateral_ratio.unwrap();
        assert!(ratio < Decimal::one());
        let before = [&usdc, &btc].map(|a| env.balance(a, holder));
        env.redeem(holder, usdm, mode, None).unwrap();
        let value: u128 = [&usdc, &btc]
            .iter()
            .zip(before)
            .map(|(a, b)| {
                let decimals = if **a == btc { 8 } else { 6 };
                let got = Uint128::new(env.balance(a, holder) - b);
                amount_to_value(got, decimals, spot(a).parse().unwrap(), Rounding::Down)
                    .unwrap()
                    .u128()
            })
            .sum();
        // never more than USDm × (1 − fee) × collateral ratio
        let net = Uint128::new(usdm) - Bps::new(fee_bps).unwrap().apply(usdm.into(), Rounding::Up);
        let bound = net.mul_floor(ratio).u128();
        assert!(
            value <= bound,
            "{holder} got {value} for {usdm}, bound {bound}"
        );
        // the haircut taken: what was paid per USDm net of fees
        haircuts.push(Decimal::from_ratio(value, net));
    }
    // the same haircut for all, up to the fees that stay behind for those who remain
    for h in &haircuts {
        assert!(
            h.abs_diff(haircuts[0]) < Decimal::permille(5),
            "{haircuts:?}"
        );
    }
    assert!(
        haircuts[3] >= haircuts[0],
        "the first out got more: {haircuts:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// prices

#[test]
fn a_price_the_oracle_rejects_stops_every_operation_that_needs_it() {
    // the oracle judges prices (stale, wide confidence, far from the EMA, not positive: its own
    // tests); the vault must refuse to act on what the oracle refuses, and act again once fixed
    let mut env = MarsEnv::builder().without_share_caps().build();
    let alice = env.addr("alice");
    let [usdc, btc, aave] = ["usdc", "btc", "aave"].map(|n| env.asset(n).info.clone());
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();
    env.mint(&alice, &btc, whole(1, 7), None, None).unwrap();

    type Break = fn(&mut MarsEnv, &AssetInfo);
    let breaks: [(&str, Break); 4] = [
        ("stale", |env, a| env.break_price(a)),
        ("confidence of 10%", |env, a| {
            env.set_price_full(a, "60000", None, Some("6000"))
        }),
        ("far from its EMA", |env, a| {
            env.set_price_full(a, "60000", Some("40000"), None)
        }),
        ("zero", |env, a| env.set_price(a, "0")),
    ];
    for (name, break_price) in breaks {
        break_price(&mut env, &btc);
        let before = snapshot(&env, &[]);
        assert!(before.state.is_none(), "{name}: the vault values BTC");
        let refused = |env: &MarsEnv, res: anyhow::Result<AppResponse>, what: String| {
            let err = assert_refused(env, &before, res);
            let msg = err.to_string();
            assert!(
                matches!(err, ContractError::Std(_)) && msg.contains(&btc.to_string()),
                "{name}, {what}: {msg}"
            );
        };
        for (asset, amount) in [(&btc, whole(1, 6)), (&usdc, USD), (&aave, whole(1, 6))] {
            let res = env.mint(&alice, asset, amount, None, None);
            refused(&env, res, format!("mint with {asset}"));
        }
        for mode in [single(&btc), single(&usdc), proportional()] {
            let res = env.redeem(&alice, 100 * USD, mode.clone(), None);
            refused(&env, res, format!("{mode:?}"));
        }
        let sim_mint = env.vault_query::<SimulateMintResponse>(&QueryMsg::SimulateMint {
            asset: usdc.clone().into(),
            amount: Uint128::new(USD),
        });
        assert!(sim_mint.is_err(), "{name}");
        let sim_redeem = env.vault_query::<SimulateRedeemResponse>(&QueryMsg::SimulateRedeem {
            amount: Uint128::new(USD),
            mode: proportional(),
        });
        assert!(sim_redeem.is_err(), "{name}");

        env.set_price(&btc, "60000");
        env.redeem(&alice, 100 * USD, proportional(), None).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// throttles and supply cap

fn throttle(dollars: u128) -> Option<Throttle> {
    Some(Throttle {
        amount: Uint128::new(dollars * USD),
        supply_bps: Bps::ZERO,
    })
}

#[test]
fn splitting_a_mint_across_calls_holders_and_entry_paths_cannot_pass_the_throttle() {
    let mut env = MarsEnv::builder()
        .without_share_caps()
        .with_limits(Limits {
            mint: throttle(1_000),
            ..Limits::default()
        })
        .build();
    let holders = ["alice", "bob", "carol"].map(|n| env.addr(n));
    let [usdc, aave] = ["usdc", "aave"].map(|n| env.asset(n).info.clone());

    // $90 pieces: native USDC and cw20 AAVE in turn, by three holders to three recipients
    let mut minted = 0;
    let err = until_refused(&mut env, |env, i| {
        let (asset, amount) = if i % 2 == 0 {
            (&usdc, 90 * USD)
        } else {
            (&aave, whole(9, 5))
        };
        let res = env.mint(
            &holders[i % 3],
            asset,
            amount,
            Some(&holders[(i + 1) % 3]),
            None,
        );
        if let Ok(res) = &res {
            minted += usdm_out(env, res);
        }
        res
    });
    let ContractError::Throttled {
        flow: Flow::Mint,
        available,
        ..
    } = err
    else {
        panic!("{err}");
    };
    // all that passed and all that is left make exactly the hourly limit
    assert_eq!(minted + available.u128(), 1_000 * USD);
    assert_eq!(env.usdm_supply(), minted);
    // a second later, a second's worth passes, not the remainder of a fresh hour
    pass_time(&mut env, 1);
    let before = snapshot(&env, &[]);
    let res = env.mint(&holders[0], &usdc, 90 * USD, None, None);
    assert_refused(&env, &before, res);
}

#[test]
fn splitting_a_redemption_across_calls_holders_and_modes_cannot_pass_the_throttle() {
    let mut env = MarsEnv::builder()
        .without_share_caps()
        .with_limits(Limits {
            redeem: throttle(1_000),
            ..Limits::default()
        })
        .build();
    let holders = ["alice", "bob", "carol"].map(|n| env.addr(n));
    let [usdc, btc] = ["usdc", "btc"].map(|n| env.asset(n).info.clone());
    for holder in &holders {
        env.mint(holder, &usdc, 1_000 * USD, None, None).unwrap();
    }
    env.mint(&holders[0], &btc, whole(1, 7), None, None)
        .unwrap();

    // $150 pieces: single USDC, single BTC and proportional in turn, three holders
    let modes = [single(&usdc), single(&btc), proportional()];
    let mut redeemed = 0;
    let err = until_refused(&mut env, |env, i| {
        let res = env.redeem(
            &holders[i % 3],
            150 * USD,
            modes[i % 3].clone(),
            Some(&holders[0]),
        );
        if res.is_ok() {
            redeemed += 150 * USD;
        }
        res
    });
    assert_eq!(
        err,
        ContractError::Throttled {
            flow: Flow::Redeem,
            requested: Uint128::new(150 * USD),
            available: Uint128::new(1_000 * USD - redeemed),
            // 50 missing at 1,000 an hour
            wait_seconds: 180,
        }
    );
    assert_eq!(redeemed, 900 * USD);
}

#[test]
fn splitting_mints_across_calls_and_entry_paths_cannot_pass_the_supply_cap() {
    let mut env = MarsEnv::builder()
        .without_share_caps()
        .with_limits(Limits {
            supply_cap: Some(Uint128::new(1_000 * USD)),
            ..Limits::default()
        })
        .build();
    let holders = ["alice", "bob"].map(|n| env.addr(n));
    let [usdc, aave] = ["usdc", "aave"].map(|n| env.asset(n).info.clone());
    let err = until_refused(&mut env, |env, i| {
        let (asset, amount) = if i % 2 == 0 {
            (&usdc, 70 * USD)
        } else {
            (&aave, whole(7, 5))
        };
        env.mint(&holders[i % 2], asset, amount, None, None)
    });
    assert!(
        matches!(err, ContractError::SupplyCapExceeded { cap, supply_after }
            if cap.u128() == 1_000 * USD && supply_after > cap),
        "{err}"
    );
    assert!(env.usdm_supply() <= 1_000 * USD);
}

// ---------------------------------------------------------------------------------------------
// iteration

#[test]
fn a_whitelist_full_of_held_assets_keeps_every_operation_to_one_oracle_query() {
    // 32 assets is the most any configuration allows (`admin.rs` refuses a 33rd); here all of
    // them are held, so every operation values all 32
    let mut env = MarsEnv::builder().without_share_caps().build();
    let (owner, alice) = (env.owner.clone(), env.addr("alice"));
    let oracle = env.oracle.clone();
    let mut extra = vec![];
    for i in 0..26 {
        let denom = format!("ustable{i:02}");
        let asset = AssetInfoUnchecked::native(&denom);
        env.app
            .execute_contract(
                owner.clone(),
                oracle.clone(),
                &OracleExecuteMsg::SetPriceSource {
                    asset: asset.clone(),
                    source: PriceSourceUnchecked::Fixed {
                        price: Decimal::one(),
                    },
                },
                &[],
            )
            .unwrap();
        let mut params = env.asset("usdc").params.clone();
        params.asset = asset;
        env.vault_execute(&owner, &ExecuteMsg::AddAsset { params }, &[])
            .unwrap();
        fund(&mut env, &alice, 1_000 * USD, &denom);
        extra.push(AssetInfo::Native { denom });
    }
    let basket: Vec<(AssetInfo, u8)> = env
        .basket
        .iter()
        .map(|a| (a.info.clone(), a.decimals))
        .collect();
    for (asset, decimals) in &basket {
        env.mint(&alice, asset, whole(1, *decimals), None, None)
            .unwrap();
    }
    for asset in &extra {
        env.mint(&alice, asset, 100 * USD, None, None).unwrap();
    }

    let queries = oracle_query_count();
    env.mint(&alice, &extra[0], 10 * USD, None, None).unwrap();
    let aave = env.asset("aave").info.clone();
    env.mint(&alice, &aave, whole(1, 6), None, None).unwrap();
    env.redeem(&alice, 10 * USD, single(&extra[1]), None)
        .unwrap();
    let res = env
        .redeem(&alice, 1_000 * USD, proportional(), None)
        .unwrap();
    assert_eq!(oracle_query_count() - queries, 4, "one query per operation");
    let payouts = contract_attr(&res, &env.vault, "payouts");
    assert_eq!(payouts.split(',').count(), 32, "{payouts}");

    let state = env.vault_state();
    assert_eq!(state.assets.len(), 32);
    let first: Vec<AssetResponse> = env
        .vault_query(&QueryMsg::Assets {
            start_after: None,
            limit: Some(u32::MAX),
        })
        .unwrap();
    assert_eq!(first.len(), 30, "a page holds at most 30");
    assert_eq!(common::all_assets(&env).len(), 32);
}
