package interview

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxProjects bounds a CV; MaxProjectName and MaxProjectDescription bound its fields.
const (
	MaxProjects           = 20
	MaxProjectName        = 80
	MaxProjectDescription = 1000
)

// ParseCV reads a CV file: a list of projects with name, description and optional
// tags. Tags are inferred from the description when absent. Errors name the line
// and the field in words.
func ParseCV(data []byte) ([]*Project, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errorf(EINVALID, "The CV file is not valid YAML: %s.", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	bad := func(n *yaml.Node, format string, args ...any) error {
		return Errorf(EINVALID, "CV file, line %d: %s", n.Line, fmt.Sprintf(format, args...))
	}
	if len(doc.Content) == 0 {
		return nil, Errorf(EINVALID, "The CV file is empty (want projects: [{name, description, tags}]).")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, bad(root, "want a mapping with a projects list (projects: [{name, description, tags}]).")
	}
	var list *yaml.Node
	for k := 0; k+1 < len(root.Content); k += 2 {
		key, val := root.Content[k], root.Content[k+1]
		if key.Value != "projects" {
			return nil, bad(key, "unknown field %q; the file has one field, projects.", key.Value)
		}
		list = val
	}
	if list == nil || (list.Kind == yaml.ScalarNode && list.Tag == "!!null") {
		return nil, Errorf(EINVALID, "The CV file lists no projects (want projects: [{name, description, tags}]).")
	}
	if list.Kind != yaml.SequenceNode {
		return nil, bad(list, "projects must be a list of projects, each with name, description and tags.")
	}
	if len(list.Content) == 0 {
		return nil, Errorf(EINVALID, "The CV file lists no projects (want projects: [{name, description, tags}]).")
	}
	if len(list.Content) > MaxProjects {
		return nil, Errorf(EINVALID, "The CV file lists %d projects; at most %d are used.", len(list.Content), MaxProjects)
	}
	var out []*Project
	seen := map[string]bool{}
	for i, pn := range list.Content {
		if pn.Kind != yaml.MappingNode {
			return nil, bad(pn, "project %d must be a mapping with name, description and tags.", i+1)
		}
		var name, desc string
		var tags []string
		for k := 0; k+1 < len(pn.Content); k += 2 {
			key, val := pn.Content[k], pn.Content[k+1]
			var err error
			switch key.Value {
			case "name":
				err = val.Decode(&name)
			case "description":
				err = val.Decode(&desc)
			case "tags":
				err = val.Decode(&tags)
				if err != nil {
					return nil, bad(val, "the tags of project %d must be a list of words, e.g. [python, redis].", i+1)
				}
			default:
				return nil, bad(key, "project %d has an unknown field %q (known: name, description, tags).", i+1, key.Value)
			}
			if err != nil {
				return nil, bad(val, "the %s of project %d must be text.", key.Value, i+1)
			}
		}
		pr, err := NewProject(name, desc, tags)
		if err != nil {
			return nil, bad(pn, "project %d: %s", i+1, ErrorMessage(err))
		}
		if seen[strings.ToLower(pr.Name)] {
			return nil, bad(pn, "project %q is listed twice.", pr.Name)
		}
		seen[strings.ToLower(pr.Name)] = true
		out = append(out, pr)
	}
	return out, nil
}

// NewProject checks a project's fields and infers tags when none are given.
func NewProject(name, description string, tags []string) (*Project, error) {
	name = strings.Join(strings.Fields(name), " ")
	description = strings.TrimSpace(description)
	switch {
	case name == "":
		return nil, Errorf(EINVALID, "A project needs a name.")
	case len([]rune(name)) > MaxProjectName:
		return nil, Errorf(EINVALID, "A project name is at most %d characters.", MaxProjectName)
	case len([]rune(description)) > MaxProjectDescription:
		return nil, Errorf(EINVALID, "A project description is at most %d characters.", MaxProjectDescription)
	}
	var clean []string
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(clean, t) {
			clean = append(clean, t)
		}
	}
	if len(clean) == 0 {
		clean = InferTags(name + " " + description)
	}
	return &Project{Name: name, Description: description, Tags: clean}, nil
}

