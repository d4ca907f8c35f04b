// Mark the graph's counts as made of reports (after counts_recount), and count it as a write so that other
// processes rebuild their projection.
MERGE (m:TensionGraph {id: "graph"})
  ON CREATE SET m.version = 0
SET m._lock = true
SET m.counts = "reports", m.version = m.version + 1
REMOVE m._lock
RETURN m.version AS version
