/*
 * measure: runs one command and reports its own wall time, CPU time and peak
 * memory, on the last line of stderr:
 *
 *   measure: wall_s user_s sys_s maxrss_kib
 *
 * The peak RSS comes from wait4 on that child alone. It is measured here, not
 * in the Python harness, because Linux carries a process's peak RSS across
 * fork and exec: a child of the harness would report at least the harness's
 * own ~12 MB. This program is about 1 MB, so the figure is the command's own.
 *
 *   measure COMMAND [ARG...]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: measure COMMAND [ARG...]\n");
        return 2;
    }
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror("measure: exec");
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("measure: wait4");
        return 2;
    }
    double wall = now() - t0;
    fprintf(stderr, "\nmeasure: %.6f %.6f %.6f %ld\n", wall,
            ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6,
            ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6, ru.ru_maxrss);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
