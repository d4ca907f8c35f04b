// Date and confidence of every piece of evidence, with what tells its reports apart (one per article and
// day; one per row of a coded event file), for tension scores.
MATCH (e:Evidence)
RETURN e.relation AS key, e.article_id AS article_id, e.published AS published, e.confidence AS confidence,
       coalesce(e.provenance, 'text') AS provenance,
       CASE WHEN coalesce(e.provenance, 'text') = 'text' THEN '' ELSE e.sentence END AS sentence
