#ifndef CONCUR_SIGNALS_H
#define CONCUR_SIGNALS_H

#include <stddef.h>

/// Watches a file mapped into memory: if the file becomes shorter while it is mapped, reading a
/// page past its new end raises SIGBUS; the handler then names the file on standard error and
/// exits with status 2, instead of letting the process crash. Returns the watch's slot, or -1
/// when every slot is taken (the caller then reads the file instead of mapping it).
int concur_watch_mapping(const void *start, size_t length, const char *path);

/// Stops watching a mapping, before it is unmapped.
void concur_unwatch_mapping(int slot);

#endif
