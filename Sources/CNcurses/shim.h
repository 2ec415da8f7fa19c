#ifndef ROLLWATCH_CNCURSES_SHIM_H
#define ROLLWATCH_CNCURSES_SHIM_H

/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so the wide-character API would
   vanish; define what ncursesw needs before the include. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <ncursesw/curses.h>

/* Swift 6 rejects direct use of ncurses' mutable globals, and macros such as
   getmaxyx and A_BOLD do not import: reach them through functions. */
static inline WINDOW *rw_stdscr(void) { return stdscr; }
static inline int rw_lines(void) { return LINES; }
static inline int rw_cols(void) { return COLS; }
static inline int rw_colors(void) { return COLORS; }
static inline int rw_color_pairs(void) { return COLOR_PAIRS; }
static inline void rw_getmaxyx(WINDOW *win, int *rows, int *cols) { getmaxyx(win, *rows, *cols); }
static inline attr_t rw_a_bold(void) { return A_BOLD; }
static inline attr_t rw_a_dim(void) { return A_DIM; }
static inline attr_t rw_a_reverse(void) { return A_REVERSE; }
static inline attr_t rw_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rw_a_normal(void) { return A_NORMAL; }
static inline attr_t rw_color_pair(int n) { return COLOR_PAIR(n); }
static inline int rw_key_resize(void) { return KEY_RESIZE; }
/* newterm on the process's stdout/stdin (C globals Swift 6 will not touch);
   NULL, instead of initscr's exit, when the terminal type is unusable. */
static inline SCREEN *rw_newterm(void) { return newterm(NULL, stdout, stdin); }
/* newterm writing to `fd` (a memory file the caller reads back) and reading keys
   from stdin. The FILE is unbuffered so nothing ncurses writes waits in stdio;
   ncurses itself writes its buffer with write(2) on the descriptor. NULL when the
   terminal type is unusable. */
static inline SCREEN *rw_newterm_on(int fd) {
    FILE *output = fdopen(fd, "w");
    if (output == NULL) return NULL;
    setvbuf(output, NULL, _IONBF, 0);
    return newterm(NULL, output, stdin);
}
/* A terminfo string capability, or "" when the terminal has none. */
static inline const char *rw_terminfo_string(const char *name) {
    char *value = tigetstr(name);
    return (value == NULL || value == (char *)-1) ? "" : value;
}

#endif
