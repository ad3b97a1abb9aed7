// Deploys and wires the protocol from a configuration, idempotently: every step first looks at
// the deployment file and the chain, and does only what is missing. Against any wasmd-based chain.
//
// Order: store the four codes; instantiate XMS and any cw20 test assets; the oracle; the vault
// (which instantiates USDm with itself as the only minter); a price source and a whitelist entry
// per asset; initial feeder prices; governance over XMS; then governance takes over the vault and
// the oracle (cw-ownable transfer + accept) and becomes the wasm admin of USDm, the oracle, the
// vault and itself; last, the Mars Swap pools of the configuration, empty, with governance as
// their wasm admin. XMS gets no wasm admin at all: governance holds the stakes in XMS, and
// whoever could migrate XMS could move them.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "./chain";
import { resolveAddress, resolveAddresses } from "./chain";
import type { AssetConfig, DeployConfig, NewCw20 } from "./config";
import { CODES, type CodeName, type Deployment, loadDeployment, saveDeployment } from "./deployment";
import { MarsGovernanceClient } from "./contracts/MarsGovernance.client";
import { MarsOracleClient } from "./contracts/MarsOracle.client";
import { MarsVaultClient } from "./contracts/MarsVault.client";
import type { AssetInfoBaseForString, OwnershipForString } from "./contracts/MarsVault.types";
import type { InstantiateMsg as TokenInstantiate } from "./contracts/MarsUsdm.types";

export type Log = (line: string) => void;

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The asset's `AssetInfo` once its token exists. */
export function assetInfo(asset: AssetConfig, d: Deployment): AssetInfoBaseForString {
  const t = asset.token;
  if ("native" in t) return { native: { denom: t.native } };
  if ("cw20" in t) return { cw20: { contract_addr: t.cw20 } };
  const addr = "xms" in t ? d.contracts.xms : d.tokens[asset.symbol];
  if (!addr) throw new Error(`${asset.symbol}: its cw20 is not deployed yet`);
  return { cw20: { contract_addr: addr } };
}

