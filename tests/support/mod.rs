//! What the integration tests share, in one place, reached the same way
//! from every target that needs it: `mod support;` in a top-level target
//! (`tests/NAME.rs`), `#[path = "../support/mod.rs"] mod support;` in a
//! folder target (`tests/NAME/main.rs`). A helper two targets need goes
//! here, in the submodule of its kind (or a new one named by it).
//!
//! - [`cli`]: running the `marginalia` binary (a panic on its standard
//!   error fails the test), its refusals, snapshots of a folder;
//! - [`python`]: the Python of the reference readers (the tests' one
//!   virtual environment);
//! - [`hostile_corpus`]: the hostile corpus and what each refusal says.

// Each target uses some of the helpers; the others are not dead code.
#![allow(dead_code)]

pub mod cli;
pub mod hostile_corpus;
pub mod python;
