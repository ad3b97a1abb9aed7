// What went wrong, in the contract's own words. Node and cosmjs wrap a contract's error in layers:
//   "Query failed with (6): rpc error: code = Unknown desc = failed to execute message; message
//    index: 0: asset uatom would reach 45% of the vault, above its cap of 30%: execute wasm
//    contract failed [...] With gas wanted: ..."
//   "Query failed with (6): Generic error: ...: query wasm contract failed: unknown request"

const patterns = [
  /message index: \d+: (.+?): (?:execute|instantiate|migrate) wasm contract failed/s,
  /(?:rpc error: code = \w+ desc = )?(.+?): (?:query wasm contract failed|execute wasm contract failed)/s,
  /Broadcasting transaction failed with code \d+ \(codespace: \w+\)\. Log: (.+)/s,
];

export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return tidy(match[1]);
  }
  return tidy(text);
}

function tidy(message: string): string {
  return message
    .replace(/^Query failed with \(\d+\): /, "")
    .replace(/^rpc error: code = \w+ desc = /, "")
    .replace(/^(?:Generic error: )+/, "")
    .replace(/^failed to execute message; message index: \d+: /, "")
    .trim();
}
