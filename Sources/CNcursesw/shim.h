// The parts of ncursesw that concur uses, wrapped where Swift cannot reach them directly:
// globals such as stdscr (not concurrency-safe in Swift 6) and attribute macros.
#ifndef CONCUR_NCURSES_SHIM_H
#define CONCUR_NCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <signal.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/// Starts curses on the terminal TERM names, as initscr() does, but returns 0 instead of printing
/// ncurses' own message and exiting when no terminal description (terminfo) is found for it.
static inline int concur_start_screen(void) { return newterm(NULL, stdout, stdin) != NULL; }

static inline WINDOW *concur_stdscr(void) { return stdscr; }
static inline int concur_lines(void) { return LINES; }
static inline int concur_columns(void) { return COLS; }
static inline int concur_colors(void) { return COLORS; }
static inline int concur_color_pairs(void) { return COLOR_PAIRS; }
static inline int concur_key_resize(void) { return KEY_RESIZE; }
static inline int concur_key_code_yes(void) { return KEY_CODE_YES; }

static inline attr_t concur_attr_normal(void) { return A_NORMAL; }
static inline attr_t concur_attr_bold(void) { return A_BOLD; }
static inline attr_t concur_attr_dim(void) { return A_DIM; }
static inline attr_t concur_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t concur_attr_reverse(void) { return A_REVERSE; }
static inline attr_t concur_attr_italic(void) { return A_ITALIC; }

/// Draws `count` wide characters at a position with attributes and a colour pair.
static inline int concur_draw(int row, int column, const wchar_t *text, int count, attr_t attributes, short pair) {
    attr_set(attributes, pair, NULL);
    return mvaddnwstr(row, column, text, count);
}

/// Reads one key: returns OK with a character, KEY_CODE_YES with a function key, or ERR.
static inline int concur_read_key(wint_t *key) { return get_wch(key); }

// A signal that asks concur to leave (SIGTERM, SIGHUP, SIGINT): recorded here, handled by the
// main loop, which restores the terminal first.
static volatile sig_atomic_t concur_pending_signal = 0;

static inline void concur_note_signal(int number) { concur_pending_signal = number; }

/// A fatal signal while the screen is in curses mode: give the terminal back, then die as usual.
static inline void concur_restore_and_reraise(int number) {
    endwin();
    signal(number, SIG_DFL);
    raise(number);
}

static inline void concur_install_signal_handlers(void) {
    signal(SIGTERM, concur_note_signal);
    signal(SIGHUP, concur_note_signal);
    signal(SIGINT, concur_note_signal);
    signal(SIGSEGV, concur_restore_and_reraise);
    signal(SIGBUS, concur_restore_and_reraise);
    signal(SIGILL, concur_restore_and_reraise);
    signal(SIGTRAP, concur_restore_and_reraise);
    signal(SIGABRT, concur_restore_and_reraise);
}

static inline int concur_take_pending_signal(void) {
    int number = concur_pending_signal;
    concur_pending_signal = 0;
    return number;
}

#endif
