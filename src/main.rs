fn main() {
    std::process::exit(balance::run());
}
