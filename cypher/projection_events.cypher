// Date and confidence of every piece of evidence, for tension scores.
MATCH (e:Evidence)
RETURN e.relation AS key, e.published AS published, e.confidence AS confidence
