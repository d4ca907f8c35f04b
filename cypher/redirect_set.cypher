// Curation: an old actor key now stands for another one (the merge's audit entry says why).
MERGE (r:Redirect {old_key: $old})
SET r.new_key = $new, r.audit_id = $audit_id
