package main

import (
	"fmt"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/questions"
)

// loadBank returns the embedded bank with QUESTIONS_DIR (or -questions) laid over it.
func loadBank(dir string) (*questions.Bank, error) {
	if dir == "" {
		return questions.Load()
	}
	return questions.Load(dir)
}

// fail prints an error for a person: application errors as their message, others
// with their detail (the terminal user is the operator).
func fail(io IO, cmd string, err error) int {
	if interview.ErrorCode(err) == interview.EINTERNAL {
		fmt.Fprintf(io.Err, "mockinterview %s: %v\n", cmd, err)
	} else {
		fmt.Fprintf(io.Err, "mockinterview %s: %s\n", cmd, interview.ErrorMessage(err))
	}
	return 1
}
