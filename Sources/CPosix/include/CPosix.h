#ifndef ROLLWATCH_CPOSIX_H
#define ROLLWATCH_CPOSIX_H

#include <spawn.h>
#include <signal.h>

/* The process environment, for posix_spawn: Swift 6 rejects reading the mutable
   C global `environ` directly. */
char **rw_environ(void);

/* Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGQUIT that write the
   signal number to `fd` (a non-blocking pipe), so one poll loop sees signals as
   ordinary input and nothing else runs inside a signal handler. SIGPIPE is
   ignored so a closed kubectl pipe is an error return, not a death. */
void rw_install_signal_pipe(int fd);

/* Installs a SIGCHLD handler (SA_RESTART | SA_NOCLDSTOP: ends only, not stops)
   that writes the signal number to `fd` (a non-blocking pipe of its own, apart
   from the one above, which each SignalSource replaces), so the run loop reaps
   children when one ends instead of waiting for them. */
void rw_install_child_signal_pipe(int fd);

/* Also forward `signo` (e.g. SIGWINCH) through the signal pipe; call after
   rw_install_signal_pipe, and after initscr so ncurses' own handler is replaced. */
void rw_forward_signal(int signo);

/* The terminal size of `fd` (TIOCGWINSZ); 0 on success. */
int rw_terminal_size(int fd, int *rows, int *cols);

/* Creates `path` for a recording: mode 0600, never through a symbolic link, and
   never over an existing file unless `replace` (then a regular file is unlinked
   first, so the new file is a fresh inode with fresh permissions). Returns the
   descriptor, or -errno (-EEXIST when it exists, -ELOOP for a symlink). */
int rw_create_private_file(const char *path, int replace);

/* The crash path of the terminal view. rw_save_terminal_modes() keeps the
   shell's tty modes (call before curses starts); rw_install_crash_restore(bytes, fd)
   then makes SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT and SIGTRAP (a Swift
   runtime trap) restore those modes and write `bytes` (the terminal's own
   leave-alternate-screen, show-cursor and reset sequences) to `fd` with async-
   signal-safe calls only, before dying of the signal as before. `fd` is the
   view's non-blocking descriptor of the tty: one write, dropped if the tty is
   full, never a wait on a stalled or slow link. */
void rw_save_terminal_modes(int fd);
void rw_install_crash_restore(const char *bytes, int fd);
/* The same restore, from normal code (an error path that never reached endwin). */
void rw_crash_restore_now(void);
/* Once the view has ended: the crash path restores modes only (the descriptor
   it wrote to is about to be closed, and its number may be reused). */
void rw_disarm_crash_reset(void);
/* The crash path's other duty: children. rw_note_child_started(pid) and
   rw_note_child_ended(pid) keep the table of running children (each the leader
   of its own process group); rw_install_crash_child_cleanup() makes the fatal
   signals above send SIGTERM to each of those groups before dying (the terminal
   view's rw_install_crash_restore does it too), so a crash leaves no kubectl
   (a `kubectl proxy` would otherwise serve on, reparented to init). */
void rw_note_child_started(int pid);
void rw_note_child_ended(int pid);
void rw_install_crash_child_cleanup(void);
/* Only the shell's tty modes, without the reset bytes (the view's own ending has
   sent those through its non-blocking link). */
void rw_restore_terminal_modes(void);

/* The view's tty modes on `fd`, set here because ncurses writes its frames to a
   memory file, not the tty, and its own cbreak()/noecho() would change that
   file's (nonexistent) modes: no line buffering, no echo, signals kept (^C is
   SIGINT, as under cbreak). The shell's modes come back through
   rw_crash_restore_now(). Returns 0, or -errno. */
int rw_enter_view_modes(int fd);

/* A memory file (memfd, O_APPEND, close-on-exec) that ncurses writes its frames
   into: a write to it never blocks, whatever the tty does. -errno on failure. */
int rw_memory_file(const char *name);

/* The same terminal as `fd`, opened again: a new open file description, so
   O_NONBLOCK set on it leaves the shell's stdin and stdout blocking. -errno on failure. */
int rw_reopen_terminal_nonblocking(int fd);

/* Bytes the C heap holds for the program right now (mallinfo2: in-use small
   blocks plus mmapped ones), for the benchmarks' memory figures. */
unsigned long rw_heap_in_use(void);

/* Gives the pages malloc holds free back to the kernel (malloc_trim): after a
   list of 10,000 pods is ingested, its parse tree's memory is free but would
   otherwise stay in the process's RSS for the whole session. */
void rw_release_free_memory(void);

#endif
