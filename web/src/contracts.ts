// Signing clients of the generated bindings for the connected wallet, and the cw20 `send` hooks.
import { toBinary } from "@cosmjs/cosmwasm-stargate";
import { MarsGovernanceClient } from "../../ts/src/contracts/MarsGovernance.client";
import { MarsUsdmClient } from "../../ts/src/contracts/MarsUsdm.client";
import { MarsVaultClient } from "../../ts/src/contracts/MarsVault.client";
import type { GovernanceHook, VaultHook } from "../../ts/src/hooks";
import type { Network } from "./network";
import type { Wallet } from "./wallet";

/** Gas: the simulated amount times this. */
export const GAS_ADJUSTMENT = 1.5;

export const vault = (n: Network, w: Wallet) => new MarsVaultClient(w.client, w.address, n.contracts.vault);
export const governance = (n: Network, w: Wallet) => new MarsGovernanceClient(w.client, w.address, n.contracts.governance);
/** Any cw20-base token (USDm, XMS, a cw20 collateral) through USDm's client. */
export const cw20 = (w: Wallet, token: string) => new MarsUsdmClient(w.client, w.address, token);

/** Sends `amount` of the cw20 `token` to `contract` with a hook message. */
export const sendCw20 = (w: Wallet, token: string, contract: string, amount: bigint, hook: VaultHook | GovernanceHook) =>
  cw20(w, token).send({ contract, amount: amount.toString(), msg: toBinary(hook) }, GAS_ADJUSTMENT);
