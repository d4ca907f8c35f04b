// Where a merged actor's old key now points (no row: the key was not merged away).
MATCH (r:Redirect {old_key: $old})
RETURN r.new_key AS new_key
