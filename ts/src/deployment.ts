// The deployment file: what a deployment created on one chain, so that a re-run skips it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** The codes of the protocol, by their artifact file names. */
export const CODES = {
  usdm: "mars_usdm",
  oracle: "mars_oracle",
  vault: "mars_vault",
  governance: "mars_governance",
  swap: "mars_swap",
  /** A test double of a lending market, stored only when the configuration asks for one. */
  lendingDouble: "mars_lending_double",
} as const;
export type CodeName = keyof typeof CODES;

export interface Deployment {
  chainId: string;
  /** Code id and sha256 checksum of each stored artifact. */
  codes: Partial<Record<CodeName, { codeId: number; checksum: string }>>;
  contracts: {
    xms?: string;
    oracle?: string;
    vault?: string;
    /** Instantiated by the vault. */
    usdm?: string;
    governance?: string;
    /** The lending-market double (test chains only). */
    lendingDouble?: string;
  };
  /** cw20 test assets the deployment created, by symbol. */
  tokens: Record<string, string>;
  /** Mars Swap pools, by name (absent in files of earlier deployments). */
  pools?: Record<string, string>;
}

export function loadDeployment(path: string, chainId: string): Deployment {
  if (!existsSync(path)) return { chainId, codes: {}, contracts: {}, tokens: {} };
  const deployment = JSON.parse(readFileSync(path, "utf8")) as Deployment;
  if (deployment.chainId !== chainId) {
    throw new Error(`${path} records a deployment on ${deployment.chainId}, not ${chainId}: use another --deployment file`);
  }
  return deployment;
}

export function saveDeployment(path: string, deployment: Deployment): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(deployment, null, 2) + "\n");
}
