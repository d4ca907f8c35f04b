// Every redirect of a merged actor's old key ($new null: all; else those pointing to $new).
MATCH (r:Redirect)
WHERE $new IS NULL OR r.new_key = $new
RETURN r.old_key AS old_key, r.new_key AS new_key
ORDER BY old_key
