package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// No Docker engine runs in CI, so these tests read the Dockerfile, compose.yaml,
// .dockerignore and .env.example and check the facts the deployment depends on,
// running the built binary wherever the image would.

const repoRoot = "../.."

// dockerInstruction is one instruction of a Dockerfile, continuation lines joined.
type dockerInstruction struct {
	line int
	cmd  string // upper case: FROM, RUN, ...
	args string
}

// dockerStage is the instructions from one FROM to the next.
type dockerStage struct {
	image, name string
	ins         []dockerInstruction
}

// parseDockerfile reads a Dockerfile into stages: comments and blank lines dropped,
// lines ending in a backslash joined to the next.
func parseDockerfile(t *testing.T, path string) []*dockerStage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		stages  []*dockerStage
		logical strings.Builder
		start   int
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if logical.Len() == 0 {
			start = n
		}
		if cont, ok := strings.CutSuffix(line, `\`); ok {
			logical.WriteString(cont + " ")
			continue
		}
		logical.WriteString(line)
		cmd, args, _ := strings.Cut(logical.String(), " ")
		logical.Reset()
		in := dockerInstruction{line: start, cmd: strings.ToUpper(cmd), args: strings.Join(strings.Fields(args), " ")}
		if in.cmd == "FROM" {
			fields := dropFlags(strings.Fields(in.args))
			st := &dockerStage{image: fields[0]}
			if len(fields) == 3 && strings.EqualFold(fields[1], "AS") {
				st.name = fields[2]
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			if in.cmd != "ARG" {
				t.Fatalf("%s:%d: %s before the first FROM", path, in.line, in.cmd)
			}
			continue
		}
		st := stages[len(stages)-1]
		st.ins = append(st.ins, in)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if logical.Len() > 0 {
		t.Fatalf("%s: ends inside a continued line", path)
	}
	return stages
}

// dropFlags removes leading --flag=value words (RUN --mount=..., COPY --from=...).
func dropFlags(fields []string) []string {
	for len(fields) > 0 && strings.HasPrefix(fields[0], "--") {
		fields = fields[1:]
	}
	return fields
}

// flagValue returns the value of a leading --name=value word.
func flagValue(args, name string) string {
	for _, f := range strings.Fields(args) {
		if !strings.HasPrefix(f, "--") {
			break
		}
		if v, ok := strings.CutPrefix(f, "--"+name+"="); ok {
			return v
		}
	}
	return ""
}

func (s *dockerStage) all(cmd string) []dockerInstruction {
	var out []dockerInstruction
	for _, in := range s.ins {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// last returns the stage's last instruction of a kind: the one that takes effect.
func (s *dockerStage) last(cmd string) (dockerInstruction, bool) {
	all := s.all(cmd)
	if len(all) == 0 {
		return dockerInstruction{}, false
	}
	return all[len(all)-1], true
}

// env returns the stage's ENV settings (KEY=VALUE pairs and the old `ENV KEY VALUE`).
func (s *dockerStage) env() map[string]string {
	env := map[string]string{}
	for _, in := range s.all("ENV") {
		fields := strings.Fields(in.args)
		if len(fields) > 0 && !strings.Contains(fields[0], "=") {
			env[fields[0]] = strings.TrimSpace(strings.TrimPrefix(in.args, fields[0]))
			continue
		}
		for _, f := range fields {
			k, v, _ := strings.Cut(f, "=")
			env[k] = strings.Trim(v, `"'`)
		}
	}
	return env
}

// execForm reads a JSON array (exec form); shell form is refused, since a shell
// form ENTRYPOINT or HEALTHCHECK runs under /bin/sh and loses signals.
func execForm(t *testing.T, in dockerInstruction, args string) []string {
	t.Helper()
	var argv []string
	if err := json.Unmarshal([]byte(args), &argv); err != nil || len(argv) == 0 {
		t.Fatalf("Dockerfile:%d: %s %s: want the exec form [\"/path\", \"arg\"]", in.line, in.cmd, args)
	}
	return argv
}

