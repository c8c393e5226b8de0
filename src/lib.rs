//! Marginalia: tag spans of text with themes.
//!
//! Data flows one way: files → [`store`]/[`formats`] → [`model`] ← edits
//! from the user interface. Nothing below the UI knows about egui.

pub mod analysis;
pub mod formats;
pub mod merge;
pub mod model;
pub mod session;
pub mod store;
pub mod ui;
