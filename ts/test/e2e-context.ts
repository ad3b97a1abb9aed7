// What the on-chain tests share: the connection to a running devnet with the protocol deployed,
// the accounts, typed clients, the transactions they send and the gas they measure.
//
// Environment: MARS_MNEMONIC (the devnet mnemonic), MARS_DEPLOYMENT (the deployment file),
// MARS_RPC (default: the configuration's), MARS_CHAIN_GAS_OUT (default ../gas-report.chain.json).
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ExecuteResult } from "@cosmjs/cosmwasm-stargate";
import { type Connection, connect } from "../src/chain";
import { type DeployConfig, loadConfig } from "../src/config";
import { assetInfo, sha256 } from "../src/deploy";
import type { Deployment } from "../src/deployment";
import { type GovernanceHook, hookMsg, toBinary, type VaultHook } from "../src/hooks";
import { MarsGovernanceClient } from "../src/contracts/MarsGovernance.client";
import { MarsUsdmClient } from "../src/contracts/MarsUsdm.client";
import { MarsVaultClient } from "../src/contracts/MarsVault.client";
import type { AssetInfoBaseForString } from "../src/contracts/MarsVault.types";

const here = import.meta.dirname;
export const USD = 1_000_000n;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The gas report's chain file: `gas_used` with unpinned codes, `gas_used_pinned` once pinned,
 * `ibc` the transactions of the two-chain test (ts/test/ibc-e2e.test.ts). */
export type ChainGasSetting = "gas_used" | "gas_used_pinned" | "ibc";

export class E2e {
  readonly gas: Record<string, number> = {};

  private constructor(
    readonly config: DeployConfig,
    readonly conn: Connection,
    readonly d: Deployment,
  ) {}

  static async connect(): Promise<E2e> {
    const config = loadConfig(resolve(here, "../configs/devnet.json"));
    if (process.env.MARS_RPC) config.chain.rpc = process.env.MARS_RPC;
    if (process.env.MARS_REST) config.chain.rest = process.env.MARS_REST;
    const mnemonic = process.env.MARS_MNEMONIC;
    assert.ok(mnemonic, "set MARS_MNEMONIC (ci/devnet/e2e.sh does)");
    const conn = await connect(config.chain, mnemonic, config.accounts);
    const d = JSON.parse(readFileSync(process.env.MARS_DEPLOYMENT ?? resolve(here, "../../.devnet/deployment.json"), "utf8"));
    return new E2e(config, conn, d);
  }

  get alice() { return this.conn.accounts.alice; }
  get bob() { return this.conn.accounts.bob; }
  get feeder() { return this.conn.accounts.feeder; }

  /** Keeps `res.gasUsed` as the gas of `operation`. */
  record(operation: string, res: ExecuteResult): ExecuteResult {
    this.gas[operation] = Number(res.gasUsed);
    return res;
  }

  /** A new cw20-base token of the reference code (stored once) with 1,000 for alice, who mints. */
  async referenceToken(): Promise<string> {
    const wasm = readFileSync(join(this.config.artifactsDir, "reference/cw20_base.wasm"));
    const checksum = sha256(wasm);
    const stored = (await this.conn.client.getCodes()).find((c) => c.checksum === checksum);
    const codeId = stored?.id ?? (await this.conn.client.upload(this.alice, wasm, this.conn.fee)).codeId;
    const { contractAddress } = await this.conn.client.instantiate(this.alice, codeId, {
      name: "Reference", symbol: "REF", decimals: 6,
      initial_balances: [{ address: this.alice, amount: (1_000n * USD).toString() }],
      mint: { minter: this.alice, cap: null },
    }, "reference cw20-base", this.conn.fee);
    return contractAddress;
  }

  /** The gas report's reference: a cw20-base transfer to bob and, unless `transferOnly`, a
   * mint to bob, measured and checked. */
  async measureReference(transferOnly = false) {
    const ref = await this.referenceToken();
    const before = await this.cw20(ref, this.bob);
    this.record("cw20-base transfer (reference)", await this.token(ref).transfer({ recipient: this.bob, amount: USD.toString() }, this.conn.fee));
    if (!transferOnly) this.record("cw20-base mint", await this.token(ref).mint({ recipient: this.bob, amount: USD.toString() }, this.conn.fee));
    assert.equal(await this.cw20(ref, this.bob), before + (transferOnly ? 1n : 2n) * USD);
  }

