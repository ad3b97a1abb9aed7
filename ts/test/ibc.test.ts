// The transfer a wallet on another chain signs to mint USDm in one packet: its memo is exactly
// what the vault reads (mars_types::ics20), and the message is an ICS-20 transfer to the vault.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mintMemo, mintTransfer } from "../src/ibc";

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
