import assert from "node:assert/strict";
import test from "node:test";
import { formatAmount, formatBps, formatDecimal, formatDuration, formatRatio, formatUsd, parseAmount, withSlippage } from "../../src/format";

test("smallest units read as whole tokens, grouped, trailing zeros dropped", () => {
  assert.equal(formatAmount(1_234_500_000n, 6), "1,234.5");
  assert.equal(formatAmount("100000000", 8), "1");
  assert.equal(formatAmount(1n, 18), "0");
  assert.equal(formatAmount(1n, 18, 18), "0.000000000000000001");
  assert.equal(formatAmount(-2_500_000n, 6), "-2.5");
  assert.equal(formatUsd("1234567891"), "$1,234.56");
});

test("typed whole tokens parse to smallest units, or say why not", () => {
  assert.equal(parseAmount("1,000.25", 6), 1_000_250_000n);
  assert.equal(parseAmount(".5", 8), 50_000_000n);
  assert.equal(parseAmount("3", 18), 3n * 10n ** 18n);
  assert.throws(() => parseAmount("1.0000001", 6), /at most 6 decimal places/);
  assert.throws(() => parseAmount("1e5", 6), /not an amount/);
  assert.throws(() => parseAmount(".", 6), /not an amount/);
  assert.equal(parseAmount(formatAmount(123_456_789n, 6, 6).replace(/,/g, ""), 6), 123_456_789n);
});

test("decimals, ratios, basis points and slippage", () => {
  assert.equal(formatDecimal("60000.123456789"), "60,000.1234");
  assert.equal(formatDecimal("1.5000", 2), "1.5");
  assert.equal(formatRatio("1.5"), "150.00%");
  assert.equal(formatBps(4000), "40.00%");
  assert.equal(withSlippage(1_000_000n, 50), 995_000n);
  assert.equal(withSlippage(999n, 100), 989n);
});

test("durations the way people say them", () => {
  assert.equal(formatDuration(45), "45 s");
  assert.equal(formatDuration(185), "3 min 5 s");
  assert.equal(formatDuration(7_800), "2 h 10 min");
  assert.equal(formatDuration(-3), "0 s");
  assert.equal(formatDuration(273_600), "3 d 4 h");
});