  /** Writes what was measured into the chain file under `setting`, keeping the other setting. */
  writeGas(setting: ChainGasSetting) {
    if (Object.keys(this.gas).length === 0) return;
    const file = process.env.MARS_CHAIN_GAS_OUT ?? resolve(here, "../../gas-report.chain.json");
    // the unpinned run comes first and starts the file; the others add their setting to it
    const kept = setting !== "gas_used" && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
    const out = { node: "wasmd v0.61.14", gas_used: kept.gas_used ?? {}, ...kept, [setting]: this.gas };
    writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  }

  asset(symbol: string): AssetInfoBaseForString {
    return assetInfo(this.config.assets.find((a) => a.symbol === symbol)!, this.d);
  }
  denom(symbol: string): string {
    const info = this.asset(symbol);
    assert.ok("native" in info, `${symbol} is not a native asset`);
    return info.native.denom;
  }
  vault(sender: string) { return new MarsVaultClient(this.conn.client, sender, this.d.contracts.vault!); }
  token(addr: string, sender = this.alice) { return new MarsUsdmClient(this.conn.client, sender, addr); }
  governance(sender: string) { return new MarsGovernanceClient(this.conn.client, sender, this.d.contracts.governance!); }

  async native(addr: string, symbol: string): Promise<bigint> {
    return BigInt((await this.conn.client.getBalance(addr, this.denom(symbol))).amount);
  }
  async cw20(tokenAddr: string, addr: string): Promise<bigint> {
    return BigInt((await this.token(tokenAddr).balance({ address: addr })).balance);
  }
  usdm(addr: string) { return this.cw20(this.d.contracts.usdm!, addr); }
  async usdmSupply() { return BigInt((await this.token(this.d.contracts.usdm!).tokenInfo()).total_supply); }

  /** Mints with a native coin: funds attached to the vault's `mint`. */
  mintNative(sender: string, symbol: string, amount: bigint) {
    return this.vault(sender).mint({}, this.conn.fee, undefined, [{ denom: this.denom(symbol), amount: amount.toString() }]);
  }
  /** Mints with a cw20: its `send` to the vault with a mint hook. */
  mintCw20(sender: string, tokenAddr: string, amount: bigint) {
    return this.token(tokenAddr, sender).send({ contract: this.d.contracts.vault!, amount: amount.toString(), msg: hookMsg({ mint: {} }) }, this.conn.fee);
  }
  /** USDm `send` to the vault with a redeem hook. */
  redeem(sender: string, amount: bigint, hook: VaultHook) {
    return this.token(this.d.contracts.usdm!, sender).send({ contract: this.d.contracts.vault!, amount: amount.toString(), msg: hookMsg(hook) }, this.conn.fee);
  }
  /** XMS `send` to governance with a stake hook. */
  stake(sender: string, amount: bigint) {
    return this.token(this.d.contracts.xms!, sender).send({ contract: this.d.contracts.governance!, amount: amount.toString(), msg: hookMsg({ stake: {} }) }, this.conn.fee);
  }
  /** XMS `send` to governance with a proposal of one vault message; returns the result and the id. */
  propose(sender: string, title: string, description: string, vaultMsg: object): Promise<{ res: ExecuteResult; id: number }> {
    return this.proposeMsgs(sender, title, description, [{ contract: this.d.contracts.vault!, msg: vaultMsg }]);
  }
  /** XMS `send` to governance with a proposal executing `msgs` in order; returns the result and the id. */
  async proposeMsgs(sender: string, title: string, description: string, msgs: { contract: string; msg: object }[]): Promise<{ res: ExecuteResult; id: number }> {
    const proposal: GovernanceHook = {
      propose: {
        title,
        description,
        msgs: msgs.map(({ contract, msg }) => ({ wasm: { execute: { contract_addr: contract, msg: toBinary(msg), funds: [] } } })),
      },
    };
    const res = await this.token(this.d.contracts.xms!, sender).send(
      { contract: this.d.contracts.governance!, amount: this.config.governance.minDeposit, msg: hookMsg(proposal) }, this.conn.fee);
    const id = Number(res.events.flatMap((e) => (e.type === "wasm" ? e.attributes : [])).find((a) => a.key === "id")!.value);
    return { res, id };
  }
  /** Waits until proposal `id` reaches `status` (queries see the latest block's time). */
  async waitForStatus(id: number, status: string, timeoutMs = 60_000) {
    const started = Date.now();
    for (;;) {
      const now = (await this.governance(this.alice).proposal({ id })).status;
      if (now === status) return;
      assert.ok(Date.now() - started < timeoutMs, `proposal ${id} stayed ${now}, never ${status}`);
      await sleep(300);
    }
  }
}
