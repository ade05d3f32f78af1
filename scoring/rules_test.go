package scoring_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// Rubrics built in the tests, so each rule is tested whatever the bank says.

var authCodes = &questions.Question{
	ID: "t.auth-codes", Level: 2,
	Prompt: "When should an API return 401, and when 403?",
	Reference: "401 Unauthorized means the caller is not authenticated: the credentials are missing or invalid. " +
		"403 Forbidden means the server knows who the caller is, but that identity lacks permission.",
	KeyPoints: []questions.KeyPoint{
		{Text: "401 means not authenticated", Terms: []string{"401", "not authenticated|unauthenticated|missing credentials|invalid credentials|not logged in"}, Weight: 2, Relation: questions.Relation{Scope: questions.ScopeSentence}},
		{Text: "403 means authenticated but not allowed", Terms: []string{"403", "lacks permission|no permission|not allowed|forbidden"}, Weight: 2, Relation: questions.Relation{Scope: questions.ScopeSentence}},
		{Text: "the client can retry 401 with credentials, not 403", Terms: []string{"retry|again|resend"}, Weight: 1},
	},
	Misconceptions: []questions.Misconception{
		{Text: "401 means the user lacks permission", Terms: []string{"401", "forbidden|lacks permission|no permission|not allowed"}, Relation: questions.Relation{Scope: questions.ScopeClause},
			Correction: "401 means not authenticated; 403 means authenticated but not allowed.", Contradicts: []int{1}},
		{Text: "status codes do not matter", Terms: []string{"status codes|codes", "don't matter|do not matter|irrelevant"},
			Correction: "Clients act on status codes: a 401 asks them to log in, a 403 not to retry."},
	},
}

var putPatch = &questions.Question{
	ID: "t.put-patch", Level: 2,
	Prompt:    "What is the difference between PUT and PATCH?",
	Reference: "PUT replaces the whole resource with the representation sent. PATCH is a partial update of only the fields sent.",
	KeyPoints: []questions.KeyPoint{
		{Text: "PUT replaces the whole resource", Terms: []string{"put", "replaces|whole|entire|complete"}, Weight: 2, Relation: questions.Relation{Scope: questions.ScopeClause}},
		{Text: "PATCH updates only the fields sent", Terms: []string{"patch", "partial|only the fields|some fields"}, Weight: 2, Relation: questions.Relation{Scope: questions.ScopeClause}},
	},
}

var authOrder = &questions.Question{
	ID: "t.authn-order", Level: 2,
	Prompt:    "In which order does DRF check authentication and permissions?",
	Reference: "Authentication runs first and sets request.user; permissions are checked after it, before the handler.",
	KeyPoints: []questions.KeyPoint{
		{Text: "authentication runs before permissions", Terms: []string{"authentication", "permissions|permission"}, Weight: 2, Relation: questions.Relation{Scope: questions.ScopeSentence, Ordered: true}},
		{Text: "both run before the handler", Terms: []string{"handler|view method|view"}, Weight: 1},
	},
}

var sessionThreads = &questions.Question{
	ID: "t.session", Level: 2,
	Prompt:    "Can one SQLAlchemy Session be shared by all the threads of a web application?",
	Reference: "No. A Session is not thread-safe, so give each request its own Session from a sessionmaker.",
	KeyPoints: []questions.KeyPoint{
		{Text: "a Session is not thread-safe", Terms: []string{"thread-safe|thread safe"}, Weight: 2},
		{Text: "one Session per request from a sessionmaker", Terms: []string{"per request|each request", "sessionmaker"}, Weight: 1},
	},
}

var containerUser = &questions.Question{
	ID: "t.container-user", Level: 2,
	Prompt:    "Which user should the process in a production container run as?",
	Reference: "Don't run the app as root: create an unprivileged user and switch to it with USER.",
	KeyPoints: []questions.KeyPoint{
		{Text: "don't run the app as root", Terms: []string{"root"}, Weight: 2},
		{Text: "an unprivileged user set with USER", Terms: []string{"unprivileged|non-root|dedicated user"}, Weight: 1},
	},
}

