//! What the parts of the window ask of the app, as one vocabulary of
//! [`Command`]s on one queue ([`Commands`]).
//!
//! A part of the window (a view, a panel, a sidebar section, a modal)
//! draws itself from a read-only [`Session`](crate::session::Session)
//! and pushes what the user asked for onto the queue; it never changes
//! the project or another part itself. The app drains the queue once a
//! frame, after every part has drawn, in the order the commands were
//! pushed (`app/dispatch.rs` carries each one out), and asks for another
//! frame so that what changed is painted at once.

use std::path::PathBuf;

use crate::analysis::segment_export::SegmentFormat;
use crate::model::{Edit, MemoLink, Relation, Span, Suggestion};
use crate::session::open::LockMode;
use crate::ui::app::MarginaliaApp;
use crate::ui::app::actions::Action;
use crate::ui::app::modals::Then;
use crate::ui::io::dialogs::DialogKind;
use crate::ui::jobs::job::Job;
use crate::ui::views::memos::list::LinkFilter;

/// One thing a part of the window asks the app to do.
#[derive(Debug)]
pub enum Command {
    /// Apply an edit (one undoable step); if the model takes it, say
    /// `message` in the status bar. A refusal is said in plain words.
    Apply {
        edit: Edit,
        message: Option<String>,
    },
    /// Show document `document` (an index in the project) with `span`
    /// selected, scrolled into view and flashed, in the document view
    /// (leaving the Segments or Analysis view).
    OpenAt {
        document: usize,
        span: Span,
    },
    /// Show document `document` (an index in the project).
    OpenDocument(usize),
    /// Select this span (shown in the details, the target of retag, note
    /// and delete), or none.
    SelectSpan(Option<Span>),
    /// Select this relation (shown in the relation details), or none.
    SelectRelation(Option<Relation>),
    /// Start making a relation from the selected span (its target is
    /// picked next: N/P and Enter, or a click on a span).
    StartRelation,
    /// Make the relation being made with this relation type.
    Relate(String),
    /// Carry out an action of the action table, as its menu item would.
    Run(Action),
    /// Start a background job (at once when it is small, else on the
    /// worker with its progress window).
    StartJob(StartJob),
    /// Cancel the running job (as its progress window's Cancel does).
    CancelJob,
    /// A message for the status bar.
    Say(String),
    /// A refusal for the status bar (in the error colour, no window).
    Warn(String),
    /// Tag the selection with this theme.
    Tag(String),
    /// Tag every match of the find bar's query with `theme`, in the open
    /// document or in all.
    TagAll {
        theme: String,
        all_documents: bool,
    },
    /// Give the selected span this theme.
    Retag(String),
    /// Give the selected span this note.
    SaveNote(String),
    /// Make this suggestion the one reviewed, and show it.
    GoToSuggestion(Suggestion),
    /// Open the theme editor on a new theme.
    AddTheme,
    /// Open the theme editor on this theme.
    EditTheme(String),
    /// The theme editor's form as an edit: apply it and close the editor
    /// (a refusal keeps it open).
    SaveTheme(Edit),
    CloseThemeEditor,
    /// Ask before deleting this theme.
    AskDeleteTheme(String),
    /// Delete this theme (the question was answered).
    DeleteTheme(String),
    /// Put `theme` under `parent` (at the top with `None`).
    Reparent {
        theme: String,
        parent: Option<String>,
    },
    /// Open the picker to choose the theme this one is merged into.
    ChooseMergeTarget(String),
    /// Merge theme `from` into `into`.
    MergeTheme {
        from: String,
        into: String,
    },
    /// Write the Segments view's result in this format (ask where first).
    ExportSegments(SegmentFormat),
    /// The window's own file dialog answered: the paths chosen for what
    /// it was asked (none: cancelled).
    FileChosen {
        kind: DialogKind,
        paths: Vec<PathBuf>,
    },
    /// Open a project file (asking about unsaved changes first).
    OpenProject(PathBuf),
    /// The unsaved-changes question answered: save first (`Some(true)`),
    /// discard (`Some(false)`) or cancel (`None`), then `then`.
    Unsaved {
        then: Then,
        save: Option<bool>,
    },
    /// The window's annotator is now called this.
    SetAnnotator(String),
    /// The Curation view's accepted spans go to this annotator.
    SetCurator(String),
    /// Open a project another window holds, read-only or anyway.
    OpenLocked {
        path: PathBuf,
        mode: LockMode,
    },
    /// Restore the recovery file (`true`) or delete it.
    Recover(bool),
    /// Drop unsaved changes and load the project from disk.
    Reload,
    /// Replace the file changed on disk with this version.
    Overwrite,
    /// The export form is filled in: ask where to write.
    ChooseExportPath,
    /// Open the Memos view narrowed to the memos of this object.
    ShowMemos(LinkFilter),
    /// Open the Memos view on this memo (by id).
    ShowMemo(String),
    /// Show what a memo's link points at.
    OpenMemoLink(MemoLink),
}

