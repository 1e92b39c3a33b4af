//! The command line as a table: arguments in, parsed or refused out. No I/O happens here.

use balance::cli::{Cli, Command};
use clap::{CommandFactory, Parser};

#[test]
fn the_cli_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn arguments_parse_as_a_table() {
    let accepted: &[&[&str]] = &[
        &["balance", "quiz"],
        &["balance", "quiz", "clinginess", "attachment", "--short"],
        &["balance", "quiz", "--resume"],
        &[
            "balance",
            "quiz",
            "--answers",
            "-",
            "--json",
            "--no-save",
            "--output",
            "r.json",
        ],
        &["balance", "checkin", "--answers", "a.toml"],
        &[
            "balance",
            "history",
            "--since",
            "30d",
            "--until",
            "2026-01-31",
            "--limit",
            "3",
        ],
        &["balance", "due", "--every", "7d"],
        &["balance", "due", "--every", "2w", "-v"],
        &["balance", "compare", "first", "latest"],
        &["balance", "forget", "--all", "--yes"],
        &["balance", "forget", "--before", "2026-01-01"],
        &["balance", "forget", "0193abcd"],
        &["balance", "--plain", "report"],
        &["balance", "list", "--questionnaires", "dir"],
    ];
    for args in accepted {
        assert!(Cli::try_parse_from(*args).is_ok(), "{args:?} refused");
    }
    let refused: &[&[&str]] = &[
        &["balance"],
        &["balance", "quiz", "--resume", "--short"],
        &["balance", "quiz", "--resume", "--answers", "a.json"],
        &["balance", "due"],
        &["balance", "due", "--every", "soon"],
        &["balance", "due", "--every", "0d"],
        &["balance", "history", "--since", "yesterday-ish"],
        &["balance", "forget"],
        &["balance", "forget", "--all", "--before", "30d"],
        &["balance", "validate"],
        &["balance", "compare", "latest"],
        &["balance", "quiz", "--top", "many"],
    ];
    for args in refused {
        assert!(Cli::try_parse_from(*args).is_err(), "{args:?} accepted");
    }
}

#[test]
fn parsed_values_are_checked() {
    let cli = Cli::try_parse_from(["balance", "quiz", "a", "b", "--short", "--top", "3"]).unwrap();
    let Command::Quiz(quiz) = cli.command else {
        panic!("not quiz")
    };
    assert_eq!(quiz.ids, ["a", "b"]);
    assert!(quiz.short && !quiz.resume);
    assert_eq!(quiz.top, 3);
    let cli = Cli::try_parse_from(["balance", "due", "--every", "7d"]).unwrap();
    let Command::Due(due) = cli.command else {
        panic!("not due")
    };
    let now: jiff::Timestamp = "2026-11-23T12:00:00Z".parse().unwrap();
    assert_eq!(due.every.before(now).to_string(), "2026-11-16T12:00:00Z");
}

/// Every argument and option of every command says what it is for in `--help`.
#[test]
fn every_argument_has_help() {
    fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments() {
            let builtin = matches!(arg.get_id().as_str(), "help" | "version");
            if !builtin && arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {}", arg.get_id()));
            }
        }
        for sub in command.get_subcommands() {
            if sub.get_about().is_none() && sub.get_name() != "help" {
                missing.push(format!("{path} {} (no about)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&Cli::command(), "balance", &mut missing);
    assert!(missing.is_empty(), "arguments without help: {missing:#?}");
}
