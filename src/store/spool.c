/*
 * spool.c — events waiting for Redis, on disk (see fleet.h).
 *
 * Two files: PATH takes new lines (O_APPEND, one write(2) per line, so
 * lines from several threads never interleave), and PATH.draining holds the
 * lines a drain is working through. A drain renames PATH to PATH.draining
 * (when no earlier drain left one), so new lines go to a fresh PATH while
 * the old ones are sent; lines the sink did not take are written back as
 * the new PATH.draining, which the next drain sends first. Order is thus
 * preserved: draining lines are always older than PATH's.
 *
 * Only the rename and the reopen happen under the lock; sending happens
 * outside it, so the serving threads that spool while Redis is away never
 * wait on the network. A crash mid-drain can send a batch twice (sent, then
 * the process died before the file shrank): events are at-least-once, and
 * each carries its request_id.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "store/fleet.h"

#define BATCH 128

struct sw_spool {
    pthread_mutex_t lock;  /* fd and the rename */
    pthread_mutex_t drain; /* one drain at a time */
    int fd;
    char *path, *draining;
    atomic_ullong pending;
};

static uint64_t count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    uint64_t n = 0;
    int c;
    while ((c = getc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

static int open_append(const char *path)
{
    return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

int sw_spool_open(sw_spool **out, const char *path, char *err, size_t errsz)
{
    *out = NULL;
    sw_spool *s = calloc(1, sizeof *s);
    size_t n = strlen(path);
    if (!s || !(s->path = strdup(path)) || !(s->draining = malloc(n + 10))) {
        if (s)
            free(s->path);
        free(s);
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    snprintf(s->draining, n + 10, "%s.draining", path);
    s->fd = open_append(path);
    if (s->fd < 0) {
        snprintf(err, errsz, "cannot open spool %s: %s", path, strerror(errno));
        free(s->draining);
        free(s->path);
        free(s);
        return SW_EIO;
    }
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->drain, NULL);
    atomic_store(&s->pending, count_lines(s->draining) + count_lines(path));
    *out = s;
    return SW_OK;
}

void sw_spool_close(sw_spool *s)
{
    if (!s)
        return;
    if (s->fd >= 0)
        close(s->fd);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->drain);
    free(s->draining);
    free(s->path);
    free(s);
}

int sw_spool_put(sw_spool *s, const char *line, size_t n)
{
    char *buf = malloc(n + 1);
    if (!buf)
        return SW_ENOMEM;
    memcpy(buf, line, n);
    buf[n] = '\n';
    pthread_mutex_lock(&s->lock);
    ssize_t w = s->fd >= 0 ? write(s->fd, buf, n + 1) : -1;
    if (w == (ssize_t)(n + 1))
        atomic_fetch_add(&s->pending, 1);
    pthread_mutex_unlock(&s->lock);
    free(buf);
    return w == (ssize_t)(n + 1) ? SW_OK : SW_EIO;
}

uint64_t sw_spool_pending(sw_spool *s)
{
    return atomic_load(&s->pending);
}

/* Writes what was not taken back as the draining file (atomically). */
static int keep_rest(sw_spool *s, const char *rest, size_t n)
{
    if (n == 0)
        return unlink(s->draining) == 0 || errno == ENOENT ? SW_OK : SW_EIO;
    size_t plen = strlen(s->draining) + 5;
    char *tmp = malloc(plen);
    if (!tmp)
        return SW_ENOMEM;
    snprintf(tmp, plen, "%s.tmp", s->draining);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int rc = SW_EIO;
    if (fd >= 0) {
        size_t off = 0;
        while (off < n) {
            ssize_t w = write(fd, rest + off, n - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        if (off == n && fsync(fd) == 0 && rename(tmp, s->draining) == 0)
            rc = SW_OK;
        close(fd);
    }
    if (rc != SW_OK)
        unlink(tmp);
    free(tmp);
    return rc;
}

int sw_spool_drain(sw_spool *s, size_t (*fn)(const char *const *lines, const size_t *lens, size_t n, void *ctx),
                   void *ctx, uint64_t *taken)
{
    *taken = 0;
    if (atomic_load(&s->pending) == 0 || pthread_mutex_trylock(&s->drain) != 0)
        return SW_OK;
    struct stat st;
    int rc = SW_OK;
    pthread_mutex_lock(&s->lock);
    if (stat(s->draining, &st) != 0) {
        /* move the current file aside and start a fresh one */
        if (rename(s->path, s->draining) == 0) {
            close(s->fd);
            s->fd = open_append(s->path);
            if (s->fd < 0)
                rc = SW_EIO;
        } else if (errno != ENOENT) {
            rc = SW_EIO;
        }
    }
    pthread_mutex_unlock(&s->lock);
    size_t len = 0;
    char *buf = rc == SW_OK ? sw_read_file(s->draining, &len) : NULL;
    if (rc == SW_OK && buf) {
        const char *lines[BATCH];
        size_t lens[BATCH];
        size_t pos = 0;
        bool stopped = false;
        while (pos < len && !stopped) {
            size_t k = 0, scan = pos, starts[BATCH + 1];
            while (k < BATCH && scan < len) {
                const char *nl = memchr(buf + scan, '\n', len - scan);
                if (!nl)
                    break; /* a torn last line (crash mid-write) is dropped */
                starts[k] = scan;
                lines[k] = buf + scan;
                lens[k] = (size_t)(nl - (buf + scan));
                scan = (size_t)(nl - buf) + 1;
                k++;
            }
            if (k == 0) {
                pos = len;
                break;
            }
            size_t took = fn(lines, lens, k, ctx);
            if (took > k)
                took = k;
            *taken += took;
            atomic_fetch_sub(&s->pending, took);
            pos = took == k ? scan : starts[took];
            stopped = took < k;
        }
        rc = keep_rest(s, buf + pos, len - pos);
    }
    free(buf);
    pthread_mutex_unlock(&s->drain);
    return rc;
}
