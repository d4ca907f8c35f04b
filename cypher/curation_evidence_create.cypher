// Curation: put back or move pieces of evidence, each linked to its own article.
UNWIND $rows AS x
MATCH (art:Article {id: x.article_id})
CREATE (e:Evidence {relation: x.relation, source: x.source, type: x.type, target: x.target,
                    article_id: x.article_id, sentence: x.sentence, confidence: x.confidence,
                    published: x.published, ingested_at: x.ingested_at, extractor_version: x.extractor_version,
                    date_source: x.date_source, extractor: x.extractor, provenance: x.provenance,
                    attributes: x.attributes})
CREATE (e)-[:IN_ARTICLE]->(art)
