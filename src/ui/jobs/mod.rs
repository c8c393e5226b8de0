//! Background work: the jobs (open, save, recovery writes, import, export,
//! report, suggestions) and the worker thread that runs one with progress.

pub(in crate::ui) mod tasks;
pub(in crate::ui) mod worker;
