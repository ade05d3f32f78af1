package questions_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mockinterview/mockinterview/questions"
)

// curriculum lists, per stage, the bullets of the curriculum
// (shared seed interview-topics.md) that the bank must cover. The table of which
// questions cover each bullet lives in curriculum/STAGE.yaml.
var curriculum = map[string][]string{
	"python":    {"data-types", "conditionals", "loops", "functions-def-return", "default-arguments", "args-kwargs", "recursion", "try-except-else-finally", "custom-exceptions"},
	"ds":        {"list-operations", "set-operations", "tuples", "dict-operations", "dict-methods", "comprehensions", "generator-expressions"},
	"oop":       {"init", "class-vs-instance-attributes", "inheritance-overriding", "multiple-inheritance-mro", "polymorphism", "encapsulation", "dunder-methods"},
	"orm":       {"django-models-migrations", "sqlalchemy", "crud", "filter-exclude-get-annotate", "relationships", "select-prefetch-related"},
	"django":    {"models", "fbv-vs-cbv", "forms-validation", "serializers", "views-viewsets", "jwt-token-auth", "permissions"},
	"async":     {"async-await", "asyncio-concurrency", "aiohttp"},
	"api":       {"http-methods", "status-codes", "request-response-json-headers", "versioning", "rate-limiting-throttling"},
	"testing":   {"pytest", "pytest-fixtures", "django-test-client", "mocking", "logging", "debugging-tools"},
	"deploy":    {"s3", "ec2", "rds", "lambda", "gunicorn-nginx", "env-settings", "dockerizing-django", "docker-compose"},
	"perf":      {"indexing", "db-caching-redis-memcached", "algorithmic-complexity", "response-caching"},
	"sysdesign": {"horizontal-vs-vertical-scaling", "load-spikes", "sharding", "replication", "rate-limiting", "caching", "high-availability"},
	"projects":  {"why-choices", "do-differently", "production-incident", "applied-concepts"},
}

// cvTagGroups are the kinds of backend project the CV follow-ups must reach; a
// template counts for a group when it carries any of the group's tags.
var cvTagGroups = map[string][]string{
	"caching":       {"caching", "redis"},
	"queues":        {"queues", "workers", "celery"},
	"media":         {"video", "media", "ffmpeg", "hls"},
	"realtime":      {"websockets", "realtime", "chat"},
	"auth":          {"auth", "jwt", "oauth"},
	"payments":      {"payments", "webhooks", "stripe"},
	"search":        {"search", "elasticsearch"},
	"databases":     {"databases", "postgres", "mysql", "sql", "orm", "mongodb"},
	"deployment":    {"deployment", "docker", "kubernetes", "aws", "ci", "nginx"},
	"observability": {"observability", "logging", "monitoring"},
	"scaling":       {"scaling", "performance"},
	"testing":       {"testing"},
}

type coverageFile struct {
	Stage   string `yaml:"stage"`
	Bullets []struct {
		Key  string   `yaml:"key"`
		Text string   `yaml:"text"`
		IDs  []string `yaml:"ids"`
	} `yaml:"bullets"`
}

func TestEmbeddedBankCoversTheCurriculum(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatalf("embedded bank: %v", err)
	}
	if got := bank.Len(); got < 180 {
		t.Errorf("bank has %d questions; want at least 180", got)
	}
	withEdges, cv := 0, 0
	groups := map[string]bool{}
	general := 0
	for stage := range curriculum {
		st := bank.Stage(stage)
		if st == nil {
			t.Errorf("stage %q is missing", stage)
			continue
		}
		levels := map[int]int{}
		for _, q := range st.Questions {
			levels[q.Level]++
		}
		if len(st.Questions) < 14 {
			t.Errorf("stage %s has %d questions; want at least 14", stage, len(st.Questions))
		}
		for lv := 1; lv <= 3; lv++ {
			if levels[lv] == 0 {
				t.Errorf("stage %s has no level-%d question", stage, lv)
			}
		}
	}
	for _, q := range bank.Questions() {
		if len(q.Next) > 0 {
			withEdges++
		}
		if len(q.KeyPoints) < 2 || len(q.KeyPoints) > 5 || len(q.Hints) == 0 {
			t.Errorf("%s: %d key points, %d hints; want 2–5 and at least one", q.ID, len(q.KeyPoints), len(q.Hints))
		}
	}
	if share := float64(withEdges) / float64(bank.Len()); share < 0.7 {
		t.Errorf("%.0f%% of questions have edges; want at least 70%%", share*100)
	}
	crossStage := 0
	for _, q := range bank.Questions() {
		for _, e := range q.Next {
			if bank.Question(e.To).Stage != q.Stage {
				crossStage++
			}
		}
	}
	if crossStage < 10 {
		t.Errorf("%d cross-stage edges; want the graph to link stages (at least 10)", crossStage)
	}
	for _, st := range bank.Stages {
		for _, tpl := range st.CV {
			cv++
			if len(tpl.Tags) == 0 {
				general++
			}
			for g, tags := range cvTagGroups {
				for _, tag := range tpl.Tags {
					if slices.Contains(tags, tag) {
						groups[g] = true
					}
				}
			}
		}
	}
	if cv < 30 || general < 3 {
		t.Errorf("%d CV templates (%d general); want at least 30, some general", cv, general)
	}
	for g := range cvTagGroups {
		if !groups[g] {
			t.Errorf("no CV template for %s projects", g)
		}
	}

	for stage, bullets := range curriculum {
		bullets = append(slices.Clone(bullets), interviewTopics[stage]...)
		data, err := os.ReadFile(filepath.Join("curriculum", stage+".yaml"))
		if err != nil {
			t.Errorf("coverage table for %s: %v", stage, err)
			continue
		}
		var cf coverageFile
		if err := yaml.Unmarshal(data, &cf); err != nil {
			t.Errorf("coverage table for %s: %v", stage, err)
			continue
		}
		got := map[string][]string{}
		for _, b := range cf.Bullets {
			got[b.Key] = b.IDs
		}
		for _, key := range bullets {
			ids := got[key]
			if len(ids) < 2 {
				t.Errorf("%s bullet %q is asked by %d questions %v; want at least 2", stage, key, len(ids), ids)
			}
			for _, id := range ids {
				if bank.Question(id) == nil {
					t.Errorf("%s bullet %q names unknown question %q", stage, key, id)
				}
			}
		}
		for key := range got {
			if !slices.Contains(bullets, key) {
				t.Errorf("%s coverage table has unknown bullet %q", stage, key)
			}
		}
	}
}

// TestEmbeddedBankAnchors keeps the ids that other stages' edges rely on.
func TestEmbeddedBankWritingRules(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range bank.Questions() {
		n := len(strings.Split(strings.TrimSpace(q.Reference), "\n"))
		if n == 0 || strings.TrimSpace(q.Reference) == "" {
			t.Errorf("%s: empty model answer", q.ID)
		}
		for _, e := range q.Next {
			if e.To == q.ID {
				t.Errorf("%s: self edge", q.ID)
			}
		}
	}
}
