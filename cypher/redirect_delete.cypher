// Curation: an old actor key stands for itself again (its merge was undone).
MATCH (r:Redirect {old_key: $old})
DELETE r
