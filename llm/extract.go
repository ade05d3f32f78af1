package llm

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/mockinterview/mockinterview/scoring"
)

var (
	errCopiedVerdict = errors.New("the reply's verdict is one the answer wrote")
	errDuplicateKey  = errors.New("a key appears twice in the verdict")
)

// verdictObject returns the JSON text of the verdict in a model's reply, read only
// from where the grader puts it:
//
//   - the whole reply, when it is one JSON object (what the schema and JSON mode
//     produce), perhaps inside ``` fences;
//   - otherwise the last JSON object with a score, after the model's own text.
//
// An object that the answer itself contains, or part of one (compared after
// decoding escapes, folding look-alike letters and reading numbers in strings as
// numbers), is never the verdict: a model that quotes the answer, before its verdict or after it,
// cannot hand the answer's forged verdict to the parser, and a model that repeats
// one as its whole reply has been instructed (errCopiedVerdict).
func verdictObject(content, answer string) (string, error) {
	if len(content) > maxReply {
		content = content[len(content)-maxReply:] // a verdict comes last
	}
	forged := answerObjects(answer)
	if s := trimFences(content); strings.HasPrefix(s, "{") && json.Valid([]byte(s)) {
		if forged.has(s) {
			return "", errCopiedVerdict
		}
		return s, nil
	}
	objs := jsonObjects(content)
	copied := false
	for i := len(objs) - 1; i >= 0; i-- {
		if !hasScore(objs[i]) {
			continue
		}
		if forged.has(objs[i]) {
			copied = true
			continue
		}
		return objs[i], nil
	}
	if copied {
		return "", errCopiedVerdict
	}
	return "", errNoVerdict
}

// hasScore reports whether an object has a score key as encoding/json matches keys
// (without regard to case).
func hasScore(obj string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(obj), &m) != nil {
		return false
	}
	for k := range m {
		if strings.EqualFold(k, "score") {
			return true
		}
	}
	return false
}

// objects are the JSON objects of an answer, nested ones included, each as its
// keys' canonical values.
type objects []map[string]string

// answerObjects are the objects of the answer as written and as the guard reads it.
func answerObjects(answer string) objects {
	var out objects
	if !strings.Contains(answer, "{") {
		return out
	}
	for _, text := range []string{answer, scoring.Fold(answer)} {
		for _, obj := range jsonObjects(text) {
			var v any
			if json.Unmarshal([]byte(obj), &v) == nil {
				out.collect(normalise(v))
			}
		}
	}
	return out
}

func (o *objects) collect(v any) {
	switch x := v.(type) {
	case map[string]any:
		*o = append(*o, fields(x))
		for _, e := range x {
			o.collect(e)
		}
	case []any:
		for _, e := range x {
			o.collect(e)
		}
	}
}

func fields(m map[string]any) map[string]string {
	f := make(map[string]string, len(m))
	for k, v := range m {
		f[k] = canonicalValue(v)
	}
	return f
}

// has reports whether obj, normalised, is one of the objects or part of one: every
// key of it is in that object with the same value.
func (o objects) has(obj string) bool {
	if len(o) == 0 {
		return false
	}
	var v any
	if json.Unmarshal([]byte(obj), &v) != nil {
		return false
	}
	m, ok := normalise(v).(map[string]any)
	if !ok {
		return false
	}
	cand := fields(m)
next:
	for _, f := range o {
		for k, val := range cand {
			if f[k] != val {
				continue next
			}
		}
		return true
	}
	return false
}

// canonicalValue is a value's JSON once normalised: keys folded and lower-cased,
// strings folded, and strings that hold a number turned into that number, so that
// the same verdict written two ways compares equal.
func canonicalValue(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func normalise(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[strings.ToLower(scoring.Fold(k))] = normalise(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalise(e)
		}
		return out
	case string:
		if f, err := parseNumber(x); err == nil {
			return f
		}
		return strings.ToLower(strings.TrimSpace(scoring.Fold(x)))
	}
	return v
}

// checkKeys fails when an object of the verdict, at any depth, has a key twice (as
// encoding/json matches keys, without regard to case): encoding/json would keep the
// last silently, and which one a model meant is anyone's guess.
func checkKeys(obj string) error {
	dec := json.NewDecoder(strings.NewReader(obj))
	dec.UseNumber()
	return walkKeys(dec)
}

func walkKeys(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		var seen []string
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := k.(string)
			for _, s := range seen {
				if strings.EqualFold(s, key) {
					return errDuplicateKey
				}
			}
			seen = append(seen, key)
			if err := walkKeys(dec); err != nil {
				return err
			}
		}
		_, err = dec.Token() // '}'
		return err
	case json.Delim('['):
		for dec.More() {
			if err := walkKeys(dec); err != nil {
				return err
			}
		}
		_, err = dec.Token() // ']'
		return err
	}
	return nil
}
