//! Files in and out of the window: file dialogs (native, scripted for
//! tests, and the window's own), opening, saving and recovering, import and
//! export, and never replacing a file unasked.

pub mod dialogs;
pub mod exchange;
pub(in crate::ui) mod file_dialog;
pub(in crate::ui) mod import;
pub(in crate::ui) mod import_many;
pub(in crate::ui) mod overwrite;
