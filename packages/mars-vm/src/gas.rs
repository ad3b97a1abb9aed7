//! The gas report: what each user operation costs in the VM, summed over every contract it
//! reaches, beside cw20-base's own transfer and mint built with the same recipe.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use cosmwasm_std::{to_json_binary, CosmosMsg, Uint128, WasmMsg};
use cw20::{Cw20Coin, Cw20ExecuteMsg, MinterResponse};
use mars_types::governance::{ExecuteMsg as GovExecuteMsg, ReceiveMsg as GovReceive, VoteOption};
use mars_types::oracle::QueryMsg as OracleQueryMsg;
use mars_types::usdm::InstantiateMsg as TokenInstantiate;
use mars_types::vault::{AssetUpdate, ExecuteMsg as VaultExecuteMsg, RedeemMode};
use mars_types::{AssetInfoUnchecked, Bps};
use serde::{Deserialize, Serialize};

use crate::chain::GasUsed;
use crate::deploy::{artifact, artifacts_dir, Protocol, DAY, PROPOSAL_DEPOSIT};

const USD: u128 = 1_000_000;
/// The row every ratio is taken against.
pub const REFERENCE: &str = "cw20-base transfer (reference)";

/// Numbers of whitelisted assets at which proportional redemption is measured.
pub const BASKET_SIZES: [usize; 5] = [2, 5, 10, 20, 32];

#[derive(Serialize, Clone, Debug)]
pub struct Row {
    pub operation: String,
    /// CosmWasm gas used inside the VM, summed over every contract in the call graph.
    pub vm_gas: u64,
    /// `vm_gas` divided by cw20-base's transfer.
    pub ratio: f64,
    /// SDK gas the contracts would be charged on wasmd: VM gas / 140,000 plus the KV store's
    /// gas for the reads and writes made (transaction overhead excluded).
    pub sdk_gas: u64,
    pub calls: u32,
    pub storage_reads: u64,
    pub storage_writes: u64,
    /// VM gas of each contract call, in the order they ran: (contract, entry point, gas).
    pub profile: Vec<(String, String, u64)>,
    /// `gasUsed` of the whole transaction on a wasmd node, when measured there.
    pub chain_gas_used: Option<u64>,
    /// `chain_gas_used` divided by the cw20-base transfer's on the same node.
    pub chain_ratio: Option<f64>,
    /// `gasUsed` of the same transaction once every code is pinned in the node's VM cache.
    pub chain_gas_used_pinned: Option<u64>,
    /// `chain_gas_used_pinned` divided by the pinned cw20-base transfer's.
    pub chain_ratio_pinned: Option<f64>,
}

/// A benchmark target: a ratio to the cw20-base transfer (VM gas, or wasmd `gasUsed` in the
/// same setting) or an artifact's size in bytes.
#[derive(Serialize, Clone, Debug)]
pub struct Target {
    pub what: String,
    pub limit: f64,
    /// `None` when the report has no such measurement (the wasmd columns need the on-chain test).
    pub measured: Option<f64>,
    pub met: bool,
    /// `×` for ratios, `bytes` for sizes.
    pub unit: &'static str,
}

#[derive(Serialize, Clone, Debug)]
pub struct Report {
    pub reference_transfer_vm_gas: u64,
    pub rows: Vec<Row>,
    /// VM gas of each asset added to a proportional redemption (10 → 32 assets), × the
    /// reference.
    pub per_extra_asset: f64,
    pub targets: Vec<Target>,
    /// Artifact sizes in bytes.
    pub sizes: Vec<(String, u64)>,
    /// The node the `chain_gas_used` column was measured on.
    pub chain_node: Option<String>,
    /// Whether the pinned columns were measured.
    pub chain_pinned: bool,
    /// `gasUsed` of the two-chain test's transactions and their ratio to a cw20-base transfer
    /// on the same node, by transaction.
    pub chain_ibc: Vec<(String, u64, f64)>,
}

