-- Question of the day: which channel post a slot led to, who claimed it, answers in
-- its thread, and who opted out of leaderboards.
ALTER TABLE schedules ADD COLUMN summary_spec TEXT NOT NULL DEFAULT '';
ALTER TABLE channel_posts ADD COLUMN kind TEXT NOT NULL DEFAULT 'question'; -- question | summary
ALTER TABLE channel_posts ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
CREATE INDEX channel_posts_channel ON channel_posts (team_id, channel_id, kind, id);
CREATE INDEX channel_posts_ts ON channel_posts (team_id, channel_id, message_ts);

CREATE TABLE qotd_answers (
	id          INTEGER PRIMARY KEY,
	post_id     INTEGER NOT NULL REFERENCES channel_posts (id) ON DELETE CASCADE,
	team_id     TEXT NOT NULL,
	user_id     TEXT NOT NULL, -- Slack user id
	answer      TEXT NOT NULL,
	score       INTEGER NOT NULL,
	level       INTEGER NOT NULL,
	stage       TEXT NOT NULL,
	scorer      TEXT NOT NULL,
	matched     TEXT NOT NULL DEFAULT '[]',
	missed      TEXT NOT NULL DEFAULT '[]',
	late        INTEGER NOT NULL DEFAULT 0,
	answered_at TEXT NOT NULL,
	UNIQUE (post_id, user_id)
);
CREATE INDEX qotd_answers_team ON qotd_answers (team_id, answered_at);

CREATE TABLE leaderboard_optout (
	team_id TEXT NOT NULL,
	user_id TEXT NOT NULL,
	PRIMARY KEY (team_id, user_id)
);
