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
#[command(name = "yusuan", version, about, long_about = None, after_help = EXIT_STATUS)]
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

/// The exit statuses, as `yusuan --help` prints them (each subcommand's
/// `--help` says what 0/1/2 mean for it).
pub const EXIT_STATUS: &str = "\
Exit status:
  0    success: every input processed (merge: merged; report: written); also a
       closed standard output (`yusuan extract - < x.pdf | head`)
  1    some inputs failed (one line each in OUT/errors.jsonl; the others are
       written), or the output could not be written
  2    usage error: bad or missing option, missing input, output folder not
       empty (use --resume or --force), not a yusuan output folder
  130  interrupted (SIGINT, Ctrl-C) and 143 terminated (SIGTERM), as the shell
       reports them: no half-written file is left under its final name, and
       `yusuan extract --resume` continues the run
  101  a panic, which is a bug: please report it with the input";

/// Parse arguments, run, and return the process exit code (see
/// [`EXIT_STATUS`]).
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
