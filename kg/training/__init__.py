"""Training and evaluation of the NER: corpus readers, token alignment, training the vote, scoring."""
