// Date and confidence of every piece of evidence, with what tells its reports apart (one per article and
// day; one per row of a coded event file), for tension scores; of one provenance (null: all).
MATCH (e:Evidence)
WHERE $provenance IS NULL OR coalesce(e.provenance, 'text') = $provenance
RETURN e.relation AS key, e.article_id AS article_id, e.published AS published, e.confidence AS confidence,
       coalesce(e.provenance, 'text') AS provenance,
       CASE WHEN coalesce(e.provenance, 'text') = 'text' THEN '' ELSE e.sentence END AS sentence
