//! Background work: what a job is (`job`), the jobs that open and save
//! the project (`open`, `save`), running them and the window's side of it
//! (`tasks`), and the worker thread that runs one with progress (`worker`).
//! The other jobs live beside the features that start them.

pub(in crate::ui) mod job;
pub(in crate::ui) mod open;
pub(in crate::ui) mod save;
pub(in crate::ui) mod tasks;
pub(in crate::ui) mod worker;

#[cfg(test)]
mod tests;
