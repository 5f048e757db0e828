// A SIGBUS handler for files mapped into memory. Everything the handler touches is written before
// a slot is published and read with atomic loads; it calls only async-signal-safe functions
// (write, _exit, sigaction, raise).
#define _GNU_SOURCE
#include "concur_signals.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

enum { slot_count = 16, path_capacity = 4096 };

struct watched_mapping {
    atomic_int state;  // 0 free, 1 being filled or emptied, 2 watched
    const char *start;
    size_t length;
    char path[path_capacity];
};

static struct watched_mapping mappings[slot_count];
static pthread_once_t handler_installed = PTHREAD_ONCE_INIT;

static void write_all(const char *text, size_t length) {
    while (length > 0) {
        ssize_t written = write(STDERR_FILENO, text, length);
        if (written <= 0) return;
        text += written;
        length -= (size_t)written;
    }
}

static void on_bus_error(int number, siginfo_t *info, void *context) {
    (void)context;
    const char *address = (const char *)info->si_addr;
    for (int index = 0; index < slot_count; index++) {
        struct watched_mapping *mapping = &mappings[index];
        if (atomic_load(&mapping->state) != 2) continue;
        if (address < mapping->start || address >= mapping->start + mapping->length) continue;
        static const char before[] = "concur: ";
        static const char after[] =
            ": the file became shorter on disk while concur was reading it; nothing was written. "
            "Run concur again once the file is saved.\n";
        write_all(before, sizeof before - 1);
        write_all(mapping->path, strlen(mapping->path));
        write_all(after, sizeof after - 1);
        _exit(2);
    }
    // Not one of ours: the default action, as if there were no handler.
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigaction(number, &fallback, NULL);
    raise(number);
}

static void install_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, NULL);
}

int concur_watch_mapping(const void *start, size_t length, const char *path) {
    pthread_once(&handler_installed, install_handler);
    for (int index = 0; index < slot_count; index++) {
        struct watched_mapping *mapping = &mappings[index];
        int expected = 0;
        if (!atomic_compare_exchange_strong(&mapping->state, &expected, 1)) continue;
        mapping->start = (const char *)start;
        mapping->length = length;
        size_t copied = strlen(path);
        if (copied >= path_capacity) copied = path_capacity - 1;
        memcpy(mapping->path, path, copied);
        mapping->path[copied] = 0;
        atomic_store(&mapping->state, 2);
        return index;
    }
    return -1;
}

void concur_unwatch_mapping(int slot) {
    if (slot < 0 || slot >= slot_count) return;
    atomic_store(&mappings[slot].state, 1);
    atomic_store(&mappings[slot].state, 0);
}