/// Gas used by whole transactions on a wasmd node, by operation (the names of the report's
/// rows): what the on-chain end-to-end test (`ts/test/e2e.test.ts`) writes to
/// `gas-report.chain.json`.
#[derive(Deserialize, Serialize, Clone, Debug)]
pub struct ChainGas {
    pub node: String,
    /// Codes as stored (not pinned).
    pub gas_used: BTreeMap<String, u64>,
    /// The same transactions once the node has pinned every code (`ts/test/e2e-pinned.test.ts`).
    #[serde(default)]
    pub gas_used_pinned: BTreeMap<String, u64>,
    /// The two-chain test's transactions (`ts/test/ibc-e2e.test.ts`), codes not pinned, with
    /// its own cw20-base transfer as the reference: the user's and the relayer's.
    #[serde(default)]
    pub ibc: BTreeMap<String, u64>,
}

struct Recorder {
    reference: u64,
    rows: Vec<Row>,
}

impl Recorder {
    fn add(&mut self, operation: impl Into<String>, gas: &GasUsed) {
        self.rows.push(Row {
            operation: operation.into(),
            vm_gas: gas.vm,
            ratio: gas.vm as f64 / self.reference as f64,
            sdk_gas: gas.sdk_gas(),
            calls: gas.calls,
            storage_reads: gas.storage.reads,
            storage_writes: gas.storage.writes,
            profile: gas
                .profile
                .iter()
                .map(|(contract, entry, vm)| (contract.clone(), entry.to_string(), *vm))
                .collect(),
            chain_gas_used: None,
            chain_ratio: None,
            chain_gas_used_pinned: None,
            chain_ratio_pinned: None,
        });
    }
}

