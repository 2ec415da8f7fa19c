#define _GNU_SOURCE 1
#include <fcntl.h>
#include "CPosix.h"
#include <unistd.h>
#include <string.h>
#include <errno.h>

extern char **environ;

char **rw_environ(void) { return environ; }

static int signal_fd = -1;

static void forward_signal(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    if (signal_fd >= 0) { (void)!write(signal_fd, &byte, 1); }
    errno = saved;
}

void rw_install_signal_pipe(int fd) {
    signal_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGQUIT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int rw_pipe(int fds[2], int nonblocking) {
    return pipe2(fds, O_CLOEXEC | (nonblocking ? O_NONBLOCK : 0));
}
