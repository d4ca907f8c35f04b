// Count writes, so that readers in other processes notice that the graph changed. A graph begun by this
// tensiongraph counts reports from its first write (see counts_read).
MERGE (m:TensionGraph {id: "graph"})
  ON CREATE SET m.version = 0, m.counts = "reports"
SET m._lock = true
SET m.version = m.version + 1
REMOVE m._lock
RETURN m.version AS version
