//! The pools the vault provides USDm liquidity to, and the owner's messages that register,
//! update and remove them. The pools and the vault's positions in them are one compact record
//! (`pools`), read by every operation that values the vault; absent until a pool is
//! registered, when it reads as no pools.

use cosmwasm_std::{Addr, Deps, DepsMut, Response, StdError, StdResult, Storage, Uint128};
use mars_types::astroport::lean;
use mars_types::codec::{Reader, Writer};
use mars_types::swap::Curve;
use mars_types::treasury::{PoolParams, MAX_POOLS};
use mars_types::value::product_above;
use mars_types::{AssetInfo, Bps, Rounding, Tier};

use crate::state::{AssetAccount, Settings};
use crate::ContractError;

const POOLS_KEY: &[u8] = b"pools";
const POOLS_VERSION: u8 = 1;

/// A registered pool and the vault's position in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pool {
    pub pair: Addr,
    pub lp_token: Addr,
    /// The whitelisted asset paired with USDm.
    pub asset: AssetInfo,
    /// Whether the pair lists USDm first.
    pub usdm_first: bool,
    pub curve: Curve,
    pub params: PoolParams,
    /// LP tokens the vault holds.
    pub lp_units: Uint128,
    /// What the vault put in of the asset, less the withdrawn part of it.
    pub principal_asset: Uint128,
    /// USDm minted into the pool, less the withdrawn part of it.
    pub principal_usdm: Uint128,
}

impl Pool {
    /// The pair's two amounts as (asset, USDm).
    pub fn split<T>(&self, [a, b]: [T; 2]) -> (T, T) {
        if self.usdm_first {
            (b, a)
        } else {
            (a, b)
        }
    }

    /// (asset, USDm) in the pair's order.
    pub fn join<T>(&self, asset: T, usdm: T) -> [T; 2] {
        if self.usdm_first {
            [usdm, asset]
        } else {
            [asset, usdm]
        }
    }
}

/// Every registered pool, in registration order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pools(pub Vec<Pool>);

impl Pools {
    pub fn load(storage: &dyn Storage) -> StdResult<Self> {
        let Some(raw) = storage.get(POOLS_KEY) else {
            return Ok(Pools::default());
        };
        let mut r = Reader::new(&raw, "vault pools", POOLS_VERSION)?;
        let mut pools = vec![];
        while !r.is_empty() {
            let pair = Addr::unchecked(r.str()?);
            let lp_token = Addr::unchecked(r.str()?);
            let asset = match r.u8()? {
                0 => AssetInfo::Native {
                    denom: r.str()?.to_string(),
                },
                1 => AssetInfo::Cw20 {
                    contract_addr: Addr::unchecked(r.str()?),
                },
                _ => return Err(bad("asset kind")),
            };
            let usdm_first = r.bool()?;
            let curve = match r.u8()? {
                0 => Curve::Xyk {},
                1 => Curve::Stable {
                    amp: r.u64()?,
                    decimals: [r.u8()?, r.u8()?],
                },
                _ => return Err(bad("curve")),
            };
            let params = PoolParams {
                max_usdm: r.uint128()?,
                max_bps_from_peg: read_bps(&mut r)?,
                max_deployed_bps: read_bps(&mut r)?,
            };
            pools.push(Pool {
                pair,
                lp_token,
                asset,
                usdm_first,
                curve,
                params,
                lp_units: r.uint128()?,
                principal_asset: r.uint128()?,
                principal_usdm: r.uint128()?,
            });
        }
        Ok(Pools(pools))
    }