var loopElse = &questions.Question{
	ID: "t.loop-else", Level: 2,
	Prompt:    "When does the `else` block of a `for` loop run?",
	Reference: "The else block runs when the loop finishes without a break; a loop that exits with break skips it. It replaces a found flag.",
	KeyPoints: []questions.KeyPoint{
		{Text: "else runs when the loop ends without break", Terms: []string{"no break|without a break|without break|without hitting break|wasn't ended by a break|finishes normally"}, Weight: 2},
		{Text: "no flag variable is needed", Terms: []string{"flag"}, Weight: 1},
	},
}

func feedbackOf(res interview.Result, label string) []string {
	var out []string
	for _, f := range res.Feedback {
		if strings.HasPrefix(f, label) {
			out = append(out, f)
		}
	}
	return out
}

func newScorer(t *testing.T) *scoring.KeywordScorer {
	t.Helper()
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	return scoring.NewKeywordScorer(bank)
}

func TestMisconceptions(t *testing.T) {
	s := newScorer(t)
	tests := []struct {
		name, answer string
		stated       []string // misconception texts
		maxScore     int      // -1: no bound
		minScore     int
	}{
		{"stated in the rubric's words", "401 means the user is forbidden from the resource, and 403 means they are not logged in.",
			[]string{"401 means the user lacks permission"}, 49, 0},
		{"stated negated is not stated", "401 does not mean forbidden: it means the request is not authenticated, the credentials are missing. 403 means the user is known but not allowed, so do not retry it.",
			nil, -1, 85},
		{"disclaimed is not stated", "A common mistake is to think 401 means forbidden. In fact 401 means not authenticated, and 403 means not allowed; retry only the 401 with credentials.",
			nil, -1, 85},
		{"contrasted is not stated", "401 means missing credentials, unlike 403, which means forbidden; a client may retry a 401 after logging in.",
			nil, -1, 40},
		{"a misconception that names no point", "401 means missing credentials and 403 means no permission, but honestly status codes don't matter much, clients just read the body and retry.",
			[]string{"status codes do not matter"}, 85, 50},
		{"correct", "401 means the caller is not authenticated: missing or invalid credentials. 403 means the server knows who you are but you lack permission. A client can retry a 401 after logging in, never a 403.",
			nil, -1, 85},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := score(t, s, authCodes, tc.answer)
			if !slices.Equal(res.Misconceptions, tc.stated) {
				t.Fatalf("misconceptions %q; want %q (feedback %q)", res.Misconceptions, tc.stated, res.Feedback)
			}
			if tc.maxScore >= 0 && res.Score > tc.maxScore || res.Score < tc.minScore {
				t.Errorf("score %d; want %d to %d (feedback %q)", res.Score, tc.minScore, tc.maxScore, res.Feedback)
			}
			careful := feedbackOf(res, "Careful: ")
			if len(careful) != len(tc.stated) {
				t.Errorf("feedback %q has %d Careful lines; want %d", res.Feedback, len(careful), len(tc.stated))
			}
			if len(tc.stated) > 0 && !slices.Contains(res.Flags, "misconception") {
				t.Errorf("flags %v lack misconception", res.Flags)
			}
		})
	}
	// The contradicted key point cannot count as covered, whatever else the answer says.
	res := score(t, s, authCodes, "401 means forbidden. Also 401 means not authenticated, and 403 means no permission; retry a 401.")
	if got := feedbackOf(res, "Contradicted (40%): 401 means not authenticated"); len(got) != 1 {
		t.Errorf("feedback %q; want the 401 point contradicted", res.Feedback)
	}
	if got := feedbackOf(res, "Careful: 401 means not authenticated; 403 means authenticated but not allowed."); len(got) != 1 {
		t.Errorf("feedback %q; want the correction", res.Feedback)
	}
	if res.Score >= 50 {
		t.Errorf("a misconception on a weight-2 point scores %d; want under 50", res.Score)
	}
}

