//! Writes a generated benchmark project to disk, for trying the window on
//! a large project by hand:
//!
//! ```sh
//! cargo run --release --example gen_project -- 10mb /tmp/10mb.ron [SEED]
//! cargo run --release -- /tmp/10mb.ron
//! ```
//!
//! Sizes: `10kb` (100 spans), `1mb` (10k spans), `10mb` (100k spans). The
//! same size and seed always give the same file.

#[path = "../benches/support/generate.rs"]
mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_project 10kb|1mb|10mb OUT.ron [SEED]";
    let (Some(size), Some(out)) = (
        args.first().and_then(|s| generate::size(s)),
        args.get(1).map(PathBuf::from),
    ) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => generate::SEED,
        Some(Ok(s)) => s,
        Some(Err(_)) => {
            eprintln!("{usage}\nSEED is a whole number");
            return ExitCode::from(2);
        }
    };
    let project = generate::project(size, seed);
    if let Err(e) = marginalia::store::save(&project, &out) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let doc = &project.documents()[0];
    println!(
        "wrote {}: {} bytes of text, {} lines, {} spans on {} themes",
        out.display(),
        doc.text().as_str().len(),
        doc.text().line_count(),
        doc.spans().len(),
        project.themes().len()
    );
    ExitCode::SUCCESS
}
