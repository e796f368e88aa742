//! The command line, as scripts rely on it.

use crate::store::TicketId;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "faultline",
    version,
    about = "Dispatch console for storage-fault service deadlines (故障时限调度台)"
)]
pub struct Cli {
    /// SQLite database file (default: the user data folder)
    #[arg(long, env = "FAULTLINE_DB", global = true)]
    pub db: Option<PathBuf>,
    /// Evaluate at this moment instead of the clock: RFC 3339 or "YYYY-MM-DD HH:MM" local
    #[arg(long, env = "FAULTLINE_NOW", global = true)]
    pub now: Option<String>,
    /// The desk as it stood then: only what had been recorded by this moment
    /// (entries and tickets recorded later are left out), evaluated at it.
    /// Reads only: sla, ticket show, ticket timeline
    #[arg(long, env = "FAULTLINE_AS_OF", global = true)]
    pub as_of: Option<String>,
    /// Config folder with overrides of policy, contracts and calendars
    #[arg(long, env = "FAULTLINE_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Label language: zh or en (default: from the locale, zh unless it is English)
    #[arg(long, global = true)]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The global options, for [`crate::context::Context::new`].
    pub fn options(&self) -> crate::context::Options {
        crate::context::Options {
            db: self.db.clone(),
            config: self.config.clone(),
            now: self.now.clone(),
            as_of: self.as_of.clone(),
            lang: self.lang.clone(),
        }
    }
}

// Parsed once per process: the size of the largest command's options
// (`ticket log`'s record fields) costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a desk (the database file). With --now it is a simulated desk,
    /// whose clock --now may drive; otherwise a live one, where --now only reads
    Init,
    /// Seed a demo database (default: demo.db in the data folder, re-seeded) and open the console on it
    Demo {
        /// Only seed, do not open the console
        #[arg(long)]
        seed_only: bool,
        /// Also generate this many synthetic open tickets (load testing)
        #[arg(long, default_value_t = 0)]
        extra_tickets: usize,
    },
    /// The dispatcher console (the default without a subcommand)
    Console,
    /// The read-only wall board
    Wall {
        /// No bell or flash on new level-1 tickets and breaches
        #[arg(long)]
        quiet: bool,
    },
    /// Customer sites
    #[command(subcommand)]
    Site(SiteCmd),
    /// Company offices (公司或分公司)
    #[command(subcommand)]
    Office(OfficeCmd),
    /// Engineers
    #[command(subcommand)]
    Engineer(EngineerCmd),
    /// Equipment under contract and its warranty
    #[command(subcommand)]
    Equipment(EquipmentCmd),
    /// Preventive service plans (巡检, patches, upgrades, training, health checks)
    #[command(subcommand)]
    Plan(PlanCmd),
    /// The jobs plans create: list, assign, mark done
    #[command(subcommand)]
    Job(JobCmd),
    /// Open tickets, log events, assign engineers
    #[command(subcommand)]
    Ticket(TicketCmd),
    /// Open tickets by time left (on-call view); exit 3 when any shown ticket is breached
    Sla(SlaArgs),
    /// Persist automatic raises that are due, create preventive jobs, and
    /// send the paging hooks' notifications (consoles and the daemon do this too)
    Sweep,
    /// Paging hooks (`[[hook]]` in config.toml): what was sent, what waits,
    /// what could not be delivered; or a sample message to one hook
    #[command(subcommand)]
    Hooks(HooksCmd),
    /// Shell completions (bash, zsh, fish, elvish, powershell) on stdout
    Completions { shell: String },
    /// The manual page (roff) on stdout: `faultline man > faultline.1`
    Man,
    /// Unattended: record automatic raises as deadlines pass and create
    /// preventive jobs each day, until SIGTERM (assets/systemd/ has a unit)
    Daemon,
    /// Re-derive every closed ticket's settled outcomes (compliance, reports) from the log;
    /// appends only what differs. Once after upgrading a desk, or after a rules change
    Rebuild,
    /// On-time rates, response/arrival/restoration times, breaches, raises,
    /// waivers, late entries and follow-up ratings over whole days
    Report {
        /// First day (YYYY-MM-DD), by the day a deadline fell due
        #[arg(long)]
        from: String,
        /// Last day, inclusive
        #[arg(long)]
        to: String,
        /// level, zone, milestone, engineer, customer or contract
        #[arg(long)]
        by: Option<String>,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
    },
    /// Reference data from CSV (templates in assets/import/): offices, sites,
    /// engineers or equipment. A bad file is refused whole, naming line and
    /// column; nothing is written
    Import {
        /// offices, sites, engineers or equipment
        kind: String,
        file: String,
    },
    /// Every ticket with its full history as JSON lines, one ticket per line
    /// (streamed: constant memory at any history size)
    Export {
        /// JSON lines (the only format; the flag says so in scripts)
        #[arg(long)]
        json: bool,
    },
    /// A consistent copy of the desk through SQLite's online backup, while
    /// consoles keep writing
    Backup { file: String },
    /// Replace the desk with a backup, after checking the file (integrity,
    /// schema, application id); the replaced desk is kept beside it
    Restore { file: String },
    /// Holiday calendars: which years are loaded, and adding next year's
    #[command(subcommand)]
    Calendar(CalendarCmd),
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// Years loaded, where each came from, and how far coverage reaches
    Status,
    /// Validate every loaded year (exit 2 naming the file and date if one is broken)
    Check,
    /// Validate a holiday-cn JSON file and copy it into the config folder
    Import { file: PathBuf },
}

