// The transfer a wallet on another chain signs to mint USDm in one packet: its memo is exactly
// what the vault reads (mars_types::ics20), and the message is an ICS-20 transfer to the vault.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ibcDenom, mintMemo, mintTransfer, redeemToChain } from "../src/ibc";

const vault = "wasm14hj2tavq8fpesdwxxcu44rty3hh90vhujrvcmstl4zr3txmfvw9s0phg4d";

test("the memo names the vault as the callback and the beneficiary under mars", () => {
  assert.equal(
    mintMemo(vault, { beneficiary: "wasm1alice", min_out: "990000" }),
    `{"dest_callback":{"address":"${vault}"},"mars":{"beneficiary":"wasm1alice","min_out":"990000"}}`,
  );
  // no min_out: the key is left out, not sent as null
  assert.deepEqual(JSON.parse(mintMemo(vault, { beneficiary: "wasm1alice" })).mars, { beneficiary: "wasm1alice" });
});

test("the transfer goes to the vault through the transfer port with the memo", () => {
  const msg = mintTransfer({
    sender: "noble1sender",
    sourceChannel: "channel-1",
    vault,
    token: { denom: "uusdc", amount: "1000000" },
    mint: { beneficiary: "wasm1alice" },
    timeoutTimestampNs: 1_800_000_000_000_000_000n,
  });
  assert.equal(msg.typeUrl, "/ibc.applications.transfer.v1.MsgTransfer");
  assert.equal(msg.value.receiver, vault);
  assert.equal(msg.value.sourcePort, "transfer");
  assert.equal(JSON.parse(msg.value.memo ?? "").dest_callback.address, vault);
});

test("a coin from the other end of a channel has the ibc/ denom of the receiving end's port and channel", () => {
  // the well-known ATOM voucher of Osmosis' transfer/channel-0
  assert.equal(ibcDenom("transfer", "channel-0", "uatom"), "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2");
});

test("a redemption to another chain is a USDm send to the vault whose redeem hook names the destination", () => {
  const msg = redeemToChain({
    sender: "wasm1alice",
    usdm: "wasm1usdm",
    vault,
    amount: "100000000",
    mode: { single: { asset: { native: { denom: "ibc/ABC" } } } },
    destination: { channel: "channel-0", receiver: "noble1alice", timeout_seconds: 600 },
  });
  assert.equal(msg.typeUrl, "/cosmwasm.wasm.v1.MsgExecuteContract");
  assert.equal(msg.value.contract, "wasm1usdm");
  const send = JSON.parse(new TextDecoder().decode(msg.value.msg)).send;
  assert.equal(send.contract, vault);
  assert.equal(send.amount, "100000000");
  assert.deepEqual(JSON.parse(Buffer.from(send.msg, "base64").toString()), {
    redeem: {
      mode: { single: { asset: { native: { denom: "ibc/ABC" } } } },
      ibc: { channel: "channel-0", receiver: "noble1alice", timeout_seconds: 600 },
    },
  });
});
