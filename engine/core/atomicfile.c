#include "atomicfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory part of path ("." when there is none); malloc'd, or NULL. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path); /* "/x" lives in "/" */
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* The process id in "PID" or "PID-K" (digits only), or 0. */
static long temp_owner(const char *s)
{
    long pid = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (pid > (INT_MAX - 9) / 10)
            return 0;
        pid = pid * 10 + (*p - '0');
    }
    if (p == s)
        return 0;
    if (*p == '-') {
        const char *k = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == k)
            return 0;
    }
    return *p == '\0' ? pid : 0;
}

size_t bn_atomic_remove_stale(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    char *dir = dir_of(path);
    if (!dir || blen == 0) {
        free(dir);
        return 0;
    }
    DIR *d = opendir(dir);
    size_t removed = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (strncmp(name, base, blen) != 0 || strncmp(name + blen, ".tmp-", 5) != 0)
            continue;
        long pid = temp_owner(name + blen + 5);
        /* EPERM means the process exists (another user's): only ESRCH proves it gone */
        if (pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        size_t n = strlen(dir) + 1 + strlen(name) + 1;
        char *full = malloc(n);
        if (!full)
            break;
        snprintf(full, n, "%s/%s", dir, name);
        if (unlink(full) == 0)
            removed++;
        free(full);
    }
    if (d)
        closedir(d);
    free(dir);
    return removed;
}

static void clear(bn_atomic *a)
{
    free(a->path);
    free(a->tmp);
    a->path = a->tmp = NULL;
    a->fp = NULL;
}

enum bn_status bn_atomic_open(bn_atomic *a, const char *path, bn_error *err)
{
    memset(a, 0, sizeof *a);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return bn_fail(err, BN_EIO, "cannot write %s: it is a directory", path);
    size_t plen = strlen(path);
    a->path = strdup(path);
    a->tmp = malloc(plen + 48);
    if (!a->path || !a->tmp) {
        clear(a);
        return bn_fail(err, BN_ENOMEM, "out of memory writing %s", path);
    }
    a->stale_removed = bn_atomic_remove_stale(path);
    /* O_EXCL makes the name ours alone; 0666 lets the umask decide the mode, as fopen does */
    int fd = -1;
    for (unsigned k = 0; fd < 0 && k < 1000; k++) {
        snprintf(a->tmp, plen + 48, "%s.tmp-%ld-%u", path, (long)getpid(), k);
        fd = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int e = errno;
        clear(a);
        return bn_fail(err, BN_EIO, "cannot write %s: %s", path, strerror(e));
    }
    a->fp = fdopen(fd, "wb");
    if (!a->fp) {
        int e = errno;
        close(fd);
        unlink(a->tmp);
        clear(a);
        return bn_fail(err, BN_EIO, "cannot write %s: %s", path, strerror(e));
    }
    return BN_OK;
}

void bn_atomic_abort(bn_atomic *a)
{
    if (a->fp)
        fclose(a->fp);
    if (a->tmp)
        unlink(a->tmp);
    clear(a);
}

/* fsync the directory so that the rename itself survives a crash. */
static int sync_dir(const char *path)
{
    char *dir = dir_of(path);
    if (!dir)
        return ENOMEM;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return 0; /* a directory we may not open: the rename is done all the same */
    int rc = fsync(fd) != 0 && errno != EINVAL && errno != EBADF ? errno : 0;
    close(fd);
    return rc;
}

enum bn_status bn_atomic_commit(bn_atomic *a, bn_error *err)
{
    int e = 0;
    if (ferror(a->fp))
        e = errno ? errno : EIO;
    if (!e && fflush(a->fp) != 0)
        e = errno;
    /* the data reaches the disk before the name points at it */
    if (!e && fsync(fileno(a->fp)) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(a->fp) != 0 && !e)
        e = errno;
    a->fp = NULL;
    if (!e && rename(a->tmp, a->path) != 0)
        e = errno;
    if (!e)
        e = sync_dir(a->path);
    if (e) {
        unlink(a->tmp); /* gone already when only the directory sync failed */
        enum bn_status st = bn_fail(err, BN_EIO, "cannot write %s: %s", a->path, strerror(e));
        clear(a);
        return st;
    }
    clear(a);
    return BN_OK;
}
