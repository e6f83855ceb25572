package dev.verifykit.mock.internal.dock;

/** What a create gets: a new {@link Creation}, or the replay of the first one for its key, and the key's limits now. */
record CreateResult(Creation creation, boolean replayed, Limits limits) {
}