func TestRelations(t *testing.T) {
	s := newScorer(t)
	tests := []struct {
		name    string
		q       *questions.Question
		answer  string
		covered []string // key points covered
		swapped []string // key points reported swapped
	}{
		{"clause relation stated", putPatch, "PUT replaces the whole resource, while PATCH changes only the fields you send.",
			[]string{"PUT replaces the whole resource", "PATCH updates only the fields sent"}, nil},
		{"telegraphic relation", putPatch, "PUT: full replace, entire resource. PATCH: partial, only the fields sent.",
			[]string{"PUT replaces the whole resource", "PATCH updates only the fields sent"}, nil},
		{"swapped roles", putPatch, "PATCH replaces the whole resource and PUT updates only some fields.",
			nil, []string{"PUT replaces the whole resource", "PATCH updates only the fields sent"}},
		{"swapped with contrast", putPatch, "Unlike PATCH, PUT replaces the whole resource; PATCH sends some fields.",
			[]string{"PUT replaces the whole resource", "PATCH updates only the fields sent"}, nil},
		{"terms in different sentences are no relation", putPatch, "PUT is one method. The whole resource can also be sent with PATCH. Some fields are partial.",
			nil, nil},
		{"ordered", authOrder, "Authentication runs first and then the permissions are checked, all before the handler.",
			[]string{"authentication runs before permissions", "both run before the handler"}, nil},
		{"ordered, swapped", authOrder, "Permissions are checked first, then authentication, before the view.",
			[]string{"both run before the handler"}, []string{"authentication runs before permissions"}},
		{"401/403 swapped", authCodes, "401 is for a user who is not allowed to do it, and 403 is for missing credentials or invalid credentials.",
			nil, []string{"401 means not authenticated", "403 means authenticated but not allowed"}},
		{"401/403 passive", authCodes, "Missing credentials give a 401; a known user without the rights is not allowed and gets a 403.",
			[]string{"401 means not authenticated", "403 means authenticated but not allowed"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := score(t, s, tc.q, tc.answer)
			for _, kp := range tc.q.KeyPoints {
				covered := len(feedbackOf(res, "Covered")) > 0 && containsLine(res.Feedback, "Covered", kp.Text)
				// a swap is reported as such, or as the contradiction of a stated misconception
				swapped := containsLine(res.Feedback, "Swapped", kp.Text) || containsLine(res.Feedback, "Contradicted", kp.Text)
				if want := slices.Contains(tc.covered, kp.Text); covered != want {
					t.Errorf("%q covered = %v; want %v (feedback %q)", kp.Text, covered, want, res.Feedback)
				}
				if want := slices.Contains(tc.swapped, kp.Text); swapped != want {
					t.Errorf("%q swapped = %v; want %v (feedback %q)", kp.Text, swapped, want, res.Feedback)
				}
				if swapped && covered {
					t.Errorf("%q is both swapped and covered", kp.Text)
				}
			}
		})
	}
}

func containsLine(lines []string, label, text string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, label+" (") && strings.HasSuffix(strings.TrimSuffix(l, "."), text) {
			return true
		}
	}
	return false
}

