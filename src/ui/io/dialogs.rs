//! Native file dialogs behind a trait, so tests can inject paths and the
//! window keeps painting while a dialog is open.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

/// Which dialog, and what its answer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    OpenProject,
    SaveProjectAs,
    /// One or several files to import.
    Import,
    /// A folder whose text files are imported (recursively).
    ImportFolder,
    /// Where to write the Segments view's result (csv, md or html).
    ExportSegments {
        extension: &'static str,
    },
    /// Where to write the HTML report (File → Export Report…).
    ExportReport,
    /// A doccano JSONL export (offsets in UTF-16 units, never guessed).
    ImportDoccano,
    /// A project or REFI-QDA codebook whose codebook is merged in.
    ImportCodebook,
    NewProject,
    /// Where to export: a folder for folder formats, else a file with
    /// this extension.
    Export {
        folder: bool,
        extension: Option<&'static str>,
    },
}

/// Something that can ask the user for a path.
pub trait FileDialogs: Send + Sync {
    /// Blocks until the user picks a path or cancels.
    fn pick(&self, kind: DialogKind, suggested: Option<PathBuf>) -> Option<PathBuf>;
    /// Blocks until the user picks one or more paths (files to import)
    /// or cancels (an empty list).
    fn pick_many(&self, kind: DialogKind, suggested: Option<PathBuf>) -> Vec<PathBuf> {
        self.pick(kind, suggested).into_iter().collect()
    }

    /// Whether these are the desktop's dialogs (which may be missing, so
    /// the window's own dialog stands in).
    fn native(&self) -> bool {
        false
    }
    /// Whether `pick` should run on a background thread (real dialogs do;
    /// scripted ones in tests answer at once).
    fn blocking(&self) -> bool {
        true
    }
}

/// The desktop's dialogs, through rfd.
pub struct NativeDialogs;

/// The file dialog, opened in the folder of `suggested` with its name.
fn native(suggested: Option<&PathBuf>) -> rfd::FileDialog {
    let mut d = rfd::FileDialog::new();
    if let Some(s) = suggested {
        if let Some(dir) = s.parent().filter(|p| !p.as_os_str().is_empty()) {
            d = d.set_directory(dir);
        }
        if let Some(name) = s.file_name() {
            d = d.set_file_name(name.to_string_lossy());
        }
    }
    d
}

/// The Import dialog, before it is shown.
fn import_dialog(d: rfd::FileDialog) -> rfd::FileDialog {
    d.set_title("Import documents or labelled spans")
        .add_filter(
            "Text and labelled spans",
            &[
                "txt", "text", "md", "jsonl", "ndjson", "json", "ann", "qdpx", "qdc",
            ],
        )
        .add_filter("All files", &["*"])
}

impl FileDialogs for NativeDialogs {
    fn native(&self) -> bool {
        true
    }

    fn pick_many(&self, kind: DialogKind, suggested: Option<PathBuf>) -> Vec<PathBuf> {
        match kind {
            DialogKind::Import => import_dialog(native(suggested.as_ref()))
                .pick_files()
                .unwrap_or_default(),
            _ => self.pick(kind, suggested).into_iter().collect(),
        }
    }

    fn pick(&self, kind: DialogKind, suggested: Option<PathBuf>) -> Option<PathBuf> {
        let d = native(suggested.as_ref());
        match kind {
            DialogKind::OpenProject => d
                .set_title("Open project")
                .add_filter("Marginalia project", &["ron"])
                .pick_file(),
            DialogKind::SaveProjectAs | DialogKind::NewProject => d
                .set_title(if kind == DialogKind::NewProject {
                    "New project"
                } else {
                    "Save project as"
                })
                .add_filter("Marginalia project", &["ron"])
                .save_file(),
            DialogKind::ImportDoccano => d
                .set_title("Import a doccano export (JSONL)")
                .add_filter("doccano JSONL", &["jsonl", "json"])
                .add_filter("All files", &["*"])
                .pick_file(),
            DialogKind::ImportFolder => d.set_title("Import a folder of documents").pick_folder(),
            DialogKind::ImportCodebook => d
                .set_title("Import the codebook of a project or a REFI-QDA codebook")
                .add_filter("Project or codebook", &["ron", "qdc"])
                .add_filter("All files", &["*"])
                .pick_file(),
            DialogKind::ExportSegments { extension } => d
                .set_title("Export segments")
                .add_filter(extension, &[extension])
                .save_file(),
            DialogKind::ExportReport => d
                .set_title("Export report")
                .add_filter("HTML report", &["html", "htm"])
                .save_file(),
            DialogKind::Import => import_dialog(d).pick_file(),
            DialogKind::Export { folder: true, .. } => {
                d.set_title("Export to folder").pick_folder()
            }
            DialogKind::Export {
                folder: false,
                extension,
            } => {
                let d = d.set_title("Export");
                match extension {
                    Some(ext) => d.add_filter(ext, &[ext]).save_file(),
                    None => d.save_file(),
                }
            }
        }
    }
}