export async function deploy(conn: Connection, config: DeployConfig, deploymentPath: string, log: Log = console.log): Promise<Deployment> {
  const { client, fee } = conn;
  const deployer = conn.accounts.deployer;
  const d = loadDeployment(deploymentPath, config.chain.chainId);
  const save = () => saveDeployment(deploymentPath, d);
  const done = (what: string, res: { transactionHash: string; gasUsed: bigint }) =>
    log(`    ${what}: tx ${res.transactionHash}, gas ${res.gasUsed}`);
  const skip = (what: string) => log(`    ${what}: already done`);
  const label = (name: string) => `${config.labelPrefix}-${name}`;

  // A recorded address must be a contract on this chain.
  const existing = async (what: string, addr: string | undefined) => {
    if (!addr) return undefined;
    try {
      await client.getContract(addr);
    } catch {
      throw new Error(`${deploymentPath} records ${what} at ${addr}, which this chain does not have: delete that entry or the file`);
    }
    skip(`${what} ${addr}`);
    return addr;
  };

  log(`deployer ${deployer} on ${config.chain.chainId}`);

  // 1. codes: reuse a recorded or identical code already on the chain, else upload
  log("codes");
  const onChain = await client.getCodes();
  const names = (Object.keys(CODES) as CodeName[]).filter((n) => n !== "lendingDouble" || config.lendingDouble);
  for (const name of names) {
    const path = join(config.artifactsDir, `${CODES[name]}.wasm`);
    if (!existsSync(path)) throw new Error(`${path} is missing: run bash ci/artifacts.sh first`);
    const wasm = readFileSync(path);
    const checksum = sha256(wasm);
    const identical = onChain.filter((c) => c.checksum === checksum);
    const same = identical.find((c) => c.id === d.codes[name]?.codeId) ?? identical[0];
    if (same) {
      d.codes[name] = { codeId: same.id, checksum };
      skip(`${name} code ${same.id}`);
    } else {
      const previous = d.codes[name];
      const res = await client.upload(deployer, wasm, fee);
      d.codes[name] = { codeId: res.codeId, checksum };
      done(`${name} stored as code ${res.codeId} (${wasm.length} bytes)`, { transactionHash: res.transactionHash, gasUsed: res.gasUsed });
      if (previous) {
        log(`    note: ${name} changed since code ${previous.codeId}; contracts already deployed keep running that code until governance migrates them`);
      }
    }
    save();
  }
  const code = (name: CodeName) => d.codes[name]!.codeId;

  // admin null: the contract gets no wasm admin (XMS)
  const instantiate = async (what: string, codeId: number, msg: object, lbl: string, admin: string | null = deployer) => {
    const res = await client.instantiate(deployer, codeId, msg, lbl, fee, admin === null ? {} : { admin });
    done(`${what} ${res.contractAddress}`, res);
    return res.contractAddress;
  };
  const cw20 = (t: NewCw20): TokenInstantiate => ({
    name: t.name,
    symbol: t.symbol,
    decimals: t.decimals,
    initial_balances: t.initialBalances.map((b) => ({ address: resolveAddress(conn, b.address), amount: b.amount })),
    mint: null,
    marketing: null,
  });

  // 2. tokens
  log("tokens");
  d.contracts.xms = (await existing("XMS", d.contracts.xms)) ?? (await instantiate("XMS", code("usdm"), cw20(config.xms), label("xms"), null));
  save();
  for (const a of config.assets) {
    if (!("createCw20" in a.token)) continue;
    d.tokens[a.symbol] = (await existing(a.symbol, d.tokens[a.symbol])) ??
      (await instantiate(a.symbol, code("usdm"), cw20(a.token.createCw20), label(a.symbol.toLowerCase())));
    save();
  }

  // 3. oracle and vault (the vault instantiates USDm)
  log("oracle and vault");
  d.contracts.oracle = (await existing("oracle", d.contracts.oracle)) ??
    (await instantiate("oracle", code("oracle"), { owner: deployer }, label("oracle")));
  save();
  const v = config.vault;
  d.contracts.vault = (await existing("vault", d.contracts.vault)) ??
    (await instantiate("vault", code("vault"), {
      owner: deployer,
      guardian: v.guardian ? resolveAddress(conn, v.guardian) : null,
      oracle: d.contracts.oracle,
      usdm: { code_id: code("usdm"), name: config.usdm.name, symbol: config.usdm.symbol, label: label("usdm"), marketing: null },
      cap_floor: v.capFloor,
      max_assets: v.maxAssets,
      tier_caps: v.tierCaps,
      proportional_redeem_fee: v.proportionalRedeemFee,
      limits: v.limits,
    }, label("vault")));
  const vault = new MarsVaultClient(client, deployer, d.contracts.vault);
  const oracle = new MarsOracleClient(client, deployer, d.contracts.oracle);
  d.contracts.usdm = (await vault.config()).usdm;
  log(`    USDm ${d.contracts.usdm}`);
  save();

  // 4. a price source and a whitelist entry per asset, while the deployer still owns both
  log("assets");
  for (const a of config.assets) {
    const asset = assetInfo(a, d);
    if (await succeeds(() => oracle.priceSource({ asset }))) {
      skip(`${a.symbol} price source`);
    } else {
      await mustOwn(oracle, deployer, "oracle", `set the ${a.symbol} price source`);
      done(`${a.symbol} price source`, await oracle.setPriceSource({ asset, source: resolveAddresses(conn, a.priceSource) }, fee));
    }
    if (await succeeds(() => vault.asset({ asset }))) {
      skip(`${a.symbol} whitelisted`);
    } else {
      await mustOwn(vault, deployer, "vault", `whitelist ${a.symbol}`);
      done(`${a.symbol} whitelisted in tier ${a.tier}`, await vault.addAsset({
        params: {
          asset,
          decimals: a.decimals,
          tier: a.tier,
          max_share: a.maxShare,
          value_ceiling: a.valueCeiling,
          mint_fee: a.mintFee,
          redeem_fee: a.redeemFee,
          mint_enabled: true,
          redeem_enabled: true,
        },
      }, fee));
    }
  }

  // 5. initial prices of the assets that have none yet, in one feed
  const unpriced = [];
  for (const a of config.assets) {
    const asset = assetInfo(a, d);
    if (a.initialPrice !== undefined && !(await succeeds(() => oracle.price({ asset })))) {
      unpriced.push({ asset, price: a.initialPrice });
    }
  }
  if (unpriced.length > 0) {
    const feeder = resolveAddress(conn, `@${config.oracle.initialFeeder}`);
    const feeding = new MarsOracleClient(client, feeder, d.contracts.oracle);
    done(`initial prices of ${unpriced.length} assets`, await feeding.feedPrices({ prices: unpriced }, fee));
  }

  // 6. governance, then it takes over
  log("governance");
  const g = config.governance;
  d.contracts.governance = (await existing("governance", d.contracts.governance)) ??
    (await instantiate("governance", code("governance"), {
      xms_token: d.contracts.xms,
      guardian: g.guardian ? resolveAddress(conn, g.guardian) : null,
      rules: g.rules,
      periods: g.periods,
      min_deposit: g.minDeposit,
    }, label("governance")));
  save();
  const gov = d.contracts.governance;
  const governance = new MarsGovernanceClient(client, deployer, gov);
  for (const [name, owned] of [["vault", vault], ["oracle", oracle]] as const) {
    const ownership: OwnershipForString = await owned.ownership();
    if (ownership.owner === gov) {
      skip(`governance owns the ${name}`);
      continue;
    }
    if (ownership.owner !== deployer) {
      throw new Error(`the ${name} is owned by ${ownership.owner}, neither the deployer nor governance`);
    }
    if (ownership.pending_owner !== gov) {
      done(`${name} offered to governance`, await owned.updateOwnership({ transfer_ownership: { new_owner: gov, expiry: null } }, fee));
    }
    done(`governance accepted the ${name}`, await governance.acceptOwnership({ contract: owned.contractAddress }, fee));
  }
  for (const [name, addr] of Object.entries({ usdm: d.contracts.usdm, oracle: d.contracts.oracle, vault: d.contracts.vault, governance: gov })) {
    const { admin } = await client.getContract(addr);
    if (admin === gov) {
      skip(`governance is the ${name}'s admin`);
    } else if (admin === deployer) {
      done(`governance made the ${name}'s admin`, await client.updateAdmin(deployer, addr, gov, fee));
    } else {
      log(`    the ${name}'s admin is ${admin ?? "nobody"}: left as it is`);
    }
  }
  // XMS: no admin (a deployment by an earlier version of this script made the deployer or
  // governance its admin)
  const xmsAdmin = (await client.getContract(d.contracts.xms)).admin;
  if (!xmsAdmin) {
    skip("XMS has no admin");
  } else if (xmsAdmin === deployer) {
    done("XMS's admin cleared", await client.clearAdmin(deployer, d.contracts.xms, fee));
  } else if (xmsAdmin === gov) {
    log("    XMS's admin is governance: a proposal with a ClearAdmin of XMS (the only admin message a proposal may send XMS) removes it");
  } else {
    log(`    XMS's admin is ${xmsAdmin}: left as it is, but whoever it is can migrate XMS and move the stakes`);
  }
  save();

  // 7. Mars Swap pools, empty; their LP tokens are of the token code, minted only by the pair
  if ((config.pools ?? []).length > 0) log("Mars Swap pools");
  d.pools ??= {};
  for (const pool of config.pools ?? []) {
    const info = (symbol: string) => {
      const addr = symbol === "USDm" ? d.contracts.usdm : symbol === "XMS" ? d.contracts.xms : undefined;
      if (addr) return { token: { contract_addr: addr } };
      const a = assetInfo(config.assets.find((x) => x.symbol === symbol)!, d);
      return "native" in a ? { native_token: { denom: a.native.denom } } : { token: { contract_addr: a.cw20.contract_addr } };
    };
    d.pools[pool.name] = (await existing(`pool ${pool.name}`, d.pools[pool.name])) ??
      (await instantiate(`pool ${pool.name}`, code("swap"), {
        asset_infos: pool.assets.map(info),
        token_code_id: code("usdm"),
        curve: pool.curve,
        fees: {
          total_fee_bps: pool.totalFeeBps,
          protocol_fee_bps: pool.protocolFeeBps,
          fee_address: pool.feeAddress ? resolveAddress(conn, pool.feeAddress) : null,
        },
      }, label(`pool-${pool.name.toLowerCase()}`), gov));
    save();
  }

  // 8. test chains only: a lending market on the red-bank interface for the vault to lend in
  if (config.lendingDouble) {
    log("lending-market double");
    d.contracts.lendingDouble = (await existing("lending double", d.contracts.lendingDouble)) ??
      (await instantiate("lending double", code("lendingDouble"), { owner: resolveAddress(conn, config.lendingDouble.owner) }, label("lending-double"), null));
    save();
  }
  return d;
}

async function succeeds(query: () => Promise<unknown>): Promise<boolean> {
  try {
    await query();
    return true;
  } catch {
    return false;
  }
}

async function mustOwn(contract: { ownership: () => Promise<OwnershipForString> }, deployer: string, name: string, what: string) {
  const { owner } = await contract.ownership();
  if (owner !== deployer) {
    throw new Error(`cannot ${what}: the ${name} is owned by ${owner}, not the deployer; governance must do it by proposal`);
  }
}
