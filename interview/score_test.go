package interview_test

import (
	"testing"

	"github.com/mockinterview/mockinterview/interview"
)

func TestFeedbackKind(t *testing.T) {
	tests := []struct{ sentence, want string }{
		// the keyword scorer's sentences, with each point's share
		{"Covered (40%): 401 means not authenticated.", interview.FeedbackCovered},
		{"Partly covered (20%): the first class in the MRO wins.", interview.FeedbackPartial},
		{"Named, not explained (33%): on_delete options: CASCADE, PROTECT, SET_NULL.", interview.FeedbackPartial},
		{"Missed (100%): queryset evaluation runs the query.", interview.FeedbackMissed},
		{"Stated the opposite (17%): a session is not thread-safe.", interview.FeedbackOpposite},
		{"Swapped (40%): PUT replaces the whole resource.", interview.FeedbackOpposite},
		{"Contradicted (40%): 401 means not authenticated.", interview.FeedbackOpposite},
		{"Careful: 401 means not authenticated; 403 means authenticated but not allowed.", interview.FeedbackMisconception},
		// the LLM grader's and older sentences, without shares
		{"Covered: keyword — because covered.", interview.FeedbackCovered},
		{"Partly covered: x.", interview.FeedbackPartial},
		{"Missed: x — not mentioned.", interview.FeedbackMissed},
		{"Stated the opposite of: tuples are immutable.", interview.FeedbackOpposite},
		// other sentences
		{"1 hint(s) used: 20% off.", ""},
		{"Not graded: this answer seems to be in Russian, and answers are graded in English. Answer in English to get a score.", ""},
		{"Covered everything? Not quite.", ""},
		{"Covered (a long aside that is not a share): x.", ""},
		{"Missed", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := interview.FeedbackKind(tc.sentence); got != tc.want {
			t.Errorf("FeedbackKind(%q) = %q; want %q", tc.sentence, got, tc.want)
		}
	}
}