func TestDockerfile(t *testing.T) {
	stages := parseDockerfile(t, filepath.Join(repoRoot, "Dockerfile"))
	if len(stages) < 2 {
		t.Fatalf("%d FROM stages; want a builder and a runtime stage", len(stages))
	}
	final := stages[len(stages)-1]

	// The binary in the final image, and the stage it is built in.
	var binPath string
	var builder *dockerStage
	var builtAt string
	for _, in := range final.all("COPY") {
		from := flagValue(in.args, "from")
		if from == "" {
			continue
		}
		fields := dropFlags(strings.Fields(in.args))
		if len(fields) == 2 && filepath.Base(fields[1]) == "mockinterview" {
			binPath, builtAt = fields[1], fields[0]
			for _, st := range stages[:len(stages)-1] {
				if st.name == from {
					builder = st
				}
			}
		}
	}
	if binPath == "" || builder == nil {
		t.Fatal("the final stage does not COPY --from=<builder stage> the mockinterview binary")
	}

	t.Run("builder", func(t *testing.T) {
		goMod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(goMod)
		if m == nil {
			t.Fatal("go.mod has no go directive")
		}
		if want := "golang:" + string(m[1]) + "-"; !strings.HasPrefix(builder.image, want) {
			t.Errorf("builder image %s; want %s… (go.mod says go %s)", builder.image, want, m[1])
		}
		var cgo bool
		if builder.env()["CGO_ENABLED"] == "1" {
			cgo = true
		}
		var build string
		for _, in := range builder.all("RUN") {
			if strings.Contains(in.args, "go build") {
				build = in.args
				if strings.Contains(in.args, "CGO_ENABLED=1") {
					cgo = true
				}
			}
		}
		if !cgo {
			t.Error("builder: CGO_ENABLED=1 is not set (github.com/mattn/go-sqlite3 needs cgo)")
		}
		if build == "" {
			t.Fatal("builder: no RUN go build")
		}
		for _, want := range []string{"-trimpath", "-X main.version=${VERSION}", "-o " + builtAt, "./cmd/mockinterview"} {
			if !strings.Contains(build, want) {
				t.Errorf("builder: go build %q lacks %q", build, want)
			}
		}
		var arg bool
		for _, in := range builder.all("ARG") {
			arg = arg || strings.HasPrefix(in.args, "VERSION")
		}
		if !arg {
			t.Error("builder: no ARG VERSION for the version stamp")
		}
	})

	t.Run("runtime", func(t *testing.T) {
		// cgo links glibc dynamically: the runtime must be the builder's Debian release.
		release := func(image string) string {
			for _, r := range []string{"bookworm", "trixie", "bullseye"} {
				if strings.Contains(image, r) {
					return r
				}
			}
			return image
		}
		if release(final.image) != release(builder.image) {
			t.Errorf("runtime image %s and builder image %s are different Debian releases", final.image, builder.image)
		}
		var certs bool
		for _, in := range final.all("RUN") {
			if strings.Contains(in.args, "apt-get install") && strings.Contains(in.args, "ca-certificates") {
				certs = true
				if !strings.Contains(in.args, "--no-install-recommends") || !strings.Contains(in.args, "rm -rf /var/lib/apt/lists") {
					t.Errorf("Dockerfile:%d: install with --no-install-recommends and remove /var/lib/apt/lists in the same RUN", in.line)
				}
			}
		}
		if !certs {
			t.Error("runtime: ca-certificates not installed (Slack and the LLM APIs are HTTPS)")
		}

		user, ok := final.last("USER")
		if !ok {
			t.Fatal("runtime: no USER; the bot would run as root")
		}
		name, _, _ := strings.Cut(user.args, ":")
		if name == "root" || name == "0" || name == "" {
			t.Fatalf("runtime: USER %s; want a non-root user", user.args)
		}
		var created bool
		for _, in := range final.all("RUN") {
			if regexp.MustCompile(`useradd\b.*(--uid\s+` + regexp.QuoteMeta(name) + `\b|\s` + regexp.QuoteMeta(name) + `(\s|$))`).MatchString(in.args) {
				created = true
			}
		}
		if !created {
			t.Errorf("runtime: USER %s is not created with useradd", user.args)
		}

		// The volume, and its owner: a new named volume copies the image's /data, so
		// the directory must exist and be chowned before the VOLUME instruction.
		volumeAt, chownAt := -1, -1
		for i, in := range final.ins {
			switch {
			case in.cmd == "VOLUME" && (in.args == "/data" || in.args == `["/data"]`):
				volumeAt = i
			case in.cmd == "RUN" && regexp.MustCompile(`chown\s+\S+\s+/data\b`).MatchString(in.args):
				chownAt = i
			}
		}
		if volumeAt < 0 {
			t.Error("runtime: no VOLUME /data")
		} else if chownAt < 0 || chownAt > volumeAt {
			t.Error("runtime: /data is not chowned to the user before VOLUME /data")
		}
		if got := final.env()["DATABASE_PATH"]; got != "/data/mockinterview.db" {
			t.Errorf("runtime: ENV DATABASE_PATH=%q; want /data/mockinterview.db", got)
		}
		var exposed bool
		for _, in := range final.all("EXPOSE") {
			for _, p := range strings.Fields(in.args) {
				exposed = exposed || p == "3000" || p == "3000/tcp"
			}
		}
		if !exposed {
			t.Error("runtime: no EXPOSE 3000")
		}
	})

	t.Run("commands exist in the binary", func(t *testing.T) {
		entry, ok := final.last("ENTRYPOINT")
		if !ok {
			t.Fatal("runtime: no ENTRYPOINT")
		}
		entrypoint := execForm(t, entry, entry.args)
		if len(entrypoint) != 1 || entrypoint[0] != binPath {
			t.Errorf("ENTRYPOINT %v; want [%q], so that `docker run IMAGE COMMAND` runs any subcommand", entrypoint, binPath)
		}
		cmdIn, ok := final.last("CMD")
		if !ok {
			t.Fatal("runtime: no CMD")
		}
		cmd := execForm(t, cmdIn, cmdIn.args)
		if cmd[0] != "serve" {
			t.Errorf("CMD %v; want [\"serve\"]", cmd)
		}
		hc, ok := final.last("HEALTHCHECK")
		if !ok {
			t.Fatal("runtime: no HEALTHCHECK")
		}
		rest, found := strings.CutPrefix(strings.Join(dropFlags(strings.Fields(hc.args)), " "), "CMD ")
		if !found {
			t.Fatalf("HEALTHCHECK %s: want HEALTHCHECK [options] CMD [...]", hc.args)
		}
		health := execForm(t, hc, rest)
		if health[0] != binPath || len(health) < 2 {
			t.Fatalf("HEALTHCHECK runs %v; want the binary %s and a subcommand", health, binPath)
		}
		// What the image would run, with -h: each must be a real subcommand.
		for _, argv := range [][]string{append(entrypoint[1:], cmd...), health[1:]} {
			args := append(append([]string(nil), argv...), "-h")
			out, errOut, code := runCmd(t, "", args...)
			if code != 0 || !strings.Contains(out, "Usage: mockinterview "+argv[0]) {
				t.Errorf("mockinterview %s: exit %d, stdout %q, stderr %q; want its usage and exit 0", strings.Join(args, " "), code, out, errOut)
			}
		}
	})
}

