// Mark an audit entry as undone by a later one.
MATCH (a:Audit {id: $id})
SET a.undone_by = $by
