"""`qa eval`: score the pipeline on a question set (ours, SQuAD v1.1 or BEIR) against plain dense and BM25."""
