// Curation: delete these pieces of evidence (each named by relation key, article and sentence).
UNWIND $rows AS x
MATCH (e:Evidence {relation: x.relation, article_id: x.article_id, sentence: x.sentence})
DETACH DELETE e