    pub fn save(&self, storage: &mut dyn Storage) -> StdResult<()> {
        let mut w = Writer::with_version(POOLS_VERSION);
        for p in &self.0 {
            w.str(p.pair.as_str())?.str(p.lp_token.as_str())?;
            match &p.asset {
                AssetInfo::Native { denom } => w.u8(0).str(denom)?,
                AssetInfo::Cw20 { contract_addr } => w.u8(1).str(contract_addr.as_str())?,
            };
            w.bool(p.usdm_first);
            match p.curve {
                Curve::Xyk {} => w.u8(0),
                Curve::Stable { amp, decimals } => w.u8(1).u64(amp).u8(decimals[0]).u8(decimals[1]),
            };
            w.uint128(p.params.max_usdm)
                .u16(p.params.max_bps_from_peg.get())
                .u16(p.params.max_deployed_bps.get())
                .uint128(p.lp_units)
                .uint128(p.principal_asset)
                .uint128(p.principal_usdm);
        }
        storage.set(POOLS_KEY, &w.finish());
        Ok(())
    }

    /// The index of the pool on `pair`.
    pub fn find(&self, pair: &Addr) -> Result<usize, ContractError> {
        self.0
            .iter()
            .position(|p| p.pair == *pair)
            .ok_or_else(|| ContractError::UnknownPool {
                pair: pair.to_string(),
            })
    }
}

/// What the vault has deployed of `asset` (in strategies and pools) and what it holds of it,
/// both at cost: `account` and the pools' principal.
fn at_cost(
    pools: &Pools,
    asset: &AssetInfo,
    account: &AssetAccount,
) -> Result<(Uint128, Uint128), ContractError> {
    let in_pools: Uint128 = pools
        .0
        .iter()
        .filter(|p| &p.asset == asset)
        .map(|p| p.principal_asset)
        .sum();
    let deployed = account.deployed.checked_add(in_pools)?;
    Ok((deployed, account.liquid.checked_add(deployed)?))
}

/// Checks that deploying `amount` more of `asset` (from `account`'s liquid part) keeps what is
/// deployed, in pools and strategies together, within `max_bps` of what the vault holds of it,
/// both at cost.
pub fn check_deployed(
    pools: &Pools,
    asset: &AssetInfo,
    account: &AssetAccount,
    amount: Uint128,
    max_bps: Bps,
) -> Result<(), ContractError> {
    let (deployed_before, held) = at_cost(pools, asset, account)?;
    let deployed = deployed_before.checked_add(amount)?;
    if product_above(
        deployed,
        Uint128::new(10_000),
        held,
        Uint128::new(max_bps.get().into()),
    ) {
        return Err(ContractError::DeployedAboveMax {
            asset: asset.to_string(),
            deployed,
            held,
            max_bps,
        });
    }
    Ok(())
}

/// Moves `amount` of `account`'s liquid `asset` to deployed, a strategy's deposit, within
/// `max_bps` (see [`check_deployed`]).
pub fn deploy(
    pools: &Pools,
    asset: &AssetInfo,
    account: &mut AssetAccount,
    amount: Uint128,
    max_bps: Bps,
) -> Result<(), ContractError> {
    if amount > account.liquid {
        return Err(ContractError::InsufficientLiquidity {
            asset: asset.to_string(),
            requested: amount,
            available: account.liquid,
        });
    }
    check_deployed(pools, asset, account, amount, max_bps)?;
    account.liquid -= amount;
    account.deployed = account.deployed.checked_add(amount)?;
    Ok(())
}

/// How much `account`'s liquid `asset`, with `on_its_way` already coming back, is below
/// `min_bps` of what the vault holds of it (at cost): what anyone may recall from a strategy.
/// Refused when it is at or above the floor.
pub fn floor_shortfall(
    pools: &Pools,
    asset: &AssetInfo,
    account: &AssetAccount,
    min_bps: Bps,
    on_its_way: Uint128,
) -> Result<Uint128, ContractError> {
    let (_, held) = at_cost(pools, asset, account)?;
    let floor = min_bps.apply(held, Rounding::Up);
    let shortfall = floor.saturating_sub(account.liquid.checked_add(on_its_way)?);
    if shortfall.is_zero() {
        return Err(ContractError::LiquidAboveFloor {
            asset: asset.to_string(),
            liquid: account.liquid,
            floor,
        });
    }
    Ok(shortfall)
}

