// Package interview is the mock-interview engine: plans, the session state machine,
// scoring against a question's rubric, and reports. Front ends (the terminal and the
// Slack bot) drive the same Engine; persistence and scoring back ends plug in through
// the small interfaces declared here.
//
// It imports no Slack, SQL or HTTP package.
package interview

import (
	"errors"
	"fmt"
)

// Error codes.
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EINTERNAL  = "internal"
	// EUNAVAILABLE: the database could not take a write just now (a full disk, a
	// read-only file, a lock held too long); the person should send it again soon.
	EUNAVAILABLE = "unavailable"
)

// UnavailableMessage is what a person is told when their message could not be saved.
const UnavailableMessage = "I could not save that; please send it again in a minute."

// Error is an application error: Message is a full sentence that is safe to show a
// person in Slack or the terminal.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("interview error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error, EINTERNAL for any other error,
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of an application error, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side; please try again."
}
