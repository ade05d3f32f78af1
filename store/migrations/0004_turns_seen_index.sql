-- Every answer asks which bank questions the candidate met before (SeenQuestions).
-- Without this index that read visits each of the candidate's past turns, a row of
-- about 2 KB each (answer, prompt, feedback); with it the read stays in the index.
CREATE INDEX turns_session_kind_question ON turns (session_id, kind, question_id);