fn bad(field: &str) -> StdError {
    StdError::parse_err("vault pools", format!("invalid {field}"))
}

fn read_bps(r: &mut Reader) -> StdResult<Bps> {
    Bps::new(r.u16()?).map_err(|_| bad("basis points"))
}

fn validate(params: &PoolParams) -> Result<(), ContractError> {
    if params.max_deployed_bps.is_zero() {
        return Err(ContractError::InvalidPoolParams {
            reason: "max_deployed_bps must be positive".into(),
        });
    }
    if params.max_usdm.is_zero() {
        return Err(ContractError::InvalidPoolParams {
            reason: "max_usdm must be positive".into(),
        });
    }
    Ok(())
}

/// A pair's answer to `query`, read by `read`; `None` when it does not answer or answers
/// something else.
fn ask<T>(deps: Deps, pair: &Addr, query: &[u8], read: fn(&[u8]) -> Option<T>) -> Option<T> {
    let raw = mars_entry::raw::smart(&deps.querier, pair.as_str(), query).ok()?;
    read(&raw)
}

/// Reads the pair's assets, LP token and curve and checks them against the whitelist.
fn read_pair(
    deps: Deps,
    settings: &Settings,
    pair: &Addr,
    params: PoolParams,
) -> Result<Pool, ContractError> {
    let not_a_pool = |reason: &str| ContractError::NotAUsdmPool {
        pair: pair.to_string(),
        reason: reason.to_string(),
    };
    let (assets, lp_token) = ask(deps, pair, lean::PAIR_QUERY, lean::read_pair)
        .ok_or_else(|| not_a_pool("it does not answer the pair interface's `pair` query"))?;
    let usdm = AssetInfo::Cw20 {
        contract_addr: settings.usdm()?.clone(),
    };
    let usdm_first = match assets.as_slice() {
        [a, b] if *a == usdm && *b != usdm => true,
        [a, b] if *b == usdm && *a != usdm => false,
        _ => return Err(not_a_pool("its assets are not USDm and one other asset")),
    };
    let asset = assets[usdm_first as usize].clone();
    let index = settings
        .position(&asset)
        .ok_or_else(|| ContractError::AssetNotWhitelisted {
            asset: asset.to_string(),
        })?;
    // XMS prices itself from its own pool: the vault never makes that market
    if settings.assets[index].params.tier == Tier::Governance {
        return Err(ContractError::GovernanceTierPool {
            asset: asset.to_string(),
        });
    }
    let (curve, config_lp) = ask(deps, pair, lean::CONFIG_QUERY, lean::read_config)
        .ok_or_else(|| not_a_pool("its `config` does not name a Mars Swap curve"))?;
    if config_lp != lp_token {
        return Err(not_a_pool(
            "its `pair` and `config` name different LP tokens",
        ));
    }
    Ok(Pool {
        pair: pair.clone(),
        lp_token: deps.api.addr_validate(&lp_token)?,
        asset,
        usdm_first,
        curve,
        params,
        lp_units: Uint128::zero(),
        principal_asset: Uint128::zero(),
        principal_usdm: Uint128::zero(),
    })
}

fn params_attributes(res: Response, params: &PoolParams) -> Response {
    res.add_attribute("max_usdm", params.max_usdm)
        .add_attribute("max_bps_from_peg", params.max_bps_from_peg.to_string())
        .add_attribute("max_deployed_bps", params.max_deployed_bps.to_string())
}

pub fn register(
    deps: DepsMut,
    pair: String,
    params: PoolParams,
) -> Result<Response, ContractError> {
    validate(&params)?;
    let pair = deps.api.addr_validate(&pair)?;
    let settings = Settings::load(deps.storage)?;
    let mut pools = Pools::load(deps.storage)?;
    if pools.0.iter().any(|p| p.pair == pair) {
        return Err(ContractError::PoolAlreadyRegistered {
            pair: pair.to_string(),
        });
    }
    if pools.0.len() >= MAX_POOLS {
        return Err(ContractError::TooManyPools { max: MAX_POOLS });
    }
    let pool = read_pair(deps.as_ref(), &settings, &pair, params)?;
    let res = Response::new()
        .add_attribute("action", "register_pool")
        .add_attribute("pair", pair)
        .add_attribute("asset", pool.asset.storage_key())
        .add_attribute("lp_token", pool.lp_token.as_str());
    let res = params_attributes(res, &pool.params);
    pools.0.push(pool);
    pools.save(deps.storage)?;
    Ok(res)
}