/// Dialogs that answer from a script: for tests.
#[derive(Default)]
pub struct ScriptedDialogs {
    answers: Mutex<Vec<Option<PathBuf>>>,
    asked: Mutex<Vec<DialogKind>>,
}

impl ScriptedDialogs {
    /// Dialogs that give these answers in order (then cancel).
    pub fn new(answers: Vec<Option<PathBuf>>) -> Arc<Self> {
        let mut answers = answers;
        answers.reverse();
        Arc::new(ScriptedDialogs {
            answers: Mutex::new(answers),
            asked: Mutex::new(Vec::new()),
        })
    }

    /// The dialogs asked so far.
    pub fn asked(&self) -> Vec<DialogKind> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

impl FileDialogs for ScriptedDialogs {
    fn pick(&self, kind: DialogKind, _suggested: Option<PathBuf>) -> Option<PathBuf> {
        if let Ok(mut a) = self.asked.lock() {
            a.push(kind);
        }
        self.answers.lock().ok().and_then(|mut a| a.pop()).flatten()
    }

    fn blocking(&self) -> bool {
        false
    }
}

/// A native dialog that answers "cancelled" faster than this never
/// showed: no person cancels a dialog that quickly.
const NO_DIALOG_WITHIN: std::time::Duration = std::time::Duration::from_millis(300);

/// A dialog in flight.
pub struct PendingDialog {
    pub kind: DialogKind,
    pub suggested: Option<PathBuf>,
    /// The answer (empty: cancelled), and whether a blocking dialog
    /// answered "cancelled" too fast to have been shown.
    rx: Receiver<(Vec<PathBuf>, bool)>,
}

impl PendingDialog {
    /// Opens a dialog; real dialogs run on a thread and wake the UI when
    /// answered.
    pub fn open(
        dialogs: &Arc<dyn FileDialogs>,
        kind: DialogKind,
        suggested: Option<PathBuf>,
        ctx: &egui::Context,
    ) -> Self {
        let (tx, rx) = channel();
        if dialogs.blocking() {
            let dialogs = Arc::clone(dialogs);
            let ctx = ctx.clone();
            let suggested = suggested.clone();
            std::thread::spawn(move || {
                let start = std::time::Instant::now();
                let answer = ask(&*dialogs, kind, suggested);
                let unseen = answer.is_empty() && start.elapsed() < NO_DIALOG_WITHIN;
                let _ = tx.send((answer, unseen));
                ctx.request_repaint();
            });
        } else {
            let _ = tx.send((ask(&**dialogs, kind, suggested.clone()), false));
        }
        PendingDialog {
            kind,
            suggested,
            rx,
        }
    }

    /// The answer, once there is one: `Some((vec![], _))` means cancelled,
    /// `Some((vec![], true))` that no dialog showed at all.
    pub fn poll(&self) -> Option<(Vec<PathBuf>, bool)> {
        match self.rx.try_recv() {
            Ok(answer) => Some(answer),
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Some((Vec::new(), false)),
        }
    }
}

/// Asks the dialog: several paths where the kind allows it.
fn ask(dialogs: &dyn FileDialogs, kind: DialogKind, suggested: Option<PathBuf>) -> Vec<PathBuf> {
    match kind {
        DialogKind::Import => dialogs.pick_many(kind, suggested),
        _ => dialogs.pick(kind, suggested).into_iter().collect(),
    }
}
