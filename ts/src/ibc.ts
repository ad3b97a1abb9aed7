// Minting USDm from another IBC chain in one transfer: the ICS-20 transfer a wallet on the
// source chain signs. wasmd's IBC callbacks middleware calls the vault once the coins arrive
// (the memo's `dest_callback`), and the vault mints to the memo's `mars.beneficiary`; if the
// vault refuses (a cap, a price, `min_out`, a wrong receiver), the receive is reverted and the
// source chain refunds the sender. See contracts/vault/README.md, "Minting from another chain".
import type { Coin } from "@cosmjs/amino";
import type { MsgTransferEncodeObject } from "@cosmjs/stargate";

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