pub fn update(deps: DepsMut, pair: String, params: PoolParams) -> Result<Response, ContractError> {
    validate(&params)?;
    let pair = deps.api.addr_validate(&pair)?;
    let mut pools = Pools::load(deps.storage)?;
    let index = pools.find(&pair)?;
    let res = Response::new()
        .add_attribute("action", "update_pool")
        .add_attribute("pair", pair);
    let res = params_attributes(res, &params);
    pools.0[index].params = params;
    pools.save(deps.storage)?;
    Ok(res)
}

pub fn remove(deps: DepsMut, pair: String) -> Result<Response, ContractError> {
    let pair = deps.api.addr_validate(&pair)?;
    let mut pools = Pools::load(deps.storage)?;
    let index = pools.find(&pair)?;
    let lp_units = pools.0[index].lp_units;
    if !lp_units.is_zero() {
        return Err(ContractError::PoolStillHeld {
            pair: pair.to_string(),
            lp_units,
        });
    }
    pools.0.remove(index);
    pools.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "remove_pool")
        .add_attribute("pair", pair))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    #[test]
    fn pools_read_back_as_written_and_absent_is_none() {
        let mut storage = MockStorage::new();
        assert_eq!(Pools::load(&storage).unwrap(), Pools::default());
        let pool = |curve, asset| Pool {
            pair: Addr::unchecked("wasm1pair"),
            lp_token: Addr::unchecked("wasm1lp"),
            asset,
            usdm_first: true,
            curve,
            params: PoolParams {
                max_usdm: Uint128::new(1_000_000),
                max_bps_from_peg: Bps::new(100).unwrap(),
                max_deployed_bps: Bps::new(8_000).unwrap(),
            },
            lp_units: Uint128::new(u128::MAX),
            principal_asset: Uint128::new(5),
            principal_usdm: Uint128::zero(),
        };
        let pools = Pools(vec![
            pool(
                Curve::Stable {
                    amp: 100,
                    decimals: [6, 18],
                },
                AssetInfo::Native {
                    denom: "uusdc".into(),
                },
            ),
            pool(
                Curve::Xyk {},
                AssetInfo::Cw20 {
                    contract_addr: Addr::unchecked("wasm1aave"),
                },
            ),
        ]);
        pools.save(&mut storage).unwrap();
        assert_eq!(Pools::load(&storage).unwrap(), pools);
        // a record of a later layout is refused, not misread
        storage.set(POOLS_KEY, &[POOLS_VERSION + 1]);
        assert!(Pools::load(&storage).is_err());
    }

    #[test]
    fn split_and_join_follow_the_pairs_order() {
        let mut p = Pool {
            pair: Addr::unchecked("p"),
            lp_token: Addr::unchecked("l"),
            asset: AssetInfo::Native { denom: "a".into() },
            usdm_first: false,
            curve: Curve::Xyk {},
            params: PoolParams {
                max_usdm: Uint128::one(),
                max_bps_from_peg: Bps::ZERO,
                max_deployed_bps: Bps::MAX,
            },
            lp_units: Uint128::zero(),
            principal_asset: Uint128::zero(),
            principal_usdm: Uint128::zero(),
        };
        assert_eq!(p.split([1, 2]), (1, 2));
        assert_eq!(p.join(1, 2), [1, 2]);
        p.usdm_first = true;
        assert_eq!(p.split([1, 2]), (2, 1));
        assert_eq!(p.join(1, 2), [2, 1]);
    }
}
