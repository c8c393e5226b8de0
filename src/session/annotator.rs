//! Whose name goes on the spans: one rule for the window and the command
//! line. `MARGINALIA_ANNOTATOR`, when set and not blank, wins for that run;
//! otherwise the name the user chose (the window's saved name, a
//! command's `--annotator`) is used.

/// The environment variable that names the annotator for one run.
pub const VARIABLE: &str = "MARGINALIA_ANNOTATOR";

/// The name to record in this run: the environment's `MARGINALIA_ANNOTATOR`
/// when set and not blank, else `chosen` when not blank, trimmed; `None`
/// when neither names anyone (the window then asks, a command falls back
/// to the login name).
pub fn for_this_run(chosen: &str) -> Option<String> {
    resolve(std::env::var(VARIABLE).ok().as_deref(), chosen)
}

/// [`for_this_run`] with the environment's value given.
pub fn resolve(environment: Option<&str>, chosen: &str) -> Option<String> {
    [environment.unwrap_or(""), chosen]
        .into_iter()
        .map(str::trim)
        .find(|name| !name.is_empty())
        .map(str::to_owned)
}

/// A command's annotator: `--annotator` when given, else [`for_this_run`],
/// else the login name (`$USER`, `$USERNAME`), else `anonymous`.
pub fn for_command(given: Option<String>) -> String {
    given
        .or_else(|| for_this_run(""))
        .or_else(|| {
            ["USER", "USERNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        })
        .unwrap_or_else(|| "anonymous".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_for_the_run_then_the_chosen_name() {
        assert_eq!(resolve(Some("ben"), "ana").as_deref(), Some("ben"));
        assert_eq!(resolve(Some("  ben "), "").as_deref(), Some("ben"));
        assert_eq!(resolve(Some(" "), "ana ").as_deref(), Some("ana"));
        assert_eq!(resolve(None, "ana").as_deref(), Some("ana"));
        assert_eq!(resolve(None, "  "), None);
        assert_eq!(resolve(Some(""), ""), None);
    }
}