// TestNegativePhrasing: the reference's own negative phrasing counts, negation is
// read within its clause, and a correct answer phrased negatively is never told it
// stated the opposite.
func TestNegativePhrasing(t *testing.T) {
	s := newScorer(t)
	tests := []struct {
		name     string
		q        *questions.Question
		answer   string
		opposite bool // the answer really states the opposite
		minScore int
	}{
		{"negative key point, negative answer", sessionThreads, "No: the Session is not thread-safe, so each request gets its own from a sessionmaker.", false, 85},
		{"negative key point, contraction", sessionThreads, "A Session isn't thread safe; create one per request with a sessionmaker.", false, 85},
		{"negative key point, positive answer", sessionThreads, "Yes, the Session is thread-safe, share one.", true, 0},
		{"don't run as root", containerUser, "Don't run the app as root; create an unprivileged user and switch to it with USER.", false, 85},
		{"never as root", containerUser, "Never as root: a dedicated user, set with USER.", false, 85},
		{"non-root user", containerUser, "Run it as a non-root user that you create in the Dockerfile, so root never owns the process.", false, 60},
		// a name ("root") is not a property: denying its use is no opposite of
		// mentioning it, so only a misconception can catch "run it as root"
		{"root, positively", containerUser, "Run the app as root in the container.", false, 0},
		{"synonym with its own negation", loopElse, "It runs when the loop finishes without hitting break, so no flag variable is needed.", false, 85},
		{"without a break", loopElse, "The else runs only if the loop wasn't ended by a break; you don't need a flag.", false, 85},
		{"negation scoped to its clause", sessionThreads, "It is not shared: the Session is not thread-safe, and each request gets one from a sessionmaker.", false, 85},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := score(t, s, tc.q, tc.answer)
			opp := len(feedbackOf(res, "Stated the opposite")) > 0
			if opp != tc.opposite {
				t.Errorf("stated the opposite = %v; want %v (feedback %q)", opp, tc.opposite, res.Feedback)
			}
			if res.Score < tc.minScore {
				t.Errorf("score %d; want at least %d (feedback %q)", res.Score, tc.minScore, res.Feedback)
			}
		})
	}
}

