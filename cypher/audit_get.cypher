// One audit entry.
MATCH (a:Audit {id: $id})
RETURN a.id AS id, a.at AS at, a.who AS who, a.action AS action, a.target AS target, a.reason AS reason,
       a.detail AS detail, a.undone_by AS undone_by
