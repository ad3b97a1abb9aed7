// Generates the typed contract clients in src/contracts/ from the committed JSON schemas in
// ../schema/<contract>/ (written by ci/schema.sh).
//
//   npm run codegen                 regenerate src/contracts/
//   npm run codegen -- --out DIR    write to DIR instead (the drift check compares the two)
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

// ts-codegen is CommonJS with its entry point as `exports.default`
const codegen: typeof import("@cosmwasm/ts-codegen").default =
  createRequire(import.meta.url)("@cosmwasm/ts-codegen").default;

const here = dirname(fileURLToPath(import.meta.url));
const schemaDir = resolve(here, "../../schema");
const outFlag = process.argv.indexOf("--out");
const outPath = outFlag >= 0 ? resolve(process.argv[outFlag + 1]) : resolve(here, "../src/contracts");

const contracts = [
  { name: "MarsUsdm", dir: resolve(schemaDir, "usdm") },
  { name: "MarsOracle", dir: resolve(schemaDir, "oracle") },
  { name: "MarsVault", dir: resolve(schemaDir, "vault") },
  { name: "MarsGovernance", dir: resolve(schemaDir, "governance") },
  { name: "MarsSwap", dir: resolve(schemaDir, "swap") },
  { name: "MarsLendingDouble", dir: resolve(schemaDir, "lending-double") },
];

await codegen({
  contracts,
  outPath,
  options: {
    bundle: { enabled: true, bundleFile: "index.ts", scope: "contracts" },
    types: { enabled: true },
    client: { enabled: true },
    reactQuery: { enabled: false },
    recoil: { enabled: false },
    messageComposer: { enabled: false },
    messageBuilder: { enabled: false },
    useContractsHooks: { enabled: false },
  },
});
