-- Everything Slack delivers is recorded here before it is acknowledged: the unique
-- key (event id, trigger id, action) makes re-deliveries no-ops, and rows not yet
-- done are replayed after a restart. Payloads are blanked once handled.
CREATE TABLE inbox (
	id          INTEGER PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE,
	kind        TEXT NOT NULL,
	team_id     TEXT NOT NULL DEFAULT '',
	user_id     TEXT NOT NULL DEFAULT '',
	channel_id  TEXT NOT NULL DEFAULT '',
	payload     BLOB NOT NULL,
	received_at TEXT NOT NULL,
	done_at     TEXT
);
CREATE INDEX inbox_pending ON inbox (done_at, received_at);
CREATE INDEX inbox_user ON inbox (team_id, user_id);

-- One row per logical message the bot sent, so a retried job never posts it twice.
CREATE TABLE outbox (
	key        TEXT PRIMARY KEY,
	channel_id TEXT NOT NULL,
	message_ts TEXT NOT NULL,
	sent_at    TEXT NOT NULL
);
