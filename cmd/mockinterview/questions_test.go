package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/internal/testutil"
)

// rubricStage is a stage that uses every rubric field the scorer reads.
const rubricStage = `stage: rubric
title: Rubric fields
order: 50
questions:
  - id: rubric.auth-codes
    level: 2
    aliases: [rubric.old-auth]
    prompt: When should an API return 401, and when 403?
    code: |
      if not request.user.is_authenticated:
          return Response(status=401)
    reference: |
      401 means the caller is not authenticated: the credentials are missing or invalid.
      403 means the caller is known but lacks permission.
    key_points:
      - text: 401 means not authenticated
        terms: ["401", "not authenticated|unauthenticated|missing credentials"]
        scope: sentence
        weight: 2
      - text: 403 means authenticated but not allowed
        terms: ["403", "lacks permission|not allowed|forbidden"]
        scope: clause
        ordered: true
        weight: 2
    misconceptions:
      - text: 401 means the user lacks permission
        terms: ["401", "forbidden|lacks permission|not allowed"]
        scope: clause
        correction: 401 means not authenticated; 403 means authenticated but not allowed.
        contradicts: [1]
`

func TestQuestionsListShowsRubricFields(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteFile(t, filepath.Join(dir, "rubric.yaml"), rubricStage)
	out, errOut, code := runCmd(t, "", "questions", "list", "-format", "json", "-topic", "rubric", "-questions", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var qs []map[string]any
	if err := json.Unmarshal([]byte(out), &qs); err != nil || len(qs) != 1 {
		t.Fatalf("list json: %v, %d questions:\n%s", err, len(qs), out)
	}
	q := qs[0]
	if !strings.Contains(q["code"].(string), "status=401") {
		t.Errorf("code = %q", q["code"])
	}
	if a := q["aliases"].([]any); len(a) != 1 || a[0] != "rubric.old-auth" {
		t.Errorf("aliases = %v", q["aliases"])
	}
	kps := q["key_points"].([]any)
	kp1, kp2 := kps[0].(map[string]any), kps[1].(map[string]any)
	if kp1["scope"] != "sentence" || kp1["ordered"] != nil || kp2["scope"] != "clause" || kp2["ordered"] != true {
		t.Errorf("key point relations: %v %v", kp1, kp2)
	}
	ms := q["misconceptions"].([]any)
	if len(ms) != 1 {
		t.Fatalf("misconceptions = %v", q["misconceptions"])
	}
	m := ms[0].(map[string]any)
	if m["text"] != "401 means the user lacks permission" || m["scope"] != "clause" || !strings.HasPrefix(m["correction"].(string), "401 means not authenticated") {
		t.Errorf("misconception = %v", m)
	}
	if c := m["contradicts"].([]any); len(c) != 1 || c[0] != float64(1) {
		t.Errorf("contradicts = %v", m["contradicts"])
	}
	// A question without any of them still has the keys, as empty values.
	out, _, _ = runCmd(t, "", "questions", "list", "-format", "json", "-topic", "oop")
	var oop []map[string]any
	if err := json.Unmarshal([]byte(out), &oop); err != nil || len(oop) == 0 {
		t.Fatalf("oop list: %v", err)
	}
	for _, key := range []string{"code", "aliases", "misconceptions"} {
		if _, ok := oop[0][key]; !ok {
			t.Errorf("%s missing from %v", key, oop[0])
		}
	}
}

func TestGradeReportsMisconceptions(t *testing.T) {
	dir := t.TempDir()
	testutil.WriteFile(t, filepath.Join(dir, "rubric.yaml"), rubricStage)
	in := mustJSON(map[string]any{"id": 1, "question_id": "rubric.auth-codes", "answer": "401 means the user is forbidden, and 403 means missing credentials."}) + "\n" +
		mustJSON(map[string]any{"id": 2, "question_id": "rubric.auth-codes", "answer": "401 means not authenticated, the credentials are missing; 403 means the user is known but not allowed."}) + "\n"
	out, errOut, code := runCmd(t, in, "grade", "-questions", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []struct {
		ID             int      `json:"id"`
		Score          int      `json:"score"`
		Misconceptions []string `json:"misconceptions"`
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct {
			ID             int      `json:"id"`
			Score          int      `json:"score"`
			Misconceptions []string `json:"misconceptions"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil || r.Misconceptions == nil {
			t.Fatalf("line %q: %v (misconceptions must be a list)", l, err)
		}
		rows = append(rows, r)
	}
	if len(rows) != 2 || !slices.Equal(rows[0].Misconceptions, []string{"401 means the user lacks permission"}) || rows[0].Score >= 50 {
		t.Errorf("wrong answer: %+v", rows)
	}
	if len(rows[1].Misconceptions) != 0 || rows[1].Score < 85 {
		t.Errorf("right answer: %+v", rows[1])
	}
}
