// Record one curation: ids count up on the graph's (:TensionGraph) node.
MERGE (m:TensionGraph {id: "graph"})
  ON CREATE SET m.version = 0
SET m._lock = true
SET m.audits = coalesce(m.audits, 0) + 1
REMOVE m._lock
CREATE (a:Audit {id: m.audits, at: $at, who: $who, action: $action, target: $target, reason: $reason,
                 detail: $detail})
RETURN a.id AS id
