// Curation: the articles whose actors the redirects of merged actors moved, and what they moved (JSON text).
MATCH (a:Article)
WHERE a.redirected IS NOT NULL
RETURN a.id AS id, a.redirected AS redirected