// TestBankReviewPhrasings holds every correct negative phrasing of section 2 of the
// bank review (December 2026) against the bank's own questions: no "Stated the
// opposite", no contradiction, and a passing score. The answers are complete and
// correct, so they must keep passing as the bank's rubrics are broadened.
func TestBankReviewPhrasings(t *testing.T) {
	bank, s := bankScorer(t)
	tests := []struct{ id, phrasing, answer string }{
		{"orm.sqlalchemy-session", "The Session is not thread-safe",
			"The Session is a unit of work with an identity map: it tracks the objects you add or load and flushes pending changes before queries and on commit. It owns a transaction until commit or rollback, and commit expires the objects. The Session is not thread-safe, so create one per request from a sessionmaker bound to one long-lived engine with a connection pool."},
		{"oop.private-protected", "Python doesn't enforce it",
			"Python doesn't enforce it: privacy is a convention. A single leading underscore marks an attribute as internal. A double leading underscore triggers name mangling to _Client__token, which avoids clashes with subclass attributes, and the attribute stays reachable."},
		{"deploy.dockerizing-django", "don't run the app as root",
			"Use a multi-stage build so build tools and compilers stay out of the runtime image, copy requirements first so the dependency layer is cached, and don't run the app as root: create an unprivileged user and switch with USER. Run collectstatic at build time, set PYTHONUNBUFFERED, use the exec form of CMD, and supply secrets at runtime instead of baking them into the image."},
		{"deploy.ec2-basics", "never put AWS access keys on the box",
			"An EC2 instance is a virtual machine launched from an AMI with an instance type. Security groups act as the firewall: open 443, restrict SSH or use Session Manager. Never put AWS access keys on the box; attach an IAM role through an instance profile. A process manager such as systemd runs Gunicorn behind Nginx."},
		{"deploy.secrets-aws", "no static access keys",
			"Keep them in Secrets Manager or Parameter Store as SecureString, encrypted with KMS. The task or instance gets an IAM role with least-privilege access, so there are no static access keys. The platform injects them as environment variables from the task definition, or the app fetches them with boto3; rotation needs a restart or refresh, and CloudTrail audits access."},
		{"async.event-loop", "you must never call blocking code",
			"The event loop is a single-threaded scheduler with a queue of ready tasks and callbacks. At an await the coroutine suspends and hands control back to the loop, which runs other tasks and resumes it once epoll or kqueue reports the I/O ready. Multitasking is cooperative, so you must never call blocking code in a coroutine: it freezes everything. asyncio.run() runs the loop to completion from synchronous code."},
		{"async.coroutine-basics", "doesn't run the body; 'never awaited' RuntimeWarning",
			"Calling it doesn't run the body: it only creates a coroutine object, and if nothing awaits it Python emits a 'coroutine was never awaited' RuntimeWarning. In async code you await it or schedule it with asyncio.create_task(); from sync code asyncio.run() starts an event loop and runs it to completion."},
		{"python.loop-else", "no flag variable needed",
			"The else block runs when the loop finishes normally, with no break. If the loop exits via break, the else is skipped. It suits search and retry loops: break when you find the item, handle the nothing-found case in else, no flag variable needed."},
		{"python.loop-else", "runs only if the loop wasn't ended by a break",
			"It runs only if the loop wasn't ended by a break, so when the loop completes normally; exiting via break skips the else block. Typical use is a search loop, where it replaces a found flag."},
		{"python.try-except-basics", "so except can't accidentally catch",
			"The else block runs only when the try body finished without raising, which keeps the try small so except can't accidentally catch errors from the follow-up code. The finally block always runs, success or exception or return, so it is where cleanup goes; a with statement is often neater."},
		{"oop.mro", "if no consistent order exists … TypeError",
			"Python follows the method resolution order computed by C3 linearisation: subclasses come before their bases and bases keep their left-to-right order. The first class in __mro__ that defines the name wins. If no consistent order exists, class creation fails with a TypeError."},
		{"django.viewsets-routers", "APIView for non-CRUD endpoints",
			"APIView for non-CRUD endpoints, where you write the handlers yourself. A generic view when it is standard CRUD from a queryset and serializer_class, through mixins. A ModelViewSet with a router, which you register so it generates the URL patterns; restrict it with ReadOnlyModelViewSet when deletes should not be allowed."},
		{"async.io-vs-cpu", "It does not help CPU-bound work",
			"asyncio speeds up I/O-bound work that mostly waits on the network. It does not help CPU-bound work: one thread runs everything and a busy coroutine blocks the rest, so CPU work goes to processes such as ProcessPoolExecutor because of the GIL, and libraries must be async all the way down, like aiohttp or asyncpg."},
	}
	for _, tc := range tests {
		t.Run(tc.id+"/"+tc.phrasing, func(t *testing.T) {
			q := bank.Question(tc.id)
			if q == nil {
				t.Fatalf("no question %s", tc.id)
			}
			res := score(t, s, q, tc.answer)
			for _, f := range res.Feedback {
				if k := interview.FeedbackKind(f); k == interview.FeedbackOpposite {
					t.Errorf("%q", f)
				}
			}
			if res.Score < 60 {
				t.Errorf("a correct answer with %q scores %d; feedback %q", tc.phrasing, res.Score, res.Feedback)
			}
		})
	}
}

