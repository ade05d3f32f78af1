package interview_test

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// memStore is an in-memory SessionStore for engine tests.
type memStore struct {
	mu       sync.Mutex
	users    []interview.User
	sessions map[int64]*interview.Session
	turns    map[int64][]*interview.Turn
	projects map[int64][]*interview.Project
}

func newMemStore() *memStore {
	return &memStore{sessions: map[int64]*interview.Session{}, turns: map[int64][]*interview.Turn{}, projects: map[int64][]*interview.Project{}}
}

func (m *memStore) EnsureUser(_ context.Context, u interview.User) (interview.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.users {
		if x.Source == u.Source && x.TeamID == u.TeamID && x.ExternalID == u.ExternalID {
			return x, nil
		}
	}
	u.ID = int64(len(m.users) + 1)
	m.users = append(m.users, u)
	return u, nil
}

func (m *memStore) CreateSession(_ context.Context, s *interview.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s.ID = int64(len(m.sessions) + 1)
	c := *s
	m.sessions[s.ID] = &c
	return nil
}

func (m *memStore) Session(_ context.Context, id int64) (*interview.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	if !ok {
		return nil, interview.Errorf(interview.ENOTFOUND, "not found")
	}
	c := *s
	return &c, nil
}

func (m *memStore) ActiveSession(_ context.Context, userID int64) (*interview.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var best *interview.Session
	for _, s := range m.sessions {
		if s.UserID == userID && s.Status == interview.StatusActive && (best == nil || s.ID > best.ID) {
			best = s
		}
	}
	if best == nil {
		return nil, interview.Errorf(interview.ENOTFOUND, "not found")
	}
	c := *best
	return &c, nil
}

func (m *memStore) SaveSession(_ context.Context, s *interview.Session, t *interview.Turn) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur := m.sessions[s.ID]
	if cur.Version != s.Version {
		return interview.Errorf(interview.ECONFLICT, "conflict")
	}
	s.Version++
	c := *s
	c.State.Asked = slices.Clone(s.State.Asked)
	if s.State.Pending != nil {
		p := *s.State.Pending
		c.State.Pending = &p
	}
	m.sessions[s.ID] = &c
	if t != nil {
		m.turns[s.ID] = append(m.turns[s.ID], t)
	}
	return nil
}

func (m *memStore) Turns(_ context.Context, id int64) ([]*interview.Turn, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.turns[id]), nil
}

func (m *memStore) SeenQuestions(_ context.Context, userID int64) (map[string]bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := map[string]bool{}
	for id, s := range m.sessions {
		if s.UserID != userID {
			continue
		}
		for _, t := range m.turns[id] {
			if t.Kind == interview.KindBank {
				seen[t.QuestionID] = true
			}
		}
	}
	return seen, nil
}

func (m *memStore) Projects(_ context.Context, userID int64) ([]*interview.Project, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.projects[userID], nil
}

// fakeScorer grades by rule so the graph-walk tests do not depend on how the real
// scorer is tuned: the model answer scores 90, "I don't know" or "no idea" 0, and
// anything else 50, with every key point covered or missed to match.
var fakeScorer = interview.ScorerFunc(func(_ context.Context, q *questions.Question, answer string) (interview.Result, error) {
	r := interview.Result{Scorer: interview.ScorerKeyword}
	lower := strings.ToLower(answer)
	switch {
	case answer == q.Reference:
		r.Score = 90
	case strings.Contains(lower, "don't know") || strings.Contains(lower, "no idea"):
		r.Score = 0
	default:
		r.Score = 50
	}
	for _, kp := range q.KeyPoints {
		if r.Score >= 70 {
			r.Matched = append(r.Matched, kp.Text)
		} else {
			r.Missed = append(r.Missed, kp.Text)
		}
	}
	return r, nil
})
