// Linux calls that Swift's Glibc module does not expose: sched_getcpu and gettid need
// _GNU_SOURCE, and prctl is variadic. Header-only, so the target links nothing.
#ifndef TUTOR_SYSTEM_SHIM_H
#define TUTOR_SYSTEM_SHIM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/// The CPU the calling thread is running on right now, or -1 if unknown.
static inline int tutor_current_cpu(void) { return sched_getcpu(); }

/// The kernel thread id of the calling thread (what /proc/<pid>/task lists).
static inline int tutor_thread_id(void) { return (int)syscall(SYS_gettid); }

/// Ask the kernel to send `signal` to this process when its parent dies.
static inline int tutor_die_with_parent(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
}

#endif
