// The evidence of one article: one node per (relation, sentence), linked to its article.
MATCH (art:Article {id: $article_id})
UNWIND $evidence AS x
CREATE (e:Evidence {relation: x.relation, source: x.source, type: x.type, target: x.target,
                    article_id: $article_id, sentence: x.sentence, confidence: x.confidence,
                    published: x.published, ingested_at: x.ingested_at, extractor_version: x.extractor_version})
CREATE (e)-[:IN_ARTICLE]->(art)