func TestScoreRule(t *testing.T) {
	s := newScorer(t)
	q := &questions.Question{ID: "t.rule", Level: 2, Prompt: "Why would you use a generator?",
		Reference: "A generator produces values lazily, one at a time, so memory stays constant for large files. It can be iterated only once. It suspends at each yield and keeps its local state.",
		KeyPoints: []questions.KeyPoint{
			{Text: "values are produced lazily, so memory stays constant", Terms: []string{"lazily|lazy|one at a time", "memory"}, Weight: 2},
			{Text: "a generator can be iterated only once", Terms: []string{"only once|once|exhausted"}, Weight: 1},
			{Text: "yield suspends and keeps local state", Terms: []string{"suspends|pauses", "local state|state"}, Weight: 1},
		}}
	full := score(t, s, q, "It produces values lazily, so memory stays constant even for huge files; at each yield it suspends and keeps its local state; and it is exhausted after one pass, so it works only once.")
	terse := score(t, s, q, "Lazy -> constant memory. yield suspends, keeps local state. Only once.")
	missedHeavy := score(t, s, q, "At each yield it suspends and keeps its local state, and it can be iterated only once; a generator is a great tool with a very elegant syntax that reads like the model answer.")
	missedLight := score(t, s, q, "It produces values lazily, one at a time, so memory stays constant for large files; it suspends at each yield and keeps its local state.")

	if full.Score < 85 || terse.Score < 85 {
		t.Errorf("every point covered scores %d (prose) and %d (terse); want at least 85: %q %q", full.Score, terse.Score, full.Feedback, terse.Feedback)
	}
	if full.Score < terse.Score {
		t.Errorf("closer to the model answer scores %d < %d: similarity should break the tie upwards", full.Score, terse.Score)
	}
	if missedHeavy.Score >= 100 || missedHeavy.Score > 50+5 {
		t.Errorf("a missed weight-2 point scores %d; want at most its share below 100 and far from full marks", missedHeavy.Score)
	}
	if missedLight.Score >= 100 || missedLight.Score > missedHeavy.Score+40 && missedLight.Score > 85 {
		t.Errorf("a missed weight-1 point scores %d; want under 100 and under 85", missedLight.Score)
	}
	wantShares := []string{"Covered (50%): values are produced lazily, so memory stays constant.", "Covered (25%): a generator can be iterated only once.", "Covered (25%): yield suspends and keeps local state."}
	if !slices.Equal(full.Feedback[:3], wantShares) {
		t.Errorf("feedback %q; want %q", full.Feedback, wantShares)
	}
	if got := missedHeavy.Feedback[0]; got != "Missed (50%): values are produced lazily, so memory stays constant." {
		t.Errorf("feedback %q", got)
	}
}

func TestTerseCodeListsAndSalad(t *testing.T) {
	bank, s := bankScorer(t)
	q := bank.Question("orm.n-plus-one")
	prose := score(t, s, q, "The N+1 problem is looping over rows and touching a relation, which runs one extra query per row. select_related fixes ForeignKey and OneToOne relations with a SQL JOIN; prefetch_related runs a separate query for ManyToMany and reverse relations and joins them in Python. You catch it with assertNumQueries or the debug toolbar.")
	terse := score(t, s, q, "N+1: 1 query + 1 per row when touching a relation. select_related -> JOIN, FK/OneToOne. prefetch_related -> separate IN query, M2M/reverse FK, joined in Python. Catch: assertNumQueries, debug toolbar.")
	list := score(t, s, q, "N+1, select_related, JOIN, prefetch_related, ForeignKey, ManyToMany, in Python, assertNumQueries, debug toolbar")
	heap := score(t, s, q, "N+1 select_related JOIN prefetch_related IN ForeignKey ManyToMany debug toolbar assertNumQueries")
	salad := score(t, s, q, "The N+1 paradigm is fundamentally about holistic query orchestration. By synergistically leveraging select_related and prefetch_related, one can seamlessly optimize JOIN-centric and IN-based retrieval across ForeignKey, OneToOne, ManyToMany and reverse topologies, while the debug toolbar and assertNumQueries empower robust, end-to-end observability.")

	if d := prose.Score - terse.Score; d > 10 || d < -10 {
		t.Errorf("terse %d vs prose %d; want within 10 (%q)", terse.Score, prose.Score, terse.Feedback)
	}
	if slices.Contains(terse.Flags, "stuffing") {
		t.Errorf("a telegraphic answer is flagged as stuffing: %v", terse.Flags)
	}
	for name, res := range map[string]interview.Result{"list": list, "heap": heap} {
		if res.Score > 30 || !slices.Contains(res.Flags, "stuffing") {
			t.Errorf("%s of terms scores %d, flags %v; want at most 30 and stuffing", name, res.Score, res.Flags)
		}
	}
	if salad.Score > 30 || !slices.Contains(salad.Flags, "salad") {
		t.Errorf("salad scores %d, flags %v; want at most 30 and salad (%q)", salad.Score, salad.Flags, salad.Feedback)
	}

	code := score(t, s, bank.Question("python.decorator-forwarding"), "```python\nimport functools\n\ndef retry(times=3):\n    def decorator(func):\n        @functools.wraps(func)\n        def wrapper(*args, **kwargs):\n            for attempt in range(times):\n                try:\n                    return func(*args, **kwargs)\n                except ConnectionError:\n                    if attempt == times - 1:\n                        raise\n        return wrapper\n    return decorator\n```")
	if code.Score < 60 || slices.Contains(code.Flags, "stuffing") {
		t.Errorf("a correct code-only answer scores %d, flags %v; want at least 60 (%q)", code.Score, code.Flags, code.Feedback)
	}
}