/// Measures every operation of the report.
pub fn measure() -> anyhow::Result<Report> {
    let p = Protocol::basket()?;
    let (alice, bob) = (p.user("alice"), p.user("bob"));

    // the reference, on the same chain: cw20-base's transfer and mint
    let reference_code = p.chain.store_code(&artifact("reference/cw20_base")?)?;
    let (reference, _) = p.chain.instantiate(
        &alice,
        reference_code,
        &TokenInstantiate {
            name: "Reference".to_string(),
            symbol: "REF".to_string(),
            decimals: 6,
            initial_balances: vec![Cw20Coin {
                address: alice.to_string(),
                amount: Uint128::new(1_000 * USD),
            }],
            mint: Some(MinterResponse {
                minter: alice.to_string(),
                cap: None,
            }),
            marketing: None,
        },
        &[],
        "reference",
        None,
    )?;
    let transfer = |token| {
        p.chain.execute(
            &alice,
            token,
            &Cw20ExecuteMsg::Transfer {
                recipient: bob.to_string(),
                amount: Uint128::new(USD),
            },
            &[],
        )
    };
    let reference_transfer = transfer(&reference)?.gas;
    let reference_mint = p
        .chain
        .execute(
            &alice,
            &reference,
            &Cw20ExecuteMsg::Mint {
                recipient: bob.to_string(),
                amount: Uint128::new(USD),
            },
            &[],
        )?
        .gas;
    let mut rec = Recorder {
        reference: reference_transfer.vm,
        rows: vec![],
    };
    rec.add(REFERENCE, &reference_transfer);
    rec.add("cw20-base mint", &reference_mint);

    // the basket: six assets, two of them cw20s
    let usdc = p.assets[0].info.clone();
    let aave = p.assets[4].info.clone();
    p.mint(&alice, &usdc, 50_000 * USD)?;
    p.mint(&bob, &p.assets[1].info, 10_000_000)?; // 0.1 BTC
    let mint_native = p.mint(&alice, &usdc, 1_000 * USD)?.gas;
    let mint_cw20 = p.mint(&alice, &aave, 10 * USD)?.gas;
    rec.add("usdm transfer", &transfer(&p.usdm)?.gas);
    rec.add("vault mint, native (6-asset basket)", &mint_native);
    rec.add("vault mint, cw20 (6-asset basket)", &mint_cw20);
    let single = p.redeem(
        &alice,
        100 * USD,
        RedeemMode::Single {
            asset: usdc.clone().into(),
            min_out: None,
        },
    )?;
    rec.add("single redeem (6-asset basket)", &single.gas);
    let proportional = p.redeem(
        &alice,
        100 * USD,
        RedeemMode::Proportional { min_out: vec![] },
    )?;
    rec.add(
        "proportional redeem (6-asset basket, 3 held)",
        &proportional.gas,
    );

    // governance: stake, propose a vault change, vote, execute after the timelock
    let gov = p.deploy_governance()?;
    rec.add(
        "stake",
        &p.send_xms(&gov, &alice, 500_000 * USD, &GovReceive::Stake {})?
            .gas,
    );
    p.send_xms(&gov, &bob, 300_000 * USD, &GovReceive::Stake {})?;
    p.chain.advance(5);
    let update = VaultExecuteMsg::UpdateAsset {
        asset: p.assets[2].info.clone().into(),
        update: AssetUpdate {
            max_share: Some(Bps::new(1_500).expect("valid")),
            ..AssetUpdate::default()
        },
    };
    let proposal = GovReceive::Propose {
        title: "Lower the ATOM cap".to_string(),
        description: "One vault message.".to_string(),
        msgs: vec![CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: p.vault.to_string(),
            msg: to_json_binary(&update)?,
            funds: vec![],
        })],
    };
    let propose = p.send_xms(&gov, &alice, PROPOSAL_DEPOSIT, &proposal)?;
    let id: u64 = propose
        .attribute("wasm", "id")
        .ok_or_else(|| anyhow::anyhow!("no proposal id"))?
        .parse()?;
    rec.add("propose (one vault message)", &propose.gas);
    p.chain.advance(5);
    let vote = |voter| {
        p.chain.execute(
            voter,
            &gov,
            &GovExecuteMsg::Vote {
                id,
                vote: VoteOption::Yes,
            },
            &[],
        )
    };
    rec.add("vote", &vote(&alice)?.gas);
    vote(&bob)?;
    p.chain.advance(2 * DAY + 10);
    let execute = p
        .chain
        .execute(&bob, &gov, &GovExecuteMsg::Execute { id }, &[])?;
    rec.add("execute proposal (one vault message)", &execute.gas);

    measure_swap(&p, &mut rec)?;

    // proportional redemption and prices as the whitelist grows, every asset held
    let mut per_size = vec![];
    for n in BASKET_SIZES {
        let s = Protocol::stables(n)?;
        let alice = s.user("alice");
        for a in &s.assets {
            s.mint(&alice, &a.info, 1_000 * USD)?;
        }
        let gas = s
            .redeem(
                &alice,
                100 * USD,
                RedeemMode::Proportional { min_out: vec![] },
            )?
            .gas;
        rec.add(format!("proportional redeem, {n} assets"), &gas);
        per_size.push((n, gas.vm));
        if n == 32 {
            let mint = s.mint(&alice, &s.assets[0].info, 1_000 * USD)?.gas;
            rec.add("vault mint, native (32 assets held)", &mint);
            for k in [1usize, 32] {
                let assets: Vec<AssetInfoUnchecked> = s.assets[..k]
                    .iter()
                    .map(|a| a.info.clone().into())
                    .collect();
                let (_, gas): (serde_json::Value, _) = s
                    .chain
                    .query_with_gas(&s.oracle, &OracleQueryMsg::Prices { assets })?;
                rec.add(
                    format!("oracle prices, {k} asset{}", if k == 1 { "" } else { "s" }),
                    &gas,
                );
            }
        }
    }
    let slope = {
        let (n0, g0) = per_size[2];
        let (n1, g1) = per_size[4];
        (g1 - g0) as f64 / (n1 - n0) as f64 / rec.reference as f64
    };
    let mut sizes = vec![];
    for entry in std::fs::read_dir(artifacts_dir())? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            sizes.push((name, std::fs::metadata(&path)?.len()));
        }
    }
    sizes.sort();

    let mut report = Report {
        reference_transfer_vm_gas: rec.reference,
        rows: rec.rows,
        per_extra_asset: slope,
        targets: vec![],
        sizes,
        chain_node: None,
        chain_pinned: false,
        chain_ibc: Vec::new(),
    };
    report.targets = report.evaluate_targets();
    Ok(report)
}

