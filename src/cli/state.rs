//! `marginalia done`: an annotator's state for a document.

use std::path::Path;

use marginalia::model::{AnnotatorState, Edit};

pub fn done(path: &Path, doc: &str, annotator: Option<String>, undo: bool) -> Result<(), String> {
    let _claim = crate::claim(path)?;
    let mut project = crate::load(path)?;
    let annotator = annotator.unwrap_or_else(crate::default_annotator);
    let state = if undo {
        AnnotatorState::InProgress
    } else {
        AnnotatorState::Done
    };
    let before = project
        .document(doc)
        .ok_or_else(|| {
            format!(
                "there is no document with id {doc:?} in {}; nothing was changed",
                path.display()
            )
        })?
        .state(&annotator);
    if before == state {
        println!("{doc}: already {state} for {annotator}; nothing to change");
        return Ok(());
    }
    Edit::SetState {
        doc: doc.to_owned(),
        annotator: annotator.clone(),
        state,
    }
    .apply(&mut project)
    .map_err(|e| e.to_string())?;
    crate::save(&project, path)?;
    println!("{doc}: {state} for {annotator}");
    Ok(())
}
