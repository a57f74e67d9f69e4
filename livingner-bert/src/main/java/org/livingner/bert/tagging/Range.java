package org.livingner.bert.tagging;

/** Indexes {@code [from, to)} of a list: a batch of model inputs, or the words a window reads. */
record Range(int from, int to) {
}
