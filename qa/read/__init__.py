"""The reader: a model that reads a question and a passage and marks the answer phrase in it, or says that the
passage does not answer it."""
