/*
 * secretfile.c — load-or-create of raw secret files (see secretfile.h).
 *
 * Creation writes the new secret to DIR/.NAME.XXXXXX (mkstemp gives mode
 * 0600 and O_EXCL), fsyncs it, then link()s it to DIR/NAME. link() fails
 * with EEXIST when the name is already taken, unlike rename(), which would
 * silently replace a secret another process created a moment earlier (and
 * with a pepper, invalidate every key issued under it). Whatever happens,
 * the temporary name is removed and the final file is then read back
 * through the same path as an existing one, so there is a single loading
 * code path with all its checks.
 */
#include "auth/secretfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"

#define PATH_CAP 4096

static int read_all(int fd, uint8_t *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, buf + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            errno = 0; /* end of file: reported as a short read */
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

static int write_all(int fd, const uint8_t *buf, size_t len)
{
    size_t put = 0;
    while (put < len) {
        ssize_t w = write(fd, buf + put, len - put);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        put += (size_t)w;
    }
    return 0;
}

/* SW_OK, SW_ENOTFOUND when the file does not exist, SW_EIO otherwise. */
static int load_existing(const char *path, uint8_t *buf, size_t len, char *err, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return SW_ENOTFOUND;
        snprintf(err, errsz, "cannot open %s: %s", path, strerror(errno));
        return SW_EIO;
    }
    struct stat st;
    int rc = SW_EIO;
    if (fstat(fd, &st) != 0)
        snprintf(err, errsz, "cannot stat %s: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        snprintf(err, errsz, "%s is not a regular file", path);
    else if (st.st_mode & 077)
        snprintf(err, errsz, "%s is accessible to other users (mode %04o); it must be 0600", path,
                 (unsigned)(st.st_mode & 07777));
    else if (st.st_size != (off_t)len)
        snprintf(err, errsz, "%s has %lld bytes, expected %zu", path, (long long)st.st_size, len);
    else if (read_all(fd, buf, len) != 0)
        snprintf(err, errsz, "cannot read %s: %s", path, errno ? strerror(errno) : "short read");
    else
        rc = SW_OK;
    close(fd);
    return rc;
}

/* Makes the directory entry durable, so a crash cannot lose the secret
 * after keys were issued under it. Best effort: some file systems refuse. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

static int create_new(const char *dir, const char *name, const char *path, size_t len, sw_secret_gen gen,
                      char *err, size_t errsz)
{
    char tmp[PATH_CAP];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, name) >= sizeof tmp) {
        snprintf(err, errsz, "path too long: %s", dir);
        return SW_EIO;
    }
    uint8_t secret[128];
    if (len > sizeof secret || gen(secret, len) != SW_OK) {
        snprintf(err, errsz, "cannot generate %s", path);
        return SW_EIO;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errsz, "cannot create a file in %s: %s", dir, strerror(errno));
        sodium_memzero(secret, sizeof secret);
        return SW_EIO;
    }
    int rc = SW_OK;
    if (fchmod(fd, 0600) != 0 || write_all(fd, secret, len) != 0 || fsync(fd) != 0) {
        snprintf(err, errsz, "cannot write %s: %s", tmp, strerror(errno));
        rc = SW_EIO;
    }
    sodium_memzero(secret, sizeof secret);
    close(fd);
    if (rc == SW_OK && link(tmp, path) != 0 && errno != EEXIST) {
        snprintf(err, errsz, "cannot create %s: %s", path, strerror(errno));
        rc = SW_EIO;
    }
    unlink(tmp);
    if (rc == SW_OK)
        sync_dir(dir);
    return rc;
}

int sw_secretfile_load(const char *dir, const char *name, uint8_t *buf, size_t len, sw_secret_gen gen,
                       char *err, size_t errsz)
{
    char path[PATH_CAP];
    if (!dir || !name || !buf || !gen || (size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
        snprintf(err, errsz, "bad secret file path");
        return SW_EIO;
    }
    int rc = load_existing(path, buf, len, err, errsz);
    if (rc != SW_ENOTFOUND)
        return rc;
    rc = create_new(dir, name, path, len, gen, err, errsz);
    if (rc != SW_OK)
        return rc;
    /* Read back whichever file won the creation race. */
    rc = load_existing(path, buf, len, err, errsz);
    if (rc == SW_ENOTFOUND) {
        snprintf(err, errsz, "%s vanished after it was created", path);
        rc = SW_EIO;
    }
    return rc;
}
