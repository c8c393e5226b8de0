//! What the window and the command line share when they write a project:
//! how a project file is claimed for writing ([`claim`]), whose name goes
//! on the spans ([`annotator`]) and the open project itself ([`open`]:
//! its history, lock, fingerprint and recovery writes). No egui here; the
//! window holds a [`Session`] and every writing command calls these, so
//! the two cannot disagree.

pub mod annotator;
pub mod claim;
pub mod open;

pub use open::Session;
