//! `balance completions SHELL` and `balance man`: generated from the command-line definition.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::config::Config;
use crate::error::{exit, Error, Result};

pub fn completions(shell: clap_complete::Shell, config: &mut Config) -> Result<i32> {
    // clap_complete panics when its writer fails; write to memory, then out.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "balance", &mut script);
    config.out.write_all(&script).map_err(Error::Output)?;
    Ok(exit::OK)
}

/// The man page: clap_mangen's sections, but the commands listed in the page itself (there
/// are no pages per command to point to) and an ENVIRONMENT section.
pub fn man(config: &mut Config) -> Result<i32> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page).map_err(Error::Output)?;
    man.render_name_section(&mut page).map_err(Error::Output)?;
    man.render_synopsis_section(&mut page)
        .map_err(Error::Output)?;
    man.render_description_section(&mut page)
        .map_err(Error::Output)?;
    man.render_options_section(&mut page)
        .map_err(Error::Output)?;
    page.extend(commands_section(&command).into_bytes());
    page.extend(ENVIRONMENT.as_bytes());
    man.render_extra_section(&mut page).map_err(Error::Output)?;
    man.render_version_section(&mut page)
        .map_err(Error::Output)?;
    config.out.write_all(&page).map_err(Error::Output)?;
    Ok(exit::OK)
}

/// Each command with what it does; `balance COMMAND --help` has the rest.
fn commands_section(command: &clap::Command) -> String {
    let mut roff = String::from(".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        roff.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            roff_escape(sub.get_name()),
            roff_escape(&about)
        ));
    }
    roff.push_str(".PP\n`balance COMMAND \\-\\-help` describes each command's arguments.\n");
    roff
}

fn roff_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('-', "\\-")
}

const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBBALANCE_HOME\fR
One folder for the history, the saved progress and your questionnaires, instead of the
platform's data and config folders.
.TP
\fBBALANCE_QUESTIONNAIRES\fR
A folder of extra questionnaire and strategy files, as \fB\-\-questionnaires\fR gives.
.TP
\fBNO_COLOR\fR
Set to anything: no colour.
.TP
\fBTERM\fR
Unset or \fBdumb\fR: plain text, and the quiz asks one statement per line.
.TP
\fBPAGER\fR
The pager for long output on a terminal (default \fBless \-R\fR; empty or \fBcat\fR: none).
.TP
\fBBALANCE_LOCK_TIMEOUT\fR
Seconds to wait for the history's lock before giving up (default 30).
.PP
An empty value counts as unset.
"#;