// Where an office or site is. A plain comment: clap would show a doc
// comment here as the subcommands' description.
#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// A city from the bundled table (assets/geo/cn-cities.csv)
    #[arg(long)]
    pub city: Option<String>,
    /// Latitude; with --lon it wins over --city
    #[arg(long, allow_negative_numbers = true)]
    pub lat: Option<f64>,
    #[arg(long, allow_negative_numbers = true)]
    pub lon: Option<f64>,
}

#[derive(Debug, Subcommand)]
pub enum SiteCmd {
    Add {
        name: String,
        /// Distance from the nearest office, km (decides the zone). Without it,
        /// the site's place (--city or --lat/--lon) and the offices' places give it.
        #[arg(long, allow_negative_numbers = true)]
        distance_km: Option<String>,
        #[command(flatten)]
        place: PlaceArgs,
        /// The site is in the same province as the office (contract arrival 24 h)
        #[arg(long)]
        in_province: bool,
        #[arg(long)]
        contract: Option<String>,
        #[arg(long)]
        customer: Option<String>,
        /// The project manager (an engineer of role pm), who follows up each restoration
        #[arg(long)]
        pm: Option<String>,
    },
    /// Change a site: its project manager
    Set {
        name: String,
        #[arg(long)]
        pm: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// A recurring service at a site; jobs are created ahead by every sweep
    Add {
        #[arg(long)]
        site: String,
        /// inspection, patch, upgrade, training, health_check
        #[arg(long)]
        kind: String,
        /// How often: 10d, 2w, 3mo, 1y
        #[arg(long)]
        every: String,
        /// Count each interval from the last job's completion, not the calendar
        #[arg(long)]
        floating: bool,
        /// The first job's date (YYYY-MM-DD, today or later)
        #[arg(long)]
        first: String,
        #[arg(long)]
        title: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop creating jobs (those created stay)
    End { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum JobCmd {
    /// Jobs not done, by due date
    List {
        /// Done ones too
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    Assign {
        id: i64,
        engineer: String,
        #[arg(long)]
        by: Option<String>,
    },
    Done {
        id: i64,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        by: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EquipmentCmd {
    /// Register a unit at a site; its warranty runs from acceptance
    Add {
        #[arg(long)]
        site: String,
        #[arg(long)]
        model: String,
        #[arg(long)]
        serial: String,
        /// Acceptance date (YYYY-MM-DD)
        #[arg(long)]
        accepted: String,
        /// Years of warranty (default: the site's contract, else 3)
        #[arg(long)]
        warranty_years: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum HooksCmd {
    /// Per hook: deliveries waiting, sent, skipped, dead letters, last error
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Sends a sample notification to the hook now (outside the outbox)
    Test { name: String },
}

#[derive(Debug, Subcommand)]
pub enum OfficeCmd {
    Add {
        name: String,
        #[command(flatten)]
        place: PlaceArgs,
    },
    List,
}

#[derive(Debug, Subcommand)]
pub enum EngineerCmd {
    Add {
        name: String,
        /// remote, onsite, senior, expert, director, pm, vendor
        #[arg(long)]
        role: String,
        #[arg(long)]
        office: String,
        /// Local shift hours, e.g. 09:00-18:00 (default: on call around the clock)
        #[arg(long)]
        shift: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Mark off duty (休)
    Off { name: String },
    /// Mark back on duty
    On { name: String },
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum TicketCmd {
    /// Open a ticket; prints its number alone on stdout
    Open {
        #[arg(long)]
        site: String,
        /// 1 (critical) to 4 (routine)
        #[arg(long)]
        level: String,
        #[arg(long)]
        title: String,
        /// When the customer's notice was received (default: now)
        #[arg(long)]
        at: Option<String>,
        /// Needs on-site service from the start
        #[arg(long)]
        onsite: bool,
        /// Project manager who approved service after the warranty ended
        /// (without it such a ticket opens held until `approved`)
        #[arg(long)]
        approved_by: Option<String>,
        /// The serial of the equipment at fault (its warranty decides)
        #[arg(long)]
        equipment: Option<String>,
        /// The customer who called it in (recorded as the first call)
        #[arg(long)]
        caller: Option<String>,
        /// The number they called from
        #[arg(long)]
        phone: Option<String>,
        /// Who took the call (default: FAULTLINE_USER, `user` in config.toml, the login)
        #[arg(long)]
        by: Option<String>,
    },
    /// Log an event: responded expert_engaged process_started director_engaged onsite_required
    /// arrived hardware_wait hardware_ready restored closed waive negotiated set_level note,
    /// a record: call callback_promised callback_done work_order decision investigation
    /// fix_proposed cannot_fix opinion action_done followup approved,
    /// or correct one: void ENTRY_ID --reason TEXT
    Log {
        id: TicketId,
        event: String,
        /// void: the number of the entry to correct (see `ticket show`)
        entry: Option<String>,
        #[arg(long)]
        at: Option<String>,
        /// Who records it (default: FAULTLINE_USER, `user` in config.toml, the login)
        #[arg(long)]
        by: Option<String>,
        /// Who did it, when not the recorder (default: the first assigned engineer)
        #[arg(long)]
        performed_by: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// waive: who agreed not to raise the level
        #[arg(long)]
        agreed_by: Option<String>,
        /// waive, set_level: why
        #[arg(long)]
        reason: Option<String>,
        /// negotiated: the agreed arrival deadline
        #[arg(long)]
        deadline: Option<String>,
        /// set_level: the new level
        #[arg(long)]
        level: Option<String>,
        /// call: who called
        #[arg(long)]
        caller: Option<String>,
        /// call: the number they called from
        #[arg(long)]
        phone: Option<String>,
        /// callback_promised: call back by this time ("15:30", "2026-11-27 15:30")
        #[arg(long)]
        due: Option<String>,
        /// callback_promised: call back within this long ("30m", "1h")
        #[arg(long = "in", value_name = "DURATION")]
        within: Option<String>,
        /// work_order: the customer's environment
        #[arg(long)]
        environment: Option<String>,
        /// work_order: the problem as reported
        #[arg(long)]
        problem: Option<String>,
        /// work_order: what the customer asks for
        #[arg(long)]
        request: Option<String>,
        /// decision: the technical department's solution
        #[arg(long)]
        solution: Option<String>,
        /// decision: the experts it sends, comma-separated
        #[arg(long)]
        experts: Option<String>,
        /// investigation: what was found on site (故障调查报告)
        #[arg(long)]
        findings: Option<String>,
        /// opinion: the customer's signatory
        #[arg(long)]
        customer: Option<String>,
        /// opinion: the project manager's signature
        #[arg(long)]
        pm: Option<String>,
        /// opinion: the customer's remarks
        #[arg(long)]
        remarks: Option<String>,
        /// action_done: standby_environment higher_tier_engineer vendor_experts
        /// whole_unit_replacement vendor_top_team further_action
        #[arg(long)]
        action: Option<String>,
        /// followup: who the project manager reached at the customer
        #[arg(long)]
        contact: Option<String>,
        /// followup: resolved, or unresolved (reopens the restoration)
        #[arg(long)]
        outcome: Option<String>,
        /// followup: the customer's rating, 1 to 5
        #[arg(long)]
        rating: Option<String>,
    },
    /// Assign an engineer. One the contract says not to send (levels 1–3
    /// on site need senior or above; off duty or off shift) is refused unless
    /// forced with a reason, which the log records
    Assign {
        id: TicketId,
        engineer: String,
        #[arg(long)]
        by: Option<String>,
        #[arg(long, requires = "reason")]
        force: bool,
        /// Why the engineer is sent anyway (with --force)
        #[arg(long)]
        reason: Option<String>,
    },
    Unassign {
        id: TicketId,
        engineer: String,
        #[arg(long)]
        by: Option<String>,
    },
    /// One ticket: milestones, raises, actions and its timeline
    Show {
        id: TicketId,
        #[arg(long)]
        json: bool,
    },
    /// The ticket's record for the customer: every deadline (due, met,
    /// breached, with its rule), raise, waiver, void and assignment, who acted,
    /// entries recorded late — in time order
    Timeline {
        id: TicketId,
        /// md (a table to paste into a report), csv or json
        #[arg(long, default_value = "md")]
        format: String,
    },
}

#[derive(Debug, Args)]
pub struct SlaArgs {
    /// Include restored and closed tickets
    #[arg(long)]
    pub all: bool,
    /// Only tickets assigned to this engineer
    #[arg(long)]
    pub engineer: Option<String>,
    /// Only my tickets (config `user` or FAULTLINE_USER)
    #[arg(long)]
    pub mine: bool,
    #[arg(long)]
    pub json: bool,
    /// Refresh in place every second until Ctrl-C
    #[arg(long)]
    pub watch: bool,
}