// tagRules map words in a project description to the tag vocabulary that CV
// follow-up templates use.
var tagRules = []struct {
	re   *regexp.Regexp
	tags []string
}{
	{regexp.MustCompile(`(?i)\bpython\b`), []string{"python"}},
	{regexp.MustCompile(`(?i)\bdjango\b`), []string{"django", "python"}},
	{regexp.MustCompile(`(?i)\b(drf|django rest framework|rest api|restful)\b`), []string{"drf", "api", "rest"}},
	{regexp.MustCompile(`(?i)\bfastapi\b`), []string{"fastapi", "api", "asyncio"}},
	{regexp.MustCompile(`(?i)\bflask\b`), []string{"flask", "api"}},
	{regexp.MustCompile(`(?i)\bgraphql\b`), []string{"graphql", "api"}},
	{regexp.MustCompile(`(?i)\b(api|apis|endpoints?)\b`), []string{"api"}},
	{regexp.MustCompile(`(?i)\bcelery\b`), []string{"celery", "queues", "workers"}},
	{regexp.MustCompile(`(?i)\b(queues?|rabbitmq|kafka|sqs|workers?|background jobs?)\b`), []string{"queues", "workers"}},
	{regexp.MustCompile(`(?i)\bredis\b`), []string{"redis", "caching"}},
	{regexp.MustCompile(`(?i)\b(cache|caches|caching|cached|memcached|cdn)\b`), []string{"caching"}},
	{regexp.MustCompile(`(?i)\b(postgres|postgresql)\b`), []string{"postgres", "databases", "sql"}},
	{regexp.MustCompile(`(?i)\bmysql\b`), []string{"mysql", "databases", "sql"}},
	{regexp.MustCompile(`(?i)\b(database|databases|sql|sqlite)\b`), []string{"databases", "sql"}},
	{regexp.MustCompile(`(?i)\b(orm|sqlalchemy)\b`), []string{"orm", "databases"}},
	{regexp.MustCompile(`(?i)\bmongo(db)?\b`), []string{"mongodb", "databases"}},
	{regexp.MustCompile(`(?i)\b(elasticsearch|opensearch|full-text|search)\b`), []string{"search"}},
	{regexp.MustCompile(`(?i)\b(websockets?|channels|socket\.io)\b`), []string{"websockets", "realtime"}},
	{regexp.MustCompile(`(?i)\b(chat|messaging|messenger)\b`), []string{"chat", "realtime"}},
	{regexp.MustCompile(`(?i)\b(real-time|realtime|live)\b`), []string{"realtime"}},
	{regexp.MustCompile(`(?i)\b(auth|authentication|login|sign-in|permissions)\b`), []string{"auth"}},
	{regexp.MustCompile(`(?i)\bjwt\b`), []string{"jwt", "auth"}},
	{regexp.MustCompile(`(?i)\b(oauth|oauth2|sso)\b`), []string{"oauth", "auth"}},
	{regexp.MustCompile(`(?i)\b(payments?|billing|checkout|subscriptions?)\b`), []string{"payments"}},
	{regexp.MustCompile(`(?i)\bstripe\b`), []string{"stripe", "payments", "webhooks"}},
	{regexp.MustCompile(`(?i)\bwebhooks?\b`), []string{"webhooks"}},
	{regexp.MustCompile(`(?i)\b(video|videos|streaming|transcod\w*|renditions?)\b`), []string{"video", "media"}},
	{regexp.MustCompile(`(?i)\b(media|images?|audio|uploads?)\b`), []string{"media"}},
	{regexp.MustCompile(`(?i)\bffmpeg\b`), []string{"ffmpeg", "video", "media"}},
	{regexp.MustCompile(`(?i)\bhls\b`), []string{"hls", "video", "media"}},
	{regexp.MustCompile(`(?i)\bs3\b`), []string{"s3", "aws"}},
	{regexp.MustCompile(`(?i)\b(aws|ec2|rds|cloudfront)\b`), []string{"aws", "deployment"}},
	{regexp.MustCompile(`(?i)\blambda\b`), []string{"lambda", "aws"}},
	{regexp.MustCompile(`(?i)\b(docker|containers?|compose)\b`), []string{"docker", "deployment"}},
	{regexp.MustCompile(`(?i)\b(kubernetes|k8s|helm)\b`), []string{"kubernetes", "deployment", "scaling"}},
	{regexp.MustCompile(`(?i)\b(deploy\w*|gunicorn|uvicorn|heroku)\b`), []string{"deployment"}},
	{regexp.MustCompile(`(?i)\bnginx\b`), []string{"nginx", "deployment"}},
	{regexp.MustCompile(`(?i)\b(ci|ci/cd|github actions|gitlab ci|pipeline)\b`), []string{"ci"}},
	{regexp.MustCompile(`(?i)\b(monitoring|prometheus|grafana|sentry|metrics|alerts?)\b`), []string{"monitoring", "observability"}},
	{regexp.MustCompile(`(?i)\b(logging|logs|tracing|observability)\b`), []string{"logging", "observability"}},
	{regexp.MustCompile(`(?i)\b(scal\w*|load balanc\w*|autoscal\w*|high traffic|millions?)\b`), []string{"scaling"}},
	{regexp.MustCompile(`(?i)\b(performance|latency|optimi[sz]\w*|throughput)\b`), []string{"performance"}},
	{regexp.MustCompile(`(?i)\b(tests?|testing|pytest|tdd|coverage)\b`), []string{"testing"}},
	{regexp.MustCompile(`(?i)\b(async|asyncio|aiohttp|concurren\w*)\b`), []string{"asyncio"}},
}

// InferTags derives tags from free text about a project.
func InferTags(text string) []string {
	var tags []string
	for _, r := range tagRules {
		if r.re.MatchString(text) {
			for _, t := range r.tags {
				if !slices.Contains(tags, t) {
					tags = append(tags, t)
				}
			}
		}
	}
	return tags
}

// String names the project with its tags, for listings.
func (p *Project) String() string {
	return fmt.Sprintf("%s [%s]", p.Name, strings.Join(p.Tags, ", "))
}
