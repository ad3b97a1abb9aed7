//! Prints the gas report and writes `gas-report.md` and `gas-report.json` at the repository root.

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let report = mars_vm::gas::measure()?;
    let md = format!(
        "# Gas report\n\nCosmWasm gas measured in cosmwasm-vm 2.3.5 on the optimised artifacts \
         (`ci/artifacts.sh`), summed over every contract each operation reaches; ratios are to \
         cw20-base's transfer built with the same recipe. SDK gas adds the KV store's gas at \
         wasmd's defaults to VM gas / 140,000; transaction overhead is not included.\n\n{}",
        report.markdown()
    );
    print!("{md}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::write(root.join("gas-report.md"), &md)?;
    std::fs::write(
        root.join("gas-report.json"),
        serde_json::to_string_pretty(&report)? + "\n",
    )?;
    Ok(())
}
