//! Applying the edits of relation types and relations: each validated
//! against the rules of [`relation_rules`](super::super::relation_rules)
//! and returning its exact inverse.

use super::super::plural;
use super::super::project::Project;
use super::super::relation::{Relation, RelationType};
use super::super::relation_rules::{check_relation, check_relation_type};
use super::cascade::{self, Gone};
use super::{Edit, EditError};

/// [`Edit::AddRelationType`].
pub(super) fn add_type(
    project: &mut Project,
    index: usize,
    relation_type: RelationType,
) -> Result<Edit, EditError> {
    check_type(project, &relation_type, None)?;
    let id = relation_type.id.clone();
    let index = index.min(project.relation_types.len());
    project.relation_types.insert(index, relation_type);
    Ok(Edit::RemoveRelationType { id })
}

/// [`Edit::UpdateRelationType`]: every relation of the type must still
/// hold under its new rules.
pub(super) fn update_type(
    project: &mut Project,
    relation_type: RelationType,
) -> Result<Edit, EditError> {
    let i = type_position(project, &relation_type.id)?;
    check_type(project, &relation_type, Some(i))?;
    for d in &project.documents {
        for r in d.relations.iter().filter(|r| r.kind == relation_type.id) {
            check_relation(r, d, |_| Some(&relation_type)).map_err(|reason| {
                EditError::BadRelation {
                    doc: d.id.clone(),
                    reason: format!(
                        "relation type {:?} cannot change so: {reason}",
                        relation_type.id
                    ),
                }
            })?;
        }
    }
    let old = std::mem::replace(&mut project.relation_types[i], relation_type);
    Ok(Edit::UpdateRelationType { relation_type: old })
}

/// [`Edit::RemoveRelationType`]: refused while relations use it.
pub(super) fn remove_type(project: &mut Project, id: &str) -> Result<Edit, EditError> {
    let index = type_position(project, id)?;
    let mut count = 0;
    let mut documents = Vec::new();
    for d in &project.documents {
        let n = d.relations.iter().filter(|r| r.kind == id).count();
        if n > 0 {
            count += n;
            documents.push(format!("{:?}", d.id));
        }
    }
    if count > 0 {
        return Err(EditError::RelationTypeInUse {
            id: id.to_owned(),
            count: plural(count, "relation", "relations"),
            documents: documents.join(", "),
        });
    }
    let relation_type = project.relation_types.remove(index);
    Ok(Edit::AddRelationType {
        index,
        relation_type,
    })
}

fn type_position(project: &Project, id: &str) -> Result<usize, EditError> {
    project
        .relation_types
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| EditError::NoSuchRelationType(id.to_owned()))
}

/// The rules of a relation type beside the others (`except` its own place
/// when it is being changed).
fn check_type(
    project: &Project,
    relation_type: &RelationType,
    except: Option<usize>,
) -> Result<(), EditError> {
    let others = project
        .relation_types
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != except)
        .map(|(_, t)| t);
    check_relation_type(relation_type, others, |t| project.theme(t).is_some())
        .map_err(EditError::BadRelationType)
}

/// [`Edit::AddRelation`]: the relation as stored (normalised) goes into
/// the inverse.
pub(super) fn add(
    project: &mut Project,
    doc: String,
    relation: Relation,
) -> Result<Edit, EditError> {
    let relation = checked(project, &doc, relation)?;
    let document = project.document_mut(&doc).expect("checked");
    if !document.relations.insert(relation.clone()) {
        return Err(EditError::DuplicateRelation {
            relation: relation.to_string(),
            doc,
        });
    }
    Ok(Edit::RemoveRelation {
        doc,
        relation: Box::new(relation),
    })
}