/// Mars Swap: a deposit, swaps between two bank coins on each curve, and a withdrawal.
fn measure_swap(p: &Protocol, rec: &mut Recorder) -> anyhow::Result<()> {
    use mars_types::astroport::{Asset, AssetInfo, Cw20HookMsg, ExecuteMsg, QueryMsg};
    use mars_types::swap::{Curve, FeesUnchecked, InstantiateMsg};

    let alice = p.user("alice");
    let code = p.chain.store_code(&artifact("mars_swap")?)?;
    let native = |denom: &str| AssetInfo::NativeToken {
        denom: denom.to_string(),
    };
    let coin = |amount: u128, denom: &str| cosmwasm_std::coin(amount, denom);
    p.chain.fund(
        &alice,
        &[
            coin(10_000_000 * USD, "uswapa"),
            coin(10_000_000 * USD, "uswapb"),
        ],
    );
    let provide = |pair: &cosmwasm_std::Addr, a: u128, b: u128| {
        p.chain.execute(
            &alice,
            pair,
            &ExecuteMsg::ProvideLiquidity {
                assets: vec![
                    Asset {
                        info: native("uswapa"),
                        amount: Uint128::new(a),
                    },
                    Asset {
                        info: native("uswapb"),
                        amount: Uint128::new(b),
                    },
                ],
                slippage_tolerance: None,
                auto_stake: None,
                receiver: None,
                min_lp_to_receive: None,
            },
            &[coin(a, "uswapa"), coin(b, "uswapb")],
        )
    };
    let swap = |pair: &cosmwasm_std::Addr| {
        p.chain.execute(
            &alice,
            pair,
            &ExecuteMsg::Swap {
                offer_asset: Asset {
                    info: native("uswapa"),
                    amount: Uint128::new(100 * USD),
                },
                ask_asset_info: None,
                belief_price: None,
                max_spread: None,
                to: None,
            },
            &[coin(100 * USD, "uswapa")],
        )
    };
    for (name, curve) in [
        ("xyk", Curve::Xyk {}),
        (
            "stable",
            Curve::Stable {
                amp: 100,
                decimals: [6, 6],
            },
        ),
    ] {
        let (pair, _) = p.chain.instantiate(
            &alice,
            code,
            &InstantiateMsg {
                asset_infos: vec![native("uswapa"), native("uswapb")],
                token_code_id: p.token_code_id,
                curve,
                fees: FeesUnchecked {
                    total_fee_bps: Bps::new(30)?,
                    protocol_fee_bps: Bps::new(3_333)?,
                    fee_address: Some(p.owner.to_string()),
                },
            },
            &[],
            "pair",
            None,
        )?;
        provide(&pair, 1_000_000 * USD, 1_000_000 * USD)?;
        p.chain.advance(5);
        rec.add(
            format!("swap, native to native (Mars Swap {name})"),
            &swap(&pair)?.gas,
        );
        if name == "xyk" {
            p.chain.advance(5);
            let (r, _): (mars_types::astroport::PoolResponse, _) =
                p.chain.query_with_gas(&pair, &QueryMsg::Pool {})?;
            let (a, b) = (r.assets[0].amount.u128(), r.assets[1].amount.u128());
            let deposit = provide(&pair, a / 100, b / 100)?;
            rec.add("provide liquidity (Mars Swap xyk)", &deposit.gas);
            let info: mars_types::astroport::PairInfo = p.chain.query(&pair, &QueryMsg::Pair {})?;
            let lp = cosmwasm_std::Addr::unchecked(info.liquidity_token);
            let withdraw = p.chain.execute(
                &alice,
                &lp,
                &Cw20ExecuteMsg::Send {
                    contract: pair.to_string(),
                    amount: Uint128::new(1_000 * USD),
                    msg: to_json_binary(&Cw20HookMsg::WithdrawLiquidity {
                        assets: vec![],
                        min_assets_to_receive: None,
                    })?,
                },
                &[],
            )?;
            rec.add("withdraw liquidity (Mars Swap xyk)", &withdraw.gas);
        }
    }
    Ok(())
}

/// Which column of a row a target reads.
#[derive(Clone, Copy)]
enum Column {
    Vm,
    Wasmd,
    Pinned,
}

