import assert from "node:assert/strict";
import test from "node:test";
import { errorMessage } from "../../src/errors";

// the messages as a wasmd 0.61 node and cosmjs 0.38 give them
test("a refused transaction's simulation gives the contract's own words", () => {
  const e = new Error(
    "Query failed with (6): rpc error: code = Unknown desc = failed to execute message; message index: 0: " +
      "usdm out 993294 is below min_out 999999999999: execute wasm contract failed " +
      "[CosmWasm/wasmd/x/wasm/keeper/keeper.go:452] with gas used: '88335': unknown request",
  );
  assert.equal(errorMessage(e), "usdm out 993294 is below min_out 999999999999");
});

test("a refused query gives the contract's own words", () => {
  const e = new Error("Query failed with (6): Generic error: amount must not be zero: query wasm contract failed: unknown request");
  assert.equal(errorMessage(e), "amount must not be zero");
});

test("anything else is passed on as it is", () => {
  assert.equal(errorMessage(new Error("Request rejected")), "Request rejected");
  assert.equal(errorMessage("timeout"), "timeout");
});
