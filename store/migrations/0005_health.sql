-- One row that /healthz rewrites: a write that proves the database can take one.
CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL);