/// The benchmark targets: VM gas and wasmd `gasUsed` as multiples of a cw20-base transfer in
/// the same setting, and artifact sizes.
const TARGETS: [(Column, &str, f64); 13] = [
    (Column::Vm, "vault mint, native (6-asset basket)", 2.8),
    (Column::Vm, "vault mint, cw20 (6-asset basket)", 4.7),
    (Column::Vm, "single redeem (6-asset basket)", 6.0),
    (Column::Vm, "proportional redeem, 10 assets", 6.3),
    (Column::Vm, "vault mint, native (32 assets held)", 6.0),
    (Column::Vm, "vote", 1.5),
    (Column::Wasmd, "vault mint, native (6-asset basket)", 1.8),
    (Column::Wasmd, "single redeem (6-asset basket)", 2.0),
    (
        Column::Wasmd,
        "proportional redeem (6-asset basket, 3 held)",
        2.4,
    ),
    (Column::Wasmd, "vote", 1.1),
    (Column::Pinned, "vault mint, native (6-asset basket)", 1.4),
    (Column::Vm, PER_EXTRA_ASSET, 0.16),
    (Column::Vm, "swap, native to native (Mars Swap xyk)", 3.0),
];
const PER_EXTRA_ASSET: &str = "each extra asset (proportional redeem, 10 → 32)";
/// The largest size of the vault's and governance's optimised artifacts, bytes.
const MAX_ARTIFACT_BYTES: u64 = 400_000;

impl Report {
    /// Every target with what the report measured for it.
    pub fn evaluate_targets(&self) -> Vec<Target> {
        let mut targets: Vec<Target> = TARGETS
            .iter()
            .map(|&(column, operation, limit)| {
                let row = self.rows.iter().find(|r| r.operation == operation);
                let (measured, setting) = match column {
                    Column::Vm if operation == PER_EXTRA_ASSET => {
                        (Some(self.per_extra_asset), "VM gas")
                    }
                    Column::Vm => (row.map(|r| r.ratio), "VM gas"),
                    Column::Wasmd => (row.and_then(|r| r.chain_ratio), "wasmd gasUsed"),
                    Column::Pinned => (
                        row.and_then(|r| r.chain_ratio_pinned),
                        "wasmd gasUsed, pinned",
                    ),
                };
                Target {
                    what: format!("{setting}: {operation}"),
                    limit,
                    measured,
                    met: measured.is_some_and(|m| m <= limit),
                    unit: "×",
                }
            })
            .collect();
        for artifact in ["mars_vault.wasm", "mars_governance.wasm"] {
            let measured = self
                .sizes
                .iter()
                .find(|(name, _)| name == artifact)
                .map(|(_, bytes)| *bytes as f64);
            targets.push(Target {
                what: format!("size: {artifact}"),
                limit: MAX_ARTIFACT_BYTES as f64,
                measured,
                met: measured.is_some_and(|m| m <= MAX_ARTIFACT_BYTES as f64),
                unit: "bytes",
            });
        }
        targets
    }

    /// Adds the on-chain columns, unpinned and (where measured) pinned. Every operation
    /// measured on chain must be a row of the report, and the reference must be among those of
    /// each setting.
    pub fn add_chain(&mut self, chain: ChainGas) -> anyhow::Result<()> {
        self.add_setting(&chain.gas_used, "", |row| {
            (&mut row.chain_gas_used, &mut row.chain_ratio)
        })?;
        if !chain.gas_used_pinned.is_empty() {
            self.add_setting(&chain.gas_used_pinned, " pinned", |row| {
                (&mut row.chain_gas_used_pinned, &mut row.chain_ratio_pinned)
            })?;
            self.chain_pinned = true;
        }
        if !chain.ibc.is_empty() {
            let reference = *chain.ibc.get(REFERENCE).ok_or_else(|| {
                anyhow::anyhow!("the two-chain measurements lack \"{REFERENCE}\"")
            })?;
            self.chain_ibc = chain
                .ibc
                .iter()
                .filter(|(operation, _)| operation.as_str() != REFERENCE)
                .map(|(operation, gas)| (operation.clone(), *gas, *gas as f64 / reference as f64))
                .collect();
        }
        self.chain_node = Some(chain.node);
        self.targets = self.evaluate_targets();
        Ok(())
    }

