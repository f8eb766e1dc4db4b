//! The command line: thin wiring over the library. One file per subcommand.

mod extract;
mod merge;
mod report;
mod show;

use clap::{Parser, Subcommand};

/// yusuan turns Chinese government budget disclosures (部门预算 / 部门决算,
/// PDF or extracted text) into canonical JSON with every standard table
/// recognised, every column named, and the arithmetic checked.
#[derive(Debug, Parser)]
#[command(name = "yusuan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Extract(extract::ExtractArgs),
    Report(report::ReportArgs),
    Merge(merge::MergeArgs),
    Show(show::ShowArgs),
}

/// Parse arguments, run, and return the process exit code:
/// 0 every input processed, 1 some inputs failed, 2 usage error.
///
/// Rust ignores SIGPIPE, so a closed pipe is an error on write, handled
/// where output is written; SIGINT and SIGTERM end the process at once,
/// which the batch survives: every file is written under a `.part` name and
/// renamed, and the next run (`--resume`) removes what was left.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Report(a) => report::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Show(a) => show::run(a),
    }
}
