//! The `cadenza` command-line tool.
#![forbid(unsafe_code)]

fn main() {
    println!("cadenza: subcommands are being written");
}
