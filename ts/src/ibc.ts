// USDm across IBC. Minting from another chain in one transfer: the ICS-20 transfer a wallet on
// the source chain signs. wasmd's IBC callbacks middleware calls the vault once the coins arrive
// (the memo's `dest_callback`), and the vault mints to the memo's `mars.beneficiary`; if the
// vault refuses (a cap, a price, `min_out`, a wrong receiver), the receive is reverted and the
// source chain refunds the sender. Redeeming to another chain: a USDm `send` to the vault whose
// redeem hook names an IBC destination; a payout the other chain refuses or that times out comes
// back as the redeemer's claim on the vault's chain. See contracts/vault/README.md, "Minting
// from another chain" and "Redeeming to another chain".
import { createHash } from "node:crypto";
import type { Coin } from "@cosmjs/amino";
import type { MsgExecuteContractEncodeObject } from "@cosmjs/cosmwasm-stargate";
import type { MsgTransferEncodeObject } from "@cosmjs/stargate";
import { hookMsg, type IbcDestination, type RedeemMode } from "./hooks";

/** The denom a coin of `baseDenom` sent from the other end of a channel has on the receiving
 * chain: `ibc/` and the upper-case hex SHA-256 of `<port>/<channel>/<baseDenom>`, where port
 * and channel are the receiving chain's end. That is the denom the vault whitelists. */
export function ibcDenom(port: string, channel: string, baseDenom: string): string {
  return "ibc/" + createHash("sha256").update(`${port}/${channel}/${baseDenom}`).digest("hex").toUpperCase();
}

/** What the vault reads from a transfer's memo (mars_types::ics20::MintMemo). */
export interface MintMemo {
  /** Who receives the USDm: an address on the vault's chain. */
  beneficiary: string;
  /** The least USDm (base units) to mint; the transfer is refunded below it. */
  min_out?: string;
}

/** The memo of a transfer to `vault` that mints for `mint.beneficiary`. */
export function mintMemo(vault: string, mint: MintMemo): string {
  const mars: MintMemo = { beneficiary: mint.beneficiary };
  if (mint.min_out !== undefined) mars.min_out = mint.min_out;
  return JSON.stringify({ dest_callback: { address: vault }, mars });
}

export interface MintTransfer {
  /** The sender on the source chain. */
  sender: string;
  /** The source chain's end of the transfer channel to the vault's chain. */
  sourceChannel: string;
  /** The vault: the receiver, and the contract the callback calls. */
  vault: string;
  /** The coins in the source chain's denom; on the vault's chain they become the channel's
   * `ibc/<hash>`, which the vault must whitelist. */
  token: Coin;
  mint: MintMemo;
  /** When the transfer times out, in nanoseconds since the epoch. */
  timeoutTimestampNs: bigint;
}

/** The `MsgTransfer` to sign on the source chain, e.g. with `SigningStargateClient.signAndBroadcast`. */
export function mintTransfer(t: MintTransfer): MsgTransferEncodeObject {
  return {
    typeUrl: "/ibc.applications.transfer.v1.MsgTransfer",
    value: {
      sourcePort: "transfer",
      sourceChannel: t.sourceChannel,
      token: t.token,
      sender: t.sender,
      receiver: t.vault,
      timeoutTimestamp: t.timeoutTimestampNs,
      memo: mintMemo(t.vault, t.mint),
    },
  };
}

export interface RedeemToChain {
  /** The redeemer on the vault's chain, who holds the USDm (and receives any claim). */
  sender: string;
  usdm: string;
  vault: string;
  /** USDm to redeem, in base units. */
  amount: string;
  mode: RedeemMode;
  /** Where the assets are paid: the vault's chain's end of the channel and the receiver there.
   * Only native coins travel: a redemption that would pay a cw20 to another chain is refused. */
  destination: IbcDestination;
}

/** The USDm `send` to sign on the vault's chain that redeems and pays the assets to another
 * chain, one ICS-20 transfer per coin. The assets arrive as the channel's voucher on the other
 * chain, or as the original denom where they came from that chain. */
export function redeemToChain(r: RedeemToChain): MsgExecuteContractEncodeObject {
  const send = {
    send: { contract: r.vault, amount: r.amount, msg: hookMsg({ redeem: { mode: r.mode, ibc: r.destination } }) },
  };
  return {
    typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
    value: { sender: r.sender, contract: r.usdm, msg: new TextEncoder().encode(JSON.stringify(send)), funds: [] },
  };
}