func TestComposeFile(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(repoRoot, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Version  *string `yaml:"version"`
		Services map[string]struct {
			Build   any      `yaml:"build"`
			Image   string   `yaml:"image"`
			EnvFile any      `yaml:"env_file"`
			Volumes []string `yaml:"volumes"`
			Ports   []string `yaml:"ports"`
			Restart string   `yaml:"restart"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(body, &compose); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	if compose.Version != nil {
		t.Error("compose.yaml has a version: key; Compose v2 ignores it and warns")
	}
	svc, ok := compose.Services["mockinterview"]
	if !ok {
		t.Fatalf("compose.yaml: no service mockinterview (services: %v)", compose.Services)
	}
	var data bool
	for _, v := range svc.Volumes {
		src, dst, _ := strings.Cut(v, ":")
		if dst == "/data" || strings.HasPrefix(dst, "/data:") {
			if _, named := compose.Volumes[src]; !named {
				t.Errorf("volume %q: %s is not a named volume declared under volumes:", v, src)
			}
			data = true
		}
	}
	if !data {
		t.Errorf("volumes %v: nothing mounted on /data", svc.Volumes)
	}
	envFiles := map[string]bool{}
	switch ef := svc.EnvFile.(type) {
	case string:
		envFiles[ef] = true
	case []any:
		for _, e := range ef {
			switch e := e.(type) {
			case string:
				envFiles[e] = true
			case map[string]any:
				p, _ := e["path"].(string)
				envFiles[p] = true
			}
		}
	}
	if !envFiles[".env"] {
		t.Errorf("env_file %v; want .env", svc.EnvFile)
	}
	switch svc.Restart {
	case "always", "unless-stopped", "on-failure":
	default:
		t.Errorf("restart %q; want unless-stopped, always or on-failure", svc.Restart)
	}
	var port bool
	for _, p := range svc.Ports {
		port = port || strings.HasSuffix(p, ":3000") || p == "3000"
	}
	if !port {
		t.Errorf("ports %v: container port 3000 is not published", svc.Ports)
	}
	if svc.Build == nil {
		t.Error("no build: the service does not build from this repository's Dockerfile")
	}
}

// specVariables is SPEC.md's Configuration table, plus SHUTDOWN_GRACE.
var specVariables = []string{
	"DATABASE_PATH", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL",
	"LISTEN_ADDR", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "LLM_TIMEOUT",
	"QUESTIONS_DIR", "ADMIN_USER_IDS", "LOG_LEVEL", "LOG_FORMAT", "SHUTDOWN_GRACE",
}

func TestEnvExample(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(repoRoot, ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	setting := regexp.MustCompile(`^(?:# ?)?([A-Z][A-Z0-9_]*)=(.*)$`)
	listed := map[string]bool{}
	for i, line := range strings.Split(string(body), "\n") {
		m := setting.FindStringSubmatch(line)
		if m == nil {
			if line != "" && !strings.HasPrefix(line, "#") {
				t.Errorf(".env.example:%d: %q is neither a comment nor VARIABLE=value", i+1, line)
			}
			continue
		}
		listed[m[1]] = true
		if strings.HasPrefix(line, "#") {
			continue
		}
		// docker run --env-file keeps quotes and trailing comments in the value.
		if v := m[2]; strings.ContainsAny(v, `"'`) || strings.Contains(v, " #") {
			t.Errorf(".env.example:%d: %q: no quotes or trailing comments in a value", i+1, line)
		}
		if strings.HasPrefix(m[2], "xox") || strings.HasPrefix(m[2], "xapp-") || strings.HasPrefix(m[2], "sk-") {
			t.Errorf(".env.example:%d: looks like a real secret", i+1)
		}
	}
	for _, v := range specVariables {
		if !listed[v] {
			t.Errorf(".env.example does not list %s", v)
		}
	}
	// Every listed variable is one the program reads.
	var code strings.Builder
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			b, _ := os.ReadFile(f)
			code.Write(b)
		}
	}
	for v := range listed {
		if !strings.Contains(code.String(), `"`+v+`"`) {
			t.Errorf(".env.example lists %s, which cmd/mockinterview does not read", v)
		}
	}
}

func TestDockerignore(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, line := range strings.Split(string(body), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "!") {
			patterns = append(patterns, strings.Trim(line, "/"))
		}
	}
	// Docker matches a pattern against the path from the context's root; **/ matches
	// any number of directories.
	ignored := func(path string) bool {
		for _, p := range patterns {
			if rest, ok := strings.CutPrefix(p, "**/"); ok {
				if ok, _ := filepath.Match(rest, filepath.Base(path)); ok {
					return true
				}
				continue
			}
			if ok, _ := filepath.Match(p, path); ok || strings.HasPrefix(path, p+"/") {
				return true
			}
		}
		return false
	}
	for _, p := range []string{".env", ".git", "mockinterview.db", "mockinterview.db-wal", "data/mockinterview.db"} {
		if !ignored(p) {
			t.Errorf(".dockerignore lets %s into the build context", p)
		}
	}
	// What go build needs, embedded files included.
	for _, p := range []string{"go.mod", "go.sum", "cmd/mockinterview/main.go", "store/migrations/0001_init.sql", "questions/bank", "interview/plans.yaml"} {
		if ignored(p) {
			t.Errorf(".dockerignore leaves %s out of the build context; the build needs it", p)
		}
	}
}
