// Neo4j only: names the server product (other Bolt servers fail this call, which tells them apart).
CALL dbms.components() YIELD name RETURN name
