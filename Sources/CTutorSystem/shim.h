// Linux calls that Swift's Glibc module does not expose: sched_getcpu (declared by glibc only
// under _GNU_SOURCE, which must not be defined here: it would change struct layouts seen by
// other modules), strtod_l and sincos (also GNU), gettid, prctl (variadic), posix_spawn_file_actions_addclosefrom_np, and
// pseudo-terminals (posix_openpt and ioctl, for measuring what the app sends a terminal), and
// mallopt (a pool worker keeps the memory one file frees for the next).
// Header-only, so the target links nothing.
#ifndef TUTOR_SYSTEM_SHIM_H
#define TUTOR_SYSTEM_SHIM_H

#include <fcntl.h>
#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

extern int sched_getcpu(void);
/// Both at once, in about the time of one (GNU, like sched_getcpu): the periodogram's exact sums.
extern void sincos(double x, double *sine, double *cosine);
extern double strtod_l(const char *text, char **end, locale_t locale);
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
extern int pipe2(int pipefd[2], int flags);
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern int ptsname_r(int fd, char *buffer, size_t size);

/// A new "C" locale, for reading numbers the same whatever the user's locale (LC_ALL_MASK is a
/// macro Swift cannot see).
static inline locale_t tutor_new_c_locale(void) { return newlocale(LC_ALL_MASK, "C", (locale_t)0); }

/// The CPU the calling thread is running on right now, or -1 if unknown.
static inline int tutor_current_cpu(void) { return sched_getcpu(); }

/// The kernel thread id of the calling thread (what /proc/<pid>/task lists).
static inline int tutor_thread_id(void) { return (int)syscall(SYS_gettid); }

/// Ask the kernel to send `signal` to this process when its parent dies.
static inline int tutor_die_with_parent(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
}

/// Makes this process the reaper of its orphaned descendants: a program's grandchildren whose
/// parent died become its children, so they can still be found, stopped and reaped.
static inline int tutor_become_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0, 0, 0);
}

/// Names the calling process in `ps` and /proc/<pid>/comm (at most 15 bytes are kept).
static inline int tutor_set_process_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

/// A pipe whose two ends close on exec, so no other child inherits them.
static inline int tutor_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

/// Close every descriptor from `lowest` up in the spawned child (glibc 2.34+), so a worker
/// process inherits only the pipes meant for it.
static inline int tutor_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

/// Starts the spawned child in `path` (glibc 2.29+).
static inline int tutor_spawn_change_directory(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

/// Opens a new pseudo-terminal of `columns` × `rows`; returns its controller side (what reads
/// the program's output; closed on exec) and writes the path of the side a program uses as its
/// terminal, or returns -1.
static inline int tutor_open_pseudo_terminal(int columns, int rows, char *path, size_t size) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct winsize window = { (unsigned short)rows, (unsigned short)columns, 0, 0 };
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, path, size) != 0
        || ioctl(fd, TIOCSWINSZ, &window) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

#endif
