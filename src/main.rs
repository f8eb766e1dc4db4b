fn main() {
    std::process::exit(yusuan::cli::main());
}
