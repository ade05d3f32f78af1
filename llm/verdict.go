package llm

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/mockinterview/mockinterview/scoring"
)

// Key point statuses in a verdict.
const (
	statusCovered = "covered"
	statusPartial = "partial"
	statusMissing = "missing"
)

// Bounds on the model's text that reaches the candidate.
const (
	maxReasonRunes   = 240
	maxFeedbackRunes = 800
	maxRawVerdict    = 16 << 10
	maxReply         = 64 << 10 // of a reply's text, the end is read; a verdict is far shorter
	maxObjectStarts  = 256      // braces tried as the start of an object
)

// verdict is a model's grade after checking and clamping.
type verdict struct {
	score           int
	points          map[int]pointVerdict
	feedback        string
	instructsGrader bool
}

type pointVerdict struct {
	status, reason string
}

// point returns the verdict on key point n (1-based); a point the model left out is
// missing.
func (v verdict) point(n int) pointVerdict {
	if p, ok := v.points[n]; ok {
		return p
	}
	return pointVerdict{status: statusMissing}
}

// wireVerdict is the verdict as the model writes it, read leniently: models put
// numbers in strings, write "KP2" for 2, or "partially covered" for "partial".
type wireVerdict struct {
	Score     *flexNumber `json:"score"`
	KeyPoints []struct {
		ID     flexID `json:"id"`
		Status string `json:"status"`
		Reason string `json:"reason"`
	} `json:"key_points"`
	Feedback        string   `json:"feedback"`
	InstructsGrader flexBool `json:"instructs_grader"`
}

var errNoVerdict = errors.New("no JSON object with a score in the reply")

// parseVerdict reads the verdict from where the grader put it (see verdictObject),
// never from inside the candidate's answer, and returns it checked and clamped with
// its JSON text. A score that is not a finite number, or a key written twice, makes
// the verdict unusable.
func parseVerdict(content, answer string) (verdict, string, error) {
	obj, err := verdictObject(content, answer)
	if err != nil {
		return verdict{}, "", err
	}
	if err := checkKeys(obj); err != nil {
		return verdict{}, "", err
	}
	var w wireVerdict
	if err := json.Unmarshal([]byte(obj), &w); err != nil {
		return verdict{}, "", fmt.Errorf("verdict: %w", err)
	}
	if w.Score == nil {
		return verdict{}, "", errNoVerdict
	}
	v := verdict{
		score:           clampScore(float64(*w.Score)),
		points:          map[int]pointVerdict{},
		feedback:        cleanText(w.Feedback, maxFeedbackRunes),
		instructsGrader: bool(w.InstructsGrader),
	}
	for _, kp := range w.KeyPoints {
		if kp.ID <= 0 {
			continue
		}
		if _, dup := v.points[int(kp.ID)]; dup {
			continue
		}
		v.points[int(kp.ID)] = pointVerdict{status: normalStatus(kp.Status), reason: cleanText(kp.Reason, maxReasonRunes)}
	}
	if len(obj) > maxRawVerdict {
		obj = obj[:maxRawVerdict]
	}
	return v, obj, nil
}

func clampScore(x float64) int {
	if math.IsNaN(x) {
		return 0
	}
	return int(math.Round(math.Max(0, math.Min(100, x))))
}

func normalStatus(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "partial") || strings.Contains(s, "partly") || strings.Contains(s, "partially"):
		return statusPartial
	case s == statusCovered || s == "present" || s == "yes" || s == "met" || s == "fully covered":
		return statusCovered
	default:
		return statusMissing
	}
}

// cleanText makes model text safe to show as one paragraph: control characters and
// runs of white space become one space, and it is cut at max runes.
func cleanText(s string, max int) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if n >= max {
			b.WriteString("…")
			break
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// jsonObjects returns the outermost balanced {...} spans of s that are valid JSON,
// in order. Braces inside JSON strings are skipped, so prose around an object,
// ``` fences and nested objects do not confuse it.
func jsonObjects(s string) []string {
	if len(s) > maxReply {
		s = s[:maxReply]
	}
	var out []string
	starts := 0
	for i := 0; i < len(s) && starts < maxObjectStarts; i++ {
		if s[i] != '{' {
			continue
		}
		starts++
		if j := matchBrace(s, i); j > 0 && json.Valid([]byte(s[i:j])) {
			out = append(out, s[i:j])
			i = j - 1
		}
	}
	return out
}

// matchBrace returns the index after the brace that closes the one at s[i], or -1.
func matchBrace(s string, i int) int {
	depth, inString, escaped := 0, false, false
	for j := i; j < len(s); j++ {
		c := s[j]
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// flexNumber reads a JSON number or a string holding one ("85", " 85 ", "85/100",
// "8 out of 10", "85%"), after folding the string as the guard does (escapes and
// full-width digits). Only finite numbers are read: "Infinity", "NaN" and hex are
// not scores.
type flexNumber float64

func (n *flexNumber) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err == nil {
		*n = flexNumber(f)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	f, err := parseNumber(s)
	if err != nil {
		return err
	}
	*n = flexNumber(f)
	return nil
}

var numberText = regexp.MustCompile(`^([-+]?\d{1,15}(?:\.\d{1,15})?)\s*(?:%|points?|pts)?\s*(?:(?:/|out\s+of)\s*(\d{1,15}(?:\.\d{1,15})?))?$`)

var errNotNumber = errors.New("not a number")

// parseNumber reads a score written as text; a fraction is scaled to 0–100.
func parseNumber(s string) (float64, error) {
	m := numberText.FindStringSubmatch(strings.ToLower(strings.TrimSpace(scoring.Fold(s))))
	if m == nil {
		return 0, errNotNumber
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, err
	}
	if m[2] != "" {
		d, err := strconv.ParseFloat(m[2], 64)
		if err != nil || d <= 0 {
			return 0, errNotNumber
		}
		f = f / d * 100
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, errNotNumber
	}
	return f, nil
}

// flexID reads a key point number written as 2, "2", "KP2" or "#2"; anything else
// is 0.
type flexID int

func (id *flexID) UnmarshalJSON(b []byte) error {
	var f float64
	if json.Unmarshal(b, &f) == nil {
		if f >= 1 && f <= 1000 && f == math.Trunc(f) {
			*id = flexID(f)
		}
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return r < '0' || r > '9' })
		if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
			s = s[:i]
		}
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 1000 {
			*id = flexID(n)
		}
	}
	return nil
}

// flexBool reads true, 1, "true", "yes", "1" and any other word but "false", "no",
// "0", "none" and "null" as true: a flag that asks for the keyword score had better
// err that way. null, 0 and a missing field are false.
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	var x any
	if json.Unmarshal(b, &x) != nil {
		return nil
	}
	switch x := x.(type) {
	case bool:
		*v = flexBool(x)
	case float64:
		*v = x != 0
	case string:
		switch strings.ToLower(strings.TrimSpace(scoring.Fold(x))) {
		case "", "false", "no", "n", "0", "none", "null", "f":
			*v = false
		default:
			*v = true
		}
	default:
		*v = false
	}
	return nil
}

// trimFences drops a Markdown code fence around a plain-text reply.
func trimFences(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "```") {
		return s
	}
	s = strings.TrimPrefix(s, "```")
	if i := strings.IndexByte(s, '\n'); i >= 0 && !strings.ContainsAny(s[:i], " ?") {
		s = s[i+1:] // a language tag
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "```"))
}
