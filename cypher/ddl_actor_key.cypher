// Neo4j only: one actor per key (the constraint also indexes the key).
CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (a:Actor) REQUIRE a.key IS UNIQUE
