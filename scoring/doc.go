// Package scoring grades free-text answers against a question's rubric without a
// network: the keyword scorer (its tokenizer, stemmer and calibration against human
// grades in testdata/eval.jsonl) and the prompt-injection guard that the keyword and
// LLM graders share. It implements interview.Scorer; cmd wires it into the engine, so
// the engine's own tests run on fakes and retuning the scorer cannot break them.
package scoring
