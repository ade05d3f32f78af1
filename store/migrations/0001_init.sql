-- Users from every front end live side by side: (source, team_id, external_id).
CREATE TABLE users (
	id          INTEGER PRIMARY KEY,
	source      TEXT NOT NULL CHECK (source IN ('terminal', 'slack')),
	team_id     TEXT NOT NULL DEFAULT '',
	external_id TEXT NOT NULL,
	name        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	UNIQUE (source, team_id, external_id)
);

CREATE TABLE cv_projects (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	tags        TEXT NOT NULL DEFAULT '[]', -- JSON array
	created_at  TEXT NOT NULL,
	UNIQUE (user_id, name)
);

CREATE TABLE sessions (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	source      TEXT NOT NULL,
	plan        TEXT NOT NULL,
	topic       TEXT NOT NULL DEFAULT '',
	seed        INTEGER NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('active', 'finished')),
	state       TEXT NOT NULL DEFAULT '{}', -- JSON: the engine's cursor and pending question
	version     INTEGER NOT NULL DEFAULT 0,
	score       INTEGER,
	channel_id  TEXT NOT NULL DEFAULT '',
	started_at  TEXT NOT NULL,
	finished_at TEXT
);
CREATE INDEX sessions_user_status ON sessions (user_id, status, id);

CREATE TABLE turns (
	id          INTEGER PRIMARY KEY,
	session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	kind        TEXT NOT NULL DEFAULT 'bank',
	question_id TEXT NOT NULL,
	stage       TEXT NOT NULL,
	level       INTEGER NOT NULL DEFAULT 0,
	prompt      TEXT NOT NULL,
	answer      TEXT NOT NULL,
	score       INTEGER,
	raw_score   INTEGER,
	scorer      TEXT NOT NULL,
	matched     TEXT NOT NULL DEFAULT '[]',
	missed      TEXT NOT NULL DEFAULT '[]',
	feedback    TEXT NOT NULL DEFAULT '[]',
	hints       INTEGER NOT NULL DEFAULT 0,
	skipped     INTEGER NOT NULL DEFAULT 0,
	asked_at    TEXT NOT NULL,
	answered_at TEXT NOT NULL,
	grading     TEXT NOT NULL DEFAULT '{}', -- scorer details for audit and re-grading
	UNIQUE (session_id, seq)
);
CREATE INDEX turns_question ON turns (question_id);

-- Question-of-the-day schedules and the posts made for them.
CREATE TABLE schedules (
	id         INTEGER PRIMARY KEY,
	team_id    TEXT NOT NULL,
	channel_id TEXT NOT NULL,
	spec       TEXT NOT NULL,
	timezone   TEXT NOT NULL DEFAULT 'UTC',
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (team_id, channel_id)
);

CREATE TABLE channel_posts (
	id          INTEGER PRIMARY KEY,
	team_id     TEXT NOT NULL,
	channel_id  TEXT NOT NULL,
	slot        TEXT NOT NULL, -- the scheduled local time that identifies the slot
	question_id TEXT NOT NULL,
	message_ts  TEXT NOT NULL DEFAULT '',
	claimed_at  TEXT NOT NULL,
	posted_at   TEXT,
	revealed_at TEXT,
	UNIQUE (team_id, channel_id, slot)
);