func TestCodeTokens(t *testing.T) {
	bank, s := bankScorer(t)
	clean := &questions.Question{ID: "t.clean", Level: 2, Prompt: "Where does a single-field check go in a Django form?",
		Reference: "In clean_<field>(), which returns the cleaned value.",
		KeyPoints: []questions.KeyPoint{{Text: "clean_<field>() for one field", Terms: []string{"clean_<field>"}, Weight: 1}}}
	for _, a := range []string{"def clean_end_date(self): return self.cleaned_data['end_date']", "In clean_<field>(), for example clean_email.", "Put it in a clean_<fieldname>() method."} {
		if res := score(t, s, clean, a); !containsLine(res.Feedback, "Covered", "clean_<field>() for one field") {
			t.Errorf("%q: %q", a, res.Feedback)
		}
	}
	if res := score(t, s, clean, "Put it in clean() with the others."); containsLine(res.Feedback, "Covered", "clean_<field>() for one field") {
		t.Errorf("clean() covers clean_<field>: %q", res.Feedback)
	}
	q := bank.Question("orm.q-objects")
	res := score(t, s, q, "Order.objects.filter(Q(status='paid') | Q(total__gte=100), ~Q(customer__is_test=True))")
	if !containsLine(res.Feedback, "Covered", q.KeyPoints[1].Text) {
		t.Errorf("the operators in code do not cover %q: %q", q.KeyPoints[1].Text, res.Feedback)
	}
}

func TestOtherLanguageIsToldWhy(t *testing.T) {
	bank, s := bankScorer(t)
	q := bank.Question("api.auth-status-codes")
	tests := []struct{ answer, lang string }{
		{"401 означает, что клиент не аутентифицирован: нет токена или он недействителен. 403 — пользователь известен, но у него нет прав.", "Russian"},
		{"401 significa que el cliente no está autenticado: falta el token o no es válido. 403 significa que el usuario es conocido pero no tiene permiso para la acción.", "Spanish"},
		{"401 bedeutet, dass der Client nicht authentifiziert ist und das Token fehlt. 403 bedeutet, dass der Benutzer bekannt ist, aber keine Berechtigung für die Aktion hat.", "German"},
		{"401 表示客户端未经身份验证，403 表示用户已知但没有权限。", "Chinese"},
	}
	for _, tc := range tests {
		res := score(t, s, q, tc.answer)
		if res.Score != 0 || !slices.Contains(res.Flags, "wrong-language") {
			t.Errorf("%.30q: score %d flags %v; want 0 and wrong-language", tc.answer, res.Score, res.Flags)
		}
		if len(res.Feedback) != 1 || !strings.Contains(res.Feedback[0], "Not graded") || !strings.Contains(res.Feedback[0], tc.lang) || !strings.Contains(res.Feedback[0], "English") {
			t.Errorf("feedback %q; want it to say the answer in %s was not graded and to answer in English", res.Feedback, tc.lang)
		}
	}
	// English with code and foreign names stays English.
	if res := score(t, s, q, "401 means not authenticated, e.g. a missing Bearer token with WWW-Authenticate; 403 means the user, say José, lacks permission."); slices.Contains(res.Flags, "wrong-language") {
		t.Errorf("English answer flagged wrong-language: %q", res.Feedback)
	}
}
