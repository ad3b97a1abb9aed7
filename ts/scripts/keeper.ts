// Keeps a devnet's feeder prices fresh, so that a devnet left running still mints: every
// --interval seconds the configuration's initial feeder feeds each asset it prices a new price, a
// bounded random walk around the asset's initialPrice. A step moves the price by at most --step
// (a fraction, default 0.005) and the price stays within --band (default 0.05) of initialPrice;
// a step must stay inside the oracle's move bound (max_change_bps) of every asset it feeds.
//
//   MARS_MNEMONIC="..." npx tsx scripts/keeper.ts --config configs/devnet.json \
//     --deployment deployment.json [--rpc URL] [--interval 60] [--step 0.005] [--band 0.05]
import { parseArgs } from "node:util";
import { connect, resolveAddress } from "../src/chain";
import { loadConfig } from "../src/config";
import { assetInfo } from "../src/deploy";
import { loadDeployment } from "../src/deployment";
import { MarsOracleClient } from "../src/contracts/MarsOracle.client";
import type { AssetInfoBaseForString } from "../src/contracts/MarsOracle.types";

const { values } = parseArgs({
  options: {
    config: { type: "string" },
    deployment: { type: "string", default: "deployment.json" },
    rpc: { type: "string" },
    interval: { type: "string", default: "60" },
    step: { type: "string", default: "0.005" },
    band: { type: "string", default: "0.05" },
  },
});

interface Walk {
  symbol: string;
  asset: AssetInfoBaseForString;
  center: number;
  price: number;
}

/** One step of the walk: at most `step` from `price`, within `band` of `center`. */
const nextPrice = (price: number, center: number, step: number, band: number) =>
  Math.min(center * (1 + band), Math.max(center * (1 - band), price * (1 + step * (2 * Math.random() - 1))));

async function main() {
  if (!values.config) throw new Error("--config <file> is required");
  const mnemonic = process.env.MARS_MNEMONIC;
  if (!mnemonic) throw new Error("set MARS_MNEMONIC to the feeder's mnemonic");
  const [interval, step, band] = [Number(values.interval), Number(values.step), Number(values.band)];
  if (!(interval > 0 && step > 0 && band > 0)) throw new Error("--interval, --step and --band must be positive numbers");
  const config = loadConfig(values.config);
  if (values.rpc) config.chain.rpc = values.rpc;
  const feederName = config.oracle.initialFeeder;
  if (!feederName) throw new Error("the configuration names no oracle.initialFeeder");
  const conn = await connect(config.chain, mnemonic, config.accounts);
  const d = loadDeployment(values.deployment!, config.chain.chainId);
  if (!d.contracts.oracle) throw new Error(`${values.deployment} records no oracle: deploy first`);
  const feeder = resolveAddress(conn, `@${feederName}`);
  const oracle = new MarsOracleClient(conn.client, feeder, d.contracts.oracle);

  const walks: Walk[] = [];
  for (const a of config.assets) {
    const source = a.priceSource;
    if (a.initialPrice === undefined || !("feeder" in source)) continue;
    if (!source.feeder.feeders.map((f) => resolveAddress(conn, f)).includes(feeder)) continue;
    if (step * 10_000 >= source.feeder.max_change_bps) {
      throw new Error(`${a.symbol}: a step of ${step} is not inside the oracle's move bound of ${source.feeder.max_change_bps} bps`);
    }
    const asset = assetInfo(a, d);
    const center = Number(a.initialPrice);
    const current = await oracle.price({ asset }).then((p) => Number(p.price), () => center);
    walks.push({ symbol: a.symbol, asset, center, price: Math.abs(current / center - 1) <= band ? current : center });
  }
  if (walks.length === 0) throw new Error(`${feederName} feeds no asset with an initialPrice`);
  console.log(`keeper: ${feederName} feeds ${walks.map((w) => w.symbol).join(", ")} every ${interval} s on ${config.chain.chainId}`);

  for (;;) {
    for (const w of walks) w.price = nextPrice(w.price, w.center, step, band);
    const prices = walks.map((w) => ({ asset: w.asset, price: w.price.toFixed(9) }));
    try {
      const res = await oracle.feedPrices({ prices }, conn.fee);
      console.log(`${new Date().toISOString()} height ${res.height}: ${walks.map((w) => `${w.symbol} ${w.price.toPrecision(6)}`).join(", ")}`);
    } catch (e) {
      console.error(`${new Date().toISOString()} feeding failed (trying again in ${interval} s): ${(e as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, interval * 1000));
  }
}

main().catch((e: Error) => {
  console.error(`keeper failed: ${e.message}`);
  process.exit(1);
});
