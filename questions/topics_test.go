package questions_test

// interviewTopics are, per stage, the topics that real mid-level Python backend
// interviews ask most (bank review, section 8) beyond the seed curriculum. Each is a
// bullet of curriculum/STAGE.yaml and must be asked by at least two questions.
var interviewTopics = map[string][]string{
	"orm":       {"transactions-isolation-deadlocks", "sql-joins-groupby-window"},
	"api":       {"oauth2-oidc", "cors", "webhook-signatures"},
	"sysdesign": {"cap-consistency", "design-url-shortener", "design-notification-service"},
	"deploy":    {"observability", "ci-cd"},
	"async":     {"gil-threads-processes-asyncio"},
	"django":    {"middleware", "signals", "custom-user-model", "sessions-cookies", "csrf", "xss", "sql-injection-raw-sql", "null-vs-blank", "custom-managers", "celery-delivery"},
}
