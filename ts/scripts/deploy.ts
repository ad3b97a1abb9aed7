// Deploys the protocol from a configuration (idempotent: a re-run completes or confirms it).
//
//   MARS_MNEMONIC="..." npx tsx scripts/deploy.ts --config configs/devnet.json \
//     [--deployment deployment.json] [--rpc URL] [--rest URL] [--keplr keplr-chain.json]
//
// The mnemonic comes from the environment only. --rpc/--rest override the configuration's.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { connect } from "../src/chain";
import { loadConfig } from "../src/config";
import { deploy } from "../src/deploy";
import { keplrChainInfo } from "../src/keplr";

const { values } = parseArgs({
  options: {
    config: { type: "string" },
    deployment: { type: "string", default: "deployment.json" },
    rpc: { type: "string" },
    rest: { type: "string" },
    keplr: { type: "string" },
  },
});

async function main() {
  if (!values.config) throw new Error("--config <file> is required");
  const mnemonic = process.env.MARS_MNEMONIC;
  if (!mnemonic) throw new Error("set MARS_MNEMONIC to the deployer's mnemonic");
  const config = loadConfig(values.config);
  if (values.rpc) config.chain.rpc = values.rpc;
  if (values.rest) config.chain.rest = values.rest;

  const conn = await connect(config.chain, mnemonic, config.accounts);
  const d = await deploy(conn, config, values.deployment!);

  console.log(`\ncontracts on ${d.chainId} (recorded in ${values.deployment}):`);
  const rows: [string, string][] = [
    ["usdm", d.contracts.usdm!],
    ["xms", d.contracts.xms!],
    ["oracle", d.contracts.oracle!],
    ["vault", d.contracts.vault!],
    ["governance", d.contracts.governance!],
    ...Object.entries(d.tokens).map(([symbol, addr]): [string, string] => [`token ${symbol}`, addr]),
  ];
  for (const [name, addr] of rows) console.log(`  ${name.padEnd(12)} ${addr}`);
  console.log("accounts of the mnemonic:");
  for (const [name, addr] of Object.entries(conn.accounts)) console.log(`  ${name.padEnd(12)} ${addr}`);
  if (values.keplr) {
    writeFileSync(values.keplr, JSON.stringify(keplrChainInfo(config, d, await bondDenom(config.chain.rest)), null, 2) + "\n");
  }
}

/** The chain's staking denom from its REST endpoint, or the fee denom when there is none. */
async function bondDenom(rest: string | undefined): Promise<string | undefined> {
  if (!rest) return undefined;
  const url = `${rest}/cosmos/staking/v1beta1/params`;
  const res = await fetch(url).catch((e: Error) => {
    throw new Error(`the Keplr suggestion needs the staking denom: ${url}: ${e.message}`);
  });
  if (!res.ok) throw new Error(`the Keplr suggestion needs the staking denom: ${url} answered ${res.status}`);
  return ((await res.json()) as { params: { bond_denom: string } }).params.bond_denom;
}

main().catch((e: Error) => {
  console.error(`deploy failed: ${e.message}`);
  process.exit(1);
});