    fn add_setting(
        &mut self,
        gas_used: &BTreeMap<String, u64>,
        setting: &str,
        column: impl Fn(&mut Row) -> (&mut Option<u64>, &mut Option<f64>),
    ) -> anyhow::Result<()> {
        let reference = *gas_used.get(REFERENCE).ok_or_else(|| {
            anyhow::anyhow!("the{setting} chain measurements lack \"{REFERENCE}\"")
        })?;
        for (operation, gas) in gas_used {
            let row = self
                .rows
                .iter_mut()
                .find(|r| &r.operation == operation)
                .ok_or_else(|| {
                    anyhow::anyhow!("\"{operation}\" measured on chain is no row of the report")
                })?;
            let (used, ratio) = column(row);
            *used = Some(*gas);
            *ratio = Some(*gas as f64 / reference as f64);
        }
        Ok(())
    }

    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let on_chain = self.chain_node.is_some();
        let pinned = self.chain_pinned;
        let _ = writeln!(
            md,
            "| operation | VM gas | × cw20-base transfer | SDK gas (est.) | calls | reads | writes |{}{}",
            if on_chain { " wasmd gasUsed | × on wasmd |" } else { "" },
            if pinned { " pinned gasUsed | × pinned |" } else { "" }
        );
        let _ = writeln!(
            md,
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |{}{}",
            if on_chain { " ---: | ---: |" } else { "" },
            if pinned { " ---: | ---: |" } else { "" }
        );
        let cells = |shown: bool, gas: Option<u64>, ratio: Option<f64>| match (shown, gas, ratio) {
            (false, _, _) => String::new(),
            (true, Some(gas), Some(ratio)) => format!(" {gas} | {ratio:.2} |"),
            (true, _, _) => " – | – |".to_string(),
        };
        for r in &self.rows {
            let chain = cells(on_chain, r.chain_gas_used, r.chain_ratio)
                + &cells(pinned, r.chain_gas_used_pinned, r.chain_ratio_pinned);
            let _ = writeln!(
                md,
                "| {} | {} | {:.2} | {} | {} | {} | {} |{chain}",
                r.operation,
                r.vm_gas,
                r.ratio,
                r.sdk_gas,
                r.calls,
                r.storage_reads,
                r.storage_writes
            );
        }
        let _ = writeln!(md, "\n| target | limit | measured | met |");
        let _ = writeln!(md, "| --- | ---: | ---: | --- |");
        for t in &self.targets {
            let shown = |v: f64| match t.unit {
                "×" => format!("{v:.2}×"),
                _ => format!("{v:.0} {}", t.unit),
            };
            let _ = writeln!(
                md,
                "| {} | ≤ {} | {} | {} |",
                t.what,
                shown(t.limit),
                t.measured.map_or("not measured".to_string(), shown),
                if t.met { "yes" } else { "**no**" }
            );
        }
        if !self.chain_ibc.is_empty() {
            let _ = writeln!(
                md,
                "\nIBC on two wasmd chains (`bash ci/devnet/ibc-e2e.sh`): each transaction's \
                 `gasUsed`, codes not pinned, and its ratio to a cw20-base transfer on the vault's \
                 chain in the same run. A relayed transaction is the relayer's (the user pays \
                 only the transfer or the redemption) and includes its update of the other \
                 chain's light client.\n"
            );
            let _ = writeln!(md, "| transaction | wasmd gasUsed | × on wasmd |");
            let _ = writeln!(md, "| --- | ---: | ---: |");
            for (operation, gas, ratio) in &self.chain_ibc {
                let _ = writeln!(md, "| {operation} | {gas} | {ratio:.2} |");
            }
        }
        let _ = writeln!(md, "\nWhere the gas goes, by contract call (VM gas):\n");
        for r in self.rows.iter().filter(|r| {
            r.calls > 1 && (r.operation.contains("6-asset") || r.operation.contains("proposal"))
        }) {
            let calls: Vec<String> = r
                .profile
                .iter()
                .map(|(contract, entry, gas)| format!("{contract} {entry} {gas}"))
                .collect();
            let _ = writeln!(md, "- {}: {}", r.operation, calls.join(" → "));
        }
        let _ = writeln!(md, "\n| artifact | bytes |");
        let _ = writeln!(md, "| --- | ---: |");
        for (name, bytes) in &self.sizes {
            let _ = writeln!(md, "| {name} | {bytes} |");
        }
        md
    }
}
