//! What the window and the command line share when they write a project:
//! how a project file is claimed for writing ([`claim`]) and whose name
//! goes on the spans ([`annotator`]). No egui here; the window's open
//! project (`ui::session::Session`) and every writing command call these,
//! so the two cannot disagree.

pub mod annotator;
pub mod claim;
