package main

import "flag"

// The flags several subcommands share are defined once, like the LLM flags
// (addLLMFlags), so their names, defaults and help read the same everywhere.

// addDBFlag adds -db, the SQLite file (env DATABASE_PATH).
func addDBFlag(fs *flag.FlagSet, get Env, help string) *string {
	return fs.String("db", envOr(get, "DATABASE_PATH", "mockinterview.db"), help+" (env DATABASE_PATH)")
}

// addQuestionsFlag adds -questions, the YAML stages laid over the embedded bank.
func addQuestionsFlag(fs *flag.FlagSet, get Env) *string {
	return fs.String("questions", envOr(get, "QUESTIONS_DIR", ""), "directory of YAML stages laid over the embedded bank (env QUESTIONS_DIR)")
}
