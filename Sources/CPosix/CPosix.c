#define _GNU_SOURCE 1
#include <fcntl.h>
#include "CPosix.h"
#include <unistd.h>
#include <string.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <malloc.h>
#include <stdio.h>
#include <sys/mman.h>

extern char **environ;

char **rw_environ(void) { return environ; }

static int signal_fd = -1;
static int child_signal_fd = -1;

static void forward_signal(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    int fd = signo == SIGCHLD ? child_signal_fd : signal_fd;
    if (fd >= 0) { (void)!write(fd, &byte, 1); }
    errno = saved;
}

void rw_install_signal_pipe(int fd) {
    signal_fd = fd;
    rw_forward_signal(SIGINT);
    rw_forward_signal(SIGTERM);
    rw_forward_signal(SIGHUP);
    rw_forward_signal(SIGQUIT);
    signal(SIGPIPE, SIG_IGN);
}

void rw_install_child_signal_pipe(int fd) {
    child_signal_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &action, NULL);
}

void rw_forward_signal(int signo) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(signo, &action, NULL);
}

int rw_terminal_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -errno;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

int rw_create_private_file(const char *path, int replace) {
    if (replace) {
        struct stat info;
        if (lstat(path, &info) == 0) {
            if (S_ISLNK(info.st_mode)) return -ELOOP;
            if (!S_ISREG(info.st_mode)) return -EEXIST;
            if (unlink(path) != 0) return -errno;
        }
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return -errno;
    if (fchmod(fd, 0600) != 0) { int saved = errno; close(fd); return -saved; }
    return fd;
}

static struct termios saved_modes;
static int saved_modes_fd = -1;
static char reset_bytes[256];
static size_t reset_length = 0;
/* Where the crash path writes the reset bytes: the view's non-blocking descriptor
   of the tty, so a full tty (a stalled or 9600-baud link) drops them rather than
   holding the dying process; -1 once the view has ended. */
static volatile sig_atomic_t reset_fd = -1;

void rw_save_terminal_modes(int fd) {
    if (tcgetattr(fd, &saved_modes) == 0) saved_modes_fd = fd;
}

void rw_restore_terminal_modes(void) {
    if (saved_modes_fd >= 0) tcsetattr(saved_modes_fd, TCSANOW, &saved_modes);
}

void rw_crash_restore_now(void) {
    if (saved_modes_fd >= 0) tcsetattr(saved_modes_fd, TCSANOW, &saved_modes);
    if (reset_length > 0 && reset_fd >= 0) (void)!write(reset_fd, reset_bytes, reset_length);
}

void rw_disarm_crash_reset(void) {
    reset_fd = -1;
}

/* The process groups of the children still running (0 marks a free slot): what
   the crash path ends, since a crash runs no Swift code that would. Written only
   by the one thread that spawns and reaps; read by the handler. */
#define RW_CHILD_SLOTS 512
static volatile sig_atomic_t child_groups[RW_CHILD_SLOTS];

void rw_note_child_started(int pid) {
    for (int i = 0; i < RW_CHILD_SLOTS; i++) {
        if (child_groups[i] == 0) { child_groups[i] = pid; return; }
    }
}

void rw_note_child_ended(int pid) {
    for (int i = 0; i < RW_CHILD_SLOTS; i++) {
        if (child_groups[i] == pid) { child_groups[i] = 0; return; }
    }
}

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
#define RW_FATAL_COUNT (sizeof fatal_signals / sizeof fatal_signals[0])
static int fatal_handlers_installed = 0;

/* Dies of the default action, not the Swift runtime's backtracer: on a tty that
   one can wait for a key, and a crashed view must end (tried: it held the
   process until the test gave up waiting). */
static void restore_and_die(int signo) {
    for (int i = 0; i < RW_CHILD_SLOTS; i++) {
        if (child_groups[i] > 0) kill(-child_groups[i], SIGTERM);
    }
    rw_crash_restore_now();
    signal(signo, SIG_DFL);
    raise(signo);
}

static void install_fatal_handlers(void) {
    if (fatal_handlers_installed) return;
    fatal_handlers_installed = 1;
    for (unsigned i = 0; i < RW_FATAL_COUNT; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = restore_and_die;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        sigaction(fatal_signals[i], &action, NULL);
    }
}

void rw_install_crash_child_cleanup(void) {
    install_fatal_handlers();
}

void rw_install_crash_restore(const char *bytes, int fd) {
    size_t length = strlen(bytes);
    if (length >= sizeof reset_bytes) length = sizeof reset_bytes - 1;
    memcpy(reset_bytes, bytes, length);
    reset_length = length;
    reset_fd = fd;
    install_fatal_handlers();
}

unsigned long rw_heap_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return (unsigned long)(info.uordblks + info.hblkhd);
}

void rw_release_free_memory(void) {
    malloc_trim(0);
}

int rw_enter_view_modes(int fd) {
    struct termios modes;
    if (tcgetattr(fd, &modes) != 0) return -errno;
    modes.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL);
    modes.c_iflag &= ~(tcflag_t)ICRNL;
    modes.c_cc[VMIN] = 1;
    modes.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &modes) != 0) return -errno;
    return 0;
}

int rw_memory_file(const char *name) {
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0) return -errno;
    if (fcntl(fd, F_SETFL, O_APPEND) != 0) { int saved = errno; close(fd); return -saved; }
    return fd;
}

int rw_reopen_terminal_nonblocking(int fd) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int reopened = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (reopened < 0) {
        char name[256];
        if (ttyname_r(fd, name, sizeof name) != 0) return -errno;
        reopened = open(name, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (reopened < 0) return -errno;
    }
    return reopened;
}