/// [`Edit::RemoveRelation`], with the memo links to the relation.
pub(super) fn remove(
    project: &mut Project,
    doc: String,
    relation: &Relation,
) -> Result<Edit, EditError> {
    let removed = take(project, &doc, relation)?;
    let gone = Gone {
        relations: vec![(doc.clone(), removed.clone())],
        ..Gone::default()
    };
    let cascade = cascade::detach(project, gone);
    Ok(cascade::with_cascade(
        Edit::AddRelation {
            doc,
            relation: Box::new(removed),
        },
        cascade,
    ))
}

/// [`Edit::ReplaceRelation`]: `old` out, `new` in (or nothing changes),
/// memo links following.
pub(super) fn replace(
    project: &mut Project,
    doc: String,
    old: &Relation,
    new: Relation,
) -> Result<Edit, EditError> {
    let removed = take(project, &doc, old)?;
    let added = match checked(project, &doc, new) {
        Ok(new)
            if project
                .document_mut(&doc)
                .expect("checked")
                .relations
                .insert(new.clone()) =>
        {
            new
        }
        result => {
            let document = project.document_mut(&doc).expect("checked");
            document.relations.insert(removed);
            return Err(match result {
                Err(e) => e,
                Ok(new) => EditError::DuplicateRelation {
                    relation: new.to_string(),
                    doc,
                },
            });
        }
    };
    cascade::follow_relation(project, &doc, &removed, &added);
    Ok(Edit::ReplaceRelation {
        doc,
        old: Box::new(added),
        new: Box::new(removed),
    })
}

/// Removes the relation with the key of `relation` from `doc`.
fn take(project: &mut Project, doc: &str, relation: &Relation) -> Result<Relation, EditError> {
    let document = project
        .document_mut(doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    document
        .relations
        .remove(relation)
        .ok_or_else(|| EditError::NoSuchRelation {
            doc: doc.to_owned(),
            relation: relation.to_string(),
        })
}

/// `relation` as `doc` would store it (normalised for its type), if it
/// may be there.
fn checked(project: &Project, doc: &str, relation: Relation) -> Result<Relation, EditError> {
    let document = project
        .document(doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    if relation.annotator.is_empty() {
        return Err(EditError::EmptyAnnotator);
    }
    let directed = project
        .relation_type(&relation.kind)
        .is_none_or(|t| t.directed);
    let relation = relation.normalised(directed);
    check_relation(&relation, document, |id| project.relation_type(id)).map_err(|reason| {
        EditError::BadRelation {
            doc: doc.to_owned(),
            reason,
        }
    })?;
    Ok(relation)
}

/// The relations of a document added with it ([`Edit::AddDocument`]) hold.
pub(super) fn check_document(
    project: &Project,
    document: &super::super::document::Document,
) -> Result<(), EditError> {
    for r in document.relations.iter() {
        check_relation(r, document, |id| project.relation_type(id)).map_err(|reason| {
            EditError::BadRelation {
                doc: document.id.clone(),
                reason,
            }
        })?;
    }
    Ok(())
}

/// For merging theme `from` into `into`, the relation types naming
/// `from` at an end: first widened to allow `into` too (so relations can
/// move over), then as they end, naming `into` where they named `from`.
pub(super) fn retheme_types(
    project: &Project,
    from: &str,
    into: &str,
) -> (Vec<RelationType>, Vec<RelationType>) {
    let rewrite = |list: &[String], keep_from: bool| -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(list.len() + 1);
        for t in list {
            let t = if t == from && !keep_from { into } else { t };
            if !out.iter().any(|o| o == t) {
                out.push(t.to_owned());
            }
            if t == from && !list.iter().any(|o| o == into) && !out.iter().any(|o| o == into) {
                out.push(into.to_owned());
            }
        }
        out
    };
    let naming = project
        .relation_types
        .iter()
        .filter(|t| t.names_theme(from));
    let step = |keep_from: bool| -> Vec<RelationType> {
        naming
            .clone()
            .map(|t| RelationType {
                from_themes: rewrite(&t.from_themes, keep_from),
                to_themes: rewrite(&t.to_themes, keep_from),
                ..t.clone()
            })
            .collect()
    };
    (step(true), step(false))
}