/// A job to start: one of the typed jobs of `ui::jobs` with what it
/// computes, boxed so that every kind of job fits one command.
pub struct StartJob {
    what: String,
    start: Box<dyn FnOnce(&mut MarginaliaApp)>,
}

impl StartJob {
    /// `job`, computing `compute`: at once when `size` (bytes) is small,
    /// else on the worker.
    pub(in crate::ui) fn new<J: Job>(
        job: J,
        size: u64,
        compute: impl FnOnce() -> J::Output + Send + 'static,
    ) -> Self {
        let (what, _) = job.describe();
        StartJob {
            what,
            start: Box::new(move |app| {
                app.run_job(job, size, compute);
            }),
        }
    }

    /// Starts the job (or says why it cannot start yet).
    pub(in crate::ui) fn start(self, app: &mut MarginaliaApp) {
        (self.start)(app);
    }
}

impl std::fmt::Debug for StartJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StartJob({})", self.what)
    }
}

/// The queue the parts of the window push commands onto. Its storage is
/// kept between frames, so a frame allocates nothing for it.
#[derive(Debug, Default)]
pub struct Commands {
    queue: Vec<Command>,
}

impl Commands {
    /// Asks for `command` (carried out once this frame's parts have drawn).
    pub fn push(&mut self, command: Command) {
        self.queue.push(command);
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Moves the commands of `later` behind these.
    pub fn append(&mut self, later: &mut Commands) {
        self.queue.append(&mut later.queue);
    }

    /// Carries out every command of `owner`'s queue with `carry_out`, in
    /// the order they were pushed, and returns whether there were any.
    /// What `carry_out` pushes meanwhile waits behind, for the next
    /// drain; the queue keeps its storage.
    pub fn carry_out_all<T>(
        owner: &mut T,
        queue: fn(&mut T) -> &mut Commands,
        mut carry_out: impl FnMut(&mut T, Command),
    ) -> bool {
        if queue(owner).is_empty() {
            return false;
        }
        let mut taken = std::mem::take(queue(owner));
        for command in taken.queue.drain(..) {
            carry_out(owner, command);
        }
        taken.queue.append(&mut queue(owner).queue);
        *queue(owner) = taken;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An owner of a queue, as the app is: what it carried out, in order.
    #[derive(Default)]
    struct Owner {
        commands: Commands,
        done: Vec<Command>,
    }

    fn say(s: &str) -> Command {
        Command::Say(s.to_owned())
    }

    fn drain(owner: &mut Owner) -> bool {
        Commands::carry_out_all(owner, |o| &mut o.commands, |o, c| o.done.push(c))
    }

    /// What `owner` carried out, in order, as words.
    fn done(owner: &Owner) -> Vec<String> {
        owner.done.iter().map(|c| format!("{c:?}")).collect()
    }

    #[test]
    fn commands_are_carried_out_in_the_order_the_parts_pushed_them() {
        let mut owner = Owner::default();
        owner.commands.push(Command::Run(Action::Undo));
        owner.commands.push(Command::OpenDocument(2));
        owner.commands.push(say("tagged"));
        assert!(drain(&mut owner));
        assert_eq!(
            done(&owner),
            ["Run(Undo)", "OpenDocument(2)", r#"Say("tagged")"#]
        );
        assert!(owner.commands.is_empty(), "a drained queue is empty");
        assert!(!drain(&mut owner), "an empty queue carries out nothing");
        assert_eq!(owner.done.len(), 3);
    }

    #[test]
    fn what_a_command_asks_for_waits_behind_the_queue_for_the_next_frame() {
        let mut owner = Owner::default();
        owner.commands.push(say("a"));
        owner.commands.push(say("b"));
        let carried_out = Commands::carry_out_all(
            &mut owner,
            |o| &mut o.commands,
            |o, c| {
                if let Command::Say(s) = &c {
                    o.commands.push(say(&format!("after {s}")));
                }
                o.done.push(c);
            },
        );
        assert!(carried_out);
        assert_eq!(done(&owner), [r#"Say("a")"#, r#"Say("b")"#]);
        drain(&mut owner);
        assert_eq!(
            done(&owner),
            [
                r#"Say("a")"#,
                r#"Say("b")"#,
                r#"Say("after a")"#,
                r#"Say("after b")"#
            ]
        );
    }

    #[test]
    fn the_queue_keeps_its_storage_from_frame_to_frame() {
        let mut owner = Owner::default();
        for i in 0..16 {
            owner.commands.push(Command::OpenDocument(i));
        }
        drain(&mut owner);
        let kept = owner.commands.queue.capacity();
        assert!(kept >= 16, "the storage is kept after a drain: {kept}");
        for i in 0..16 {
            owner.commands.push(Command::OpenDocument(i));
        }
        assert_eq!(owner.commands.queue.capacity(), kept, "no new allocation");
    }
}
