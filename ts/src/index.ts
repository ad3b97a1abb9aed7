// The package's entry point: the generated clients (as `contracts.MarsVault.MarsVaultClient`, ...),
// the cw20 hook messages, and the deployment library.
export { contracts } from "./contracts";
export * from "./hooks";
export { connect, resolveAddress, resolveAddresses, type Connection } from "./chain";
export { loadConfig, validateConfig, ConfigError, TIERS, type DeployConfig, type AssetConfig } from "./config";
export { deploy, assetInfo } from "./deploy";
export { CODES, loadDeployment, saveDeployment, type Deployment } from "./deployment";
export { keplrChainInfo } from "./keplr";
export { ibcDenom, mintMemo, mintTransfer, redeemToChain, type MintMemo, type MintTransfer, type RedeemToChain } from "./ibc";
