import assert from "node:assert/strict";
import test from "node:test";
import { errorMessage } from "../../src/errors";

test("a refused transaction's simulation gives the contract's own words", () => {
  const e = new Error(
    "Query failed with (6): rpc error: code = Unknown desc = failed to execute message; message index: 0: " +
      "asset satoshi would reach 97.56% of the vault, above its cap of 40%: execute wasm contract failed " +
      "[CosmWasm/wasmd@v0.61.14/x/wasm/keeper/keeper.go:415] With gas wanted: '300000000' and gas used: '190870' : unknown request",
  );
  assert.equal(errorMessage(e), "asset satoshi would reach 97.56% of the vault, above its cap of 40%");
});

test("a refused query gives the contract's own words", () => {
  const e = new Error("Query failed with (6): Generic error: minting is paused: query wasm contract failed: unknown request");
  assert.equal(errorMessage(e), "minting is paused");
});

test("anything else is passed on as it is", () => {
  assert.equal(errorMessage(new Error("Request rejected")), "Request rejected");
  assert.equal(errorMessage("timeout"), "timeout");
});
