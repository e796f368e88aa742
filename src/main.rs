//! The `faultline` binary: clap entry; no subcommand opens the console.

use std::process::ExitCode;

use clap::Parser;
use faultline::cli::{self, Cli, Command, Context};

fn main() -> ExitCode {
    // A closed pipe (`faultline sla --json | head -1`) ends the process
    // quietly, as for any Unix filter, instead of a panic in `println!`.
    // SAFETY: restoring the default disposition of SIGPIPE before any thread
    // starts has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let parsed = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // One line, in the user's language where we know the words.
            eprintln!("faultline: {}", faultline::text::clean(&clap_line(&e)));
            return ExitCode::from(2);
        }
    };
    match run(&parsed) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // Everything on stderr is inert: names and paths come from users.
            eprintln!("faultline: {}", faultline::text::clean(&one_line(&err)));
            ExitCode::from(cli::exit_code(&err))
        }
    }
}

/// A parse error as one line. The language is `--lang` if it was given,
/// else the locale's (the config file is not read for a bad command line).
fn clap_line(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    use faultline::msg::cli::args;
    let argv: Vec<String> = std::env::args().collect();
    let explicit = argv
        .iter()
        .position(|a| a == "--lang")
        .and_then(|i| argv.get(i + 1))
        .map(String::as_str)
        .or_else(|| argv.iter().find_map(|a| a.strip_prefix("--lang=")));
    faultline::i18n::speak(
        faultline::i18n::Lang::pick(explicit)
            .or_else(|_| faultline::i18n::Lang::pick(None))
            .unwrap_or(faultline::i18n::Lang::Zh),
    );
    let get = |k| e.get(k).map(|v| v.to_string());
    let said = match e.kind() {
        ErrorKind::UnknownArgument => {
            get(ContextKind::InvalidArg).map(|a| args::unknown_argument(&a))
        }
        ErrorKind::InvalidSubcommand => {
            get(ContextKind::InvalidSubcommand).map(|c| args::unknown_command(&c))
        }
        ErrorKind::MissingRequiredArgument => {
            get(ContextKind::InvalidArg).map(|a| args::missing(&a))
        }
        // Not one of the allowed values, or one its type refuses (a ticket
        // number that is not one).
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            match (get(ContextKind::InvalidArg), get(ContextKind::InvalidValue)) {
                (Some(a), Some(v)) if v.is_empty() => Some(args::needs_value(&a)),
                (Some(a), Some(v)) => Some(args::invalid_value(&a, &v)),
                _ => None,
            }
        }
        _ => None,
    };
    said.unwrap_or_else(|| {
        let text = e.render().to_string();
        text.lines()
            .next()
            .unwrap_or("bad arguments")
            .trim_start_matches("error: ")
            .to_string()
    })
}

fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ").replace('\n', " ")
}

fn run(cli: &Cli) -> anyhow::Result<u8> {
    let ctx = Context::new(&cli.options())?;
    let _log = faultline::logging::init(&ctx.data_dir());
    // The demo writes its desk: it has no past to show.
    if matches!(cli.command, Some(Command::Demo { .. })) && ctx.as_of.is_some() {
        return faultline::error::bad(faultline::msg::cli::demo_as_of());
    }
    match &cli.command {
        None | Some(Command::Console) => faultline::tui::console(&ctx, None),
        Some(Command::Demo {
            seed_only,
            extra_tickets,
        }) => faultline::demo::run(&ctx, cli.db.is_some(), *seed_only, *extra_tickets),
        Some(Command::Wall { quiet }) => faultline::tui::wall(&ctx, *quiet),
        Some(cmd) => cli::run(&ctx, cmd),
    }
}
