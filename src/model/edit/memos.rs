//! Applying the edits of memos: each checked by
//! [`check_memo`](super::super::relation_rules::check_memo) and returning
//! its exact inverse.

use super::super::memo::Memo;
use super::super::project::Project;
use super::super::relation_rules::check_memo;
use super::{Edit, EditError};

/// [`Edit::AddMemo`].
pub(super) fn add(project: &mut Project, index: usize, memo: Memo) -> Result<Edit, EditError> {
    if project.memo(&memo.id).is_some() {
        return Err(EditError::DuplicateMemo(memo.id));
    }
    check_memo(&memo, project).map_err(EditError::BadMemo)?;
    let id = memo.id.clone();
    let index = index.min(project.memos.len());
    project.memos.insert(index, memo);
    Ok(Edit::RemoveMemo { id })
}

/// [`Edit::UpdateMemo`].
pub(super) fn update(project: &mut Project, memo: Memo) -> Result<Edit, EditError> {
    let i = position(project, &memo.id)?;
    check_memo(&memo, project).map_err(EditError::BadMemo)?;
    let old = std::mem::replace(&mut project.memos[i], memo);
    Ok(Edit::UpdateMemo { memo: old })
}

/// [`Edit::RemoveMemo`].
pub(super) fn remove(project: &mut Project, id: &str) -> Result<Edit, EditError> {
    let index = position(project, id)?;
    let memo = project.memos.remove(index);
    Ok(Edit::AddMemo { index, memo })
}

fn position(project: &Project, id: &str) -> Result<usize, EditError> {
    project
        .memos
        .iter()
        .position(|m| m.id == id)
        .ok_or_else(|| EditError::NoSuchMemo(id.to_owned()))
}
