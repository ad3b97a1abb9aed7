// The messages carried inside a cw20 `send` (the `msg` of Cw20ReceiveMsg). They are not part of
// the contracts' entry-point schemas, so they are written out here, mirroring
// `mars_types::vault::ReceiveMsg` and `mars_types::governance::ReceiveMsg`.
import type { AssetInfoBaseForString, Uint128 } from "./contracts/MarsVault.types";
import type { CosmosMsgForEmpty } from "./contracts/MarsGovernance.types";

export type RedeemMode =
  | { proportional: { min_out: { info: AssetInfoBaseForString; amount: Uint128 }[] } }
  | { single: { asset: AssetInfoBaseForString; min_out?: Uint128 | null } };

/** Where on another chain a redemption is paid (`mars_types::vault::IbcDestination`). */
export interface IbcDestination {
  /** This chain's end of the transfer channel, `channel-<n>`. */
  channel: string;
  /** The receiver on the other chain. */
  receiver: string;
  /** Seconds from the redemption's block until the transfers time out (1 to 604800, default 600). */
  timeout_seconds?: number | null;
}

/** Sent with a whitelisted cw20 (mint) or with USDm (redeem) to the vault. */
export type VaultHook =
  | { mint: { recipient?: string | null; min_out?: Uint128 | null } }
  | { redeem: { mode: RedeemMode; recipient?: string | null; ibc?: IbcDestination | null } };

/** Sent with XMS to governance. */
export type GovernanceHook =
  | { stake: Record<string, never> }
  | { propose: { title: string; description: string; msgs: CosmosMsgForEmpty[] } };

/** A message as CosmWasm `Binary`: base64 of its JSON (a cw20 `send`'s `msg`, a wasm execute's). */
export const toBinary = (msg: object): string => Buffer.from(JSON.stringify(msg)).toString("base64");

/** The `msg` field of a cw20 `send` to the vault or to governance. */
export const hookMsg = (hook: VaultHook | GovernanceHook): string => toBinary(hook);
