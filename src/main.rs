//! The `nianbao` command. Everything happens in `nianbao::cli`.

fn main() -> std::process::ExitCode {
    nianbao::cli::main()
}
