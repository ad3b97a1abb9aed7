//! Prints the gas report and writes `gas-report.md` and `gas-report.json` at the repository root.
//! When `gas-report.chain.json` is there (written by the on-chain end-to-end test,
//! `bash ci/devnet/e2e.sh`), its measurements become the report's wasmd column.

use std::path::Path;

use mars_vm::gas::ChainGas;

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut report = mars_vm::gas::measure()?;
    let chain_file = root.join("gas-report.chain.json");
    let chain_note = if chain_file.exists() {
        let chain: ChainGas = serde_json::from_slice(&std::fs::read(&chain_file)?)?;
        let note = format!(
            " The wasmd columns are each whole transaction's `gasUsed` on a local {} node \
             (signature, transaction size and storage included; `bash ci/devnet/e2e.sh`), and its \
             ratio to a cw20-base transfer on the same node; the pinned columns are the same \
             transactions once the node has pinned every code in its VM cache (a chain \
             governance proposal), against a pinned cw20-base transfer.",
            chain.node
        );
        report.add_chain(chain)?;
        note
    } else {
        String::new()
    };
    let md = format!(
        "# Gas report\n\nCosmWasm gas measured in cosmwasm-vm 2.3.5 on the optimised artifacts \
         (`ci/artifacts.sh`), summed over every contract each operation reaches; ratios are to \
         cw20-base's transfer built with the same recipe. SDK gas adds the KV store's gas at \
         wasmd's defaults to VM gas / 140,000; transaction overhead is not included.{chain_note}\n\n{}",
        report.markdown()
    );
    print!("{md}");
    std::fs::write(root.join("gas-report.md"), &md)?;
    std::fs::write(
        root.join("gas-report.json"),
        serde_json::to_string_pretty(&report)? + "\n",
    )?;
    Ok(())
}
