/*
 * store.c — the embedded (SQLite) backend of store.h.
 *
 * One database file, DIR/stillwatch.db, in WAL mode: readers (gateway
 * threads) never block the writer (the admin CLI) nor each other, and a
 * writer that finds the lock taken waits up to BUSY_TIMEOUT_MS instead of
 * failing at once. synchronous=NORMAL is the setting WAL is designed for:
 * a power cut may lose the last transactions but never corrupts the file.
 *
 * Schema (version 1):
 *
 *   schema_version(version)                      one row: what is applied
 *   accounts(id PK, created_at_ms, verification, tier, country,
 *            payment_fp, email_domain, suspended)
 *   keys(key_id PK, account → accounts.id, hash BLOB(32) UNIQUE,
 *        created_ms, revoked_ms NULL while valid)
 *
 * Verification levels are stored by name, not by enum value, so that the
 * file stays readable with the sqlite3 shell and survives reordering of the
 * enum. Absent optional strings are stored as '' and an absent creation time
 * as NULL, mirroring sw_account_info. Upgrades are a list of SQL scripts,
 * one per version, applied in order inside the transaction that reads the
 * version, so two processes opening an old file together upgrade it once.
 *
 * Hot statements are prepared on first use and kept in the handle (hence one
 * handle per thread); iteration prepares its own statement so that a callback
 * may call back into the store.
 *
 * A handle opened on a redis:// URL holds a Redis connection instead of a
 * database, and each public function hands over to redis_store.c in its
 * first lines; transactions are no-ops there (each call stands alone, see
 * redis_store.c for how its writes are ordered instead).
 */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "store/redis_store.h"

#define BUSY_TIMEOUT_MS 5000
#define PATH_CAP 4096

static const char *const migrations[] = {
    /* version 1 */
    "CREATE TABLE accounts ("
    "  id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),"
    "  created_at_ms INTEGER,"
    "  verification TEXT NOT NULL CHECK (verification IN"
    "    ('unknown','none','email','phone','id','business','enterprise','edu')),"
    "  tier TEXT NOT NULL DEFAULT '',"
    "  country TEXT NOT NULL DEFAULT '',"
    "  payment_fp TEXT NOT NULL DEFAULT '',"
    "  email_domain TEXT NOT NULL DEFAULT '',"
    "  suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1))"
    ") WITHOUT ROWID;"
    "CREATE TABLE keys ("
    "  key_id TEXT PRIMARY KEY NOT NULL CHECK (length(key_id) > 0),"
    "  account TEXT NOT NULL REFERENCES accounts(id),"
    "  hash BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),"
    "  created_ms INTEGER NOT NULL,"
    "  revoked_ms INTEGER"
    ");"
    "CREATE INDEX keys_by_account ON keys(account, created_ms);",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

enum {
    ST_ACCOUNT_INSERT,
    ST_ACCOUNT_GET,
    ST_ACCOUNT_UPDATE,
    ST_KEY_INSERT,
    ST_KEY_FIND,
    ST_KEY_GET,
    ST_KEY_REVOKE,
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_COUNT
};

#define ACCOUNT_COLUMNS "id, created_at_ms, verification, tier, country, payment_fp, email_domain, suspended"
#define KEY_COLUMNS "key_id, account, created_ms, revoked_ms"

static const char *const statement_sql[ST_COUNT] = {
    [ST_ACCOUNT_INSERT] = "INSERT INTO accounts (" ACCOUNT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_ACCOUNT_GET] = "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?1",
    [ST_ACCOUNT_UPDATE] = "UPDATE accounts SET created_at_ms = ?2, verification = ?3, tier = ?4, country = ?5,"
                          " payment_fp = ?6, email_domain = ?7, suspended = ?8 WHERE id = ?1",
    [ST_KEY_INSERT] = "INSERT INTO keys (key_id, account, hash, created_ms) VALUES (?1, ?2, ?3, ?4)",
    [ST_KEY_FIND] = "SELECT " KEY_COLUMNS " FROM keys WHERE hash = ?1 AND revoked_ms IS NULL",
    [ST_KEY_GET] = "SELECT " KEY_COLUMNS " FROM keys WHERE key_id = ?1",
    [ST_KEY_REVOKE] = "UPDATE keys SET revoked_ms = coalesce(revoked_ms, ?2) WHERE key_id = ?1",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
};

struct sw_store {
    sw_redis *redis; /* the shared backend; NULL: SQLite */
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
    char errmsg[256];
};

/* Remembers the database's explanation of the last failure. */
static void note_error(sw_store *s, const char *what)
{
    snprintf(s->errmsg, sizeof s->errmsg, "%s: %s", what, sqlite3_errmsg(s->db));
}

/* Maps a failed step's result code to the store's error convention. */
static int map_step_error(sw_store *s, int rc, const char *what)
{
    note_error(s, what);
    switch (rc) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
        return SW_EEXIST;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return SW_ENOTFOUND;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
        return SW_EINVAL;
    default:
        return SW_EIO;
    }
}

/* The cached statement id, reset and unbound, or NULL (errmsg set). */
static sqlite3_stmt *stmt(sw_store *s, int id)
{
    if (!s->st[id] && sqlite3_prepare_v3(s->db, statement_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->st[id],
                                         NULL) != SQLITE_OK) {
        note_error(s, "prepare");
        return NULL;
    }
    sqlite3_reset(s->st[id]);
    sqlite3_clear_bindings(s->st[id]);
    return s->st[id];
}

/* Releases the statement's read snapshot and its copies of bound strings. */
static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Runs a statement that returns no rows. */
static int exec_stmt(sw_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? SW_OK : map_step_error(s, sqlite3_extended_errcode(s->db), what);
    done(st);
    return rc;
}

static int exec_sql(sw_store *s, const char *sql, const char *what)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        note_error(s, what);
        return SW_EIO;
    }
    return SW_OK;
}

/* Copies a text column into a fixed field; a value that does not fit can
 * only come from outside this code (a hand-edited file) and is refused. */
static int copy_text(sw_store *s, sqlite3_stmt *st, int col, char *dst, size_t cap)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    size_t n = v ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (n >= cap || (v && memchr(v, '\0', n))) {
        snprintf(s->errmsg, sizeof s->errmsg, "stored value of column '%s' does not fit",
                 sqlite3_column_name(st, col));
        return SW_EIO;
    }
    if (n)
        memcpy(dst, v, n);
    dst[n] = '\0';
    return SW_OK;
}

static int64_t column_ms(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, col);
}

/* ---- opening and schema ---- */

static int read_version(sw_store *s, int *version)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM schema_version", -1, &st, NULL) !=
        SQLITE_OK) {
        note_error(s, "schema version");
        return SW_EIO;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    else
        note_error(s, "schema version");
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? SW_OK : SW_EIO;
}

static int migrate(sw_store *s)
{
    if (exec_sql(s, "BEGIN IMMEDIATE", "begin") != SW_OK)
        return SW_EIO;
    int version = 0, rc = exec_sql(s, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                                   "schema version");
    if (rc == SW_OK)
        rc = read_version(s, &version);
    if (rc == SW_OK && version > SCHEMA_VERSION) {
        snprintf(s->errmsg, sizeof s->errmsg,
                 "database schema version %d is newer than this build's (%d); upgrade stillwatch", version,
                 SCHEMA_VERSION);
        rc = SW_EIO;
    }
    for (int v = version; rc == SW_OK && v < SCHEMA_VERSION; v++) {
        char sql[96];
        rc = exec_sql(s, migrations[v], "schema upgrade");
        snprintf(sql, sizeof sql, "DELETE FROM schema_version; INSERT INTO schema_version VALUES (%d)", v + 1);
        if (rc == SW_OK)
            rc = exec_sql(s, sql, "schema version");
    }
    if (rc == SW_OK)
        return exec_sql(s, "COMMIT", "commit");
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Creates the file with owner-only permissions before SQLite does (it
 * would use the umask); the -wal and -shm files inherit the mode.
 *
 * Only when the file does not exist yet. Closing any descriptor of a file
 * drops every POSIX lock this process holds on it, including the locks of
 * SQLite connections already open on it in other threads; without their
 * locks another process (the admin commands) believes it is the database's
 * last user, checkpoints and deletes the -wal and -shm files, and the
 * gateway's connections go on reading a stale, unlinked index: keys created
 * after start stayed invisible. An existing file is left to SQLite alone. */
static int precreate(const char *path, char *err, size_t errsz)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return SW_OK;
        snprintf(err, errsz, "cannot create %s: %s", path, strerror(errno));
        return SW_EIO;
    }
    close(fd);
    return SW_OK;
}

static int configure(sw_store *s)
{
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    if (exec_sql(s, "PRAGMA journal_mode = WAL", "journal mode") != SW_OK ||
        exec_sql(s, "PRAGMA synchronous = NORMAL", "synchronous") != SW_OK ||
        exec_sql(s, "PRAGMA foreign_keys = ON", "foreign keys") != SW_OK)
        return SW_EIO;
    return migrate(s);
}

int sw_store_open_shared(sw_store **out, const char *url, int timeout_ms, sw_redis_health *health,
                         bool must_connect, char *err, size_t errsz)
{
    *out = NULL;
    sw_store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    int rc = sw_redis_open(&s->redis, url, timeout_ms, health, must_connect, err, errsz);
    if (rc != SW_OK) {
        free(s);
        return rc;
    }
    *out = s;
    return SW_OK;
}

sw_redis *sw_store_redis(sw_store *s)
{
    return s ? s->redis : NULL;
}

int sw_store_open(sw_store **out, const char *dir, char *err, size_t errsz)
{
    *out = NULL;
    if (sw_state_is_redis(dir))
        return sw_store_open_shared(out, dir, 2000, NULL, true, err, errsz);
    char path[PATH_CAP];
    if (!dir || !*dir || (size_t)snprintf(path, sizeof path, "%s/stillwatch.db", dir) >= sizeof path) {
        snprintf(err, errsz, "bad state directory");
        return SW_EINVAL;
    }
    if (precreate(path, err, errsz) != SW_OK)
        return SW_EIO;
    sw_store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        snprintf(err, errsz, "cannot open %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sw_store_close(s);
        return SW_EIO;
    }
    if (configure(s) != SW_OK) {
        snprintf(err, errsz, "%s: %s", path, s->errmsg);
        sw_store_close(s);
        return SW_EIO;
    }
    *out = s;
    return SW_OK;
}

void sw_store_close(sw_store *s)
{
    if (!s)
        return;
    if (s->redis) {
        sw_redis_close(s->redis);
        free(s);
        return;
    }
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    free(s);
}

const char *sw_store_errmsg(const sw_store *s)
{
    if (s && s->redis)
        return sw_redis_errmsg(s->redis);
    return s ? s->errmsg : "no store";
}

/* ---- transactions ---- */

int sw_store_begin(sw_store *s)
{
    if (s && s->redis)
        return SW_OK;
    sqlite3_stmt *st = stmt(s, ST_BEGIN);
    return st ? exec_stmt(s, st, "begin") : SW_EIO;
}

int sw_store_commit(sw_store *s)
{
    if (s && s->redis)
        return SW_OK;
    sqlite3_stmt *st = stmt(s, ST_COMMIT);
    return st ? exec_stmt(s, st, "commit") : SW_EIO;
}

void sw_store_rollback(sw_store *s)
{
    if (s && s->redis)
        return;
    if (sqlite3_get_autocommit(s->db))
        return; /* no transaction open (or SQLite already rolled it back) */
    sqlite3_stmt *st = stmt(s, ST_ROLLBACK);
    if (st)
        (void)exec_stmt(s, st, "rollback");
}

/* ---- accounts ---- */

static int account_valid(const sw_account_rec *a)
{
    const sw_account_info *i = &a->info;
    return i->account[0] && memchr(i->account, '\0', sizeof i->account) && memchr(i->tier, '\0', sizeof i->tier) &&
           memchr(i->country, '\0', sizeof i->country) && memchr(i->payment_fp, '\0', sizeof i->payment_fp) &&
           memchr(i->email_domain, '\0', sizeof i->email_domain) && (unsigned)i->verification <= SW_VERIF_EDU;
}

static void bind_account(sqlite3_stmt *st, const sw_account_rec *a)
{
    const sw_account_info *i = &a->info;
    sqlite3_bind_text(st, 1, i->account, -1, SQLITE_STATIC);
    if (i->created_at_ms >= 0)
        sqlite3_bind_int64(st, 2, i->created_at_ms);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_text(st, 3, sw_verification_name(i->verification), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, i->tier, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, i->country, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, i->payment_fp, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, i->email_domain, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, a->suspended ? 1 : 0);
}

/* Reads the row at st (columns in ACCOUNT_COLUMNS order). */
static int read_account(sw_store *s, sqlite3_stmt *st, sw_account_rec *out)
{
    memset(out, 0, sizeof *out);
    sw_account_info *i = &out->info;
    char verif[16];
    int rc = copy_text(s, st, 0, i->account, sizeof i->account);
    if (rc == SW_OK)
        rc = copy_text(s, st, 2, verif, sizeof verif);
    if (rc == SW_OK)
        rc = copy_text(s, st, 3, i->tier, sizeof i->tier);
    if (rc == SW_OK)
        rc = copy_text(s, st, 4, i->country, sizeof i->country);
    if (rc == SW_OK)
        rc = copy_text(s, st, 5, i->payment_fp, sizeof i->payment_fp);
    if (rc == SW_OK)
        rc = copy_text(s, st, 6, i->email_domain, sizeof i->email_domain);
    if (rc != SW_OK)
        return rc;
    i->created_at_ms = column_ms(st, 1);
    i->verification = sw_verification_of(verif);
    out->suspended = sqlite3_column_int(st, 7) != 0;
    return SW_OK;
}

int sw_store_account_create(sw_store *s, const sw_account_rec *a)
{
    if (!s || !a || !account_valid(a))
        return SW_EINVAL;
    if (s->redis)
        return sw_rstore_account_create(s->redis, a);
    sqlite3_stmt *st = stmt(s, ST_ACCOUNT_INSERT);
    if (!st)
        return SW_EIO;
    bind_account(st, a);
    return exec_stmt(s, st, "create account");
}

int sw_store_account_get(sw_store *s, const char *id, sw_account_rec *out)
{
    if (!s || !id || !out)
        return SW_EINVAL;
    if (s->redis)
        return sw_rstore_account_get(s->redis, id, out);
    sqlite3_stmt *st = stmt(s, ST_ACCOUNT_GET);
    if (!st)
        return SW_EIO;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), ret;
    if (rc == SQLITE_ROW)
        ret = read_account(s, st, out);
    else if (rc == SQLITE_DONE)
        ret = SW_ENOTFOUND;
    else
        ret = map_step_error(s, sqlite3_extended_errcode(s->db), "get account");
    done(st);
    return ret;
}

int sw_store_account_update(sw_store *s, const sw_account_rec *a)
{
    if (!s || !a || !account_valid(a))
        return SW_EINVAL;
    if (s->redis)
        return sw_rstore_account_update(s->redis, a);
    sqlite3_stmt *st = stmt(s, ST_ACCOUNT_UPDATE);
    if (!st)
        return SW_EIO;
    bind_account(st, a);
    int rc = exec_stmt(s, st, "update account");
    if (rc == SW_OK && sqlite3_changes(s->db) == 0)
        rc = SW_ENOTFOUND;
    return rc;
}

int sw_store_account_each(sw_store *s, int (*fn)(const sw_account_rec *, void *), void *ctx)
{
    if (!s || !fn)
        return SW_EINVAL;
    if (s->redis)
        return sw_rstore_account_each(s->redis, fn, ctx);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY id", -1, &st, NULL) !=
        SQLITE_OK) {
        note_error(s, "list accounts");
        return SW_EIO;
    }
    int rc = SQLITE_DONE, ret = SW_OK;
    while (ret == SW_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        sw_account_rec a;
        ret = read_account(s, st, &a);
        if (ret == SW_OK)
            ret = fn(&a, ctx);
    }
    if (ret == SW_OK && rc != SQLITE_DONE)
        ret = map_step_error(s, sqlite3_extended_errcode(s->db), "list accounts");
    sqlite3_finalize(st);
    return ret;
}

/* ---- keys ---- */

static int read_key(sw_store *s, sqlite3_stmt *st, sw_key_rec *out)
{
    memset(out, 0, sizeof *out);
    int rc = copy_text(s, st, 0, out->key_id, sizeof out->key_id);
    if (rc == SW_OK)
        rc = copy_text(s, st, 1, out->account, sizeof out->account);
    out->created_ms = sqlite3_column_int64(st, 2);
    out->revoked_ms = column_ms(st, 3);
    return rc;
}

/* Steps a single-row key query and reads its row. */
static int key_query(sw_store *s, sqlite3_stmt *st, sw_key_rec *out, const char *what)
{
    int rc = sqlite3_step(st), ret;
    if (rc == SQLITE_ROW)
        ret = read_key(s, st, out);
    else if (rc == SQLITE_DONE)
        ret = SW_ENOTFOUND;
    else
        ret = map_step_error(s, sqlite3_extended_errcode(s->db), what);
    done(st);
    return ret;
}

int sw_store_key_create(sw_store *s, const sw_key_rec *k, const uint8_t hash[32])
{
    if (!s || !k || !hash || !k->key_id[0] || !memchr(k->key_id, '\0', sizeof k->key_id) ||
        !k->account[0] || !memchr(k->account, '\0', sizeof k->account))
        return SW_EINVAL;
    if (s->redis)
        return sw_rstore_key_create(s->redis, k, hash);
    sqlite3_stmt *st = stmt(s, ST_KEY_INSERT);
    if (!st)
        return SW_EIO;
    sqlite3_bind_text(st, 1, k->key_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k->account, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, k->created_ms);
    return exec_stmt(s, st, "create key");
}

int sw_store_key_find(sw_store *s, const uint8_t hash[32], sw_key_rec *out)
{
    if (!s || !hash || !out)
        return SW_EINVAL;
    if (s->redis)
        return sw_rstore_key_find(s->redis, hash, out);
    sqlite3_stmt *st = stmt(s, ST_KEY_FIND);
    if (!st)
        return SW_EIO;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
    return key_query(s, st, out, "find key");
}

int sw_store_key_get(sw_store *s, const char *key_id, sw_key_rec *out)
{
    if (!s || !key_id || !out)
        return SW_EINVAL;
    if (s->redis)
        return sw_rstore_key_get(s->redis, key_id, out);
    sqlite3_stmt *st = stmt(s, ST_KEY_GET);
    if (!st)
        return SW_EIO;
    sqlite3_bind_text(st, 1, key_id, -1, SQLITE_STATIC);
    return key_query(s, st, out, "get key");
}

int sw_store_key_revoke(sw_store *s, const char *key_id, int64_t now_ms)
{
    if (!s || !key_id)
        return SW_EINVAL;
    if (s->redis)
        return sw_rstore_key_revoke(s->redis, key_id, now_ms);
    sqlite3_stmt *st = stmt(s, ST_KEY_REVOKE);
    if (!st)
        return SW_EIO;
    sqlite3_bind_text(st, 1, key_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now_ms);
    int rc = exec_stmt(s, st, "revoke key");
    if (rc == SW_OK && sqlite3_changes(s->db) == 0)
        rc = SW_ENOTFOUND;
    return rc;
}

int sw_store_key_each(sw_store *s, const char *account, int (*fn)(const sw_key_rec *, void *), void *ctx)
{
    if (!s || !account || !fn)
        return SW_EINVAL;
    if (s->redis)
        return sw_rstore_key_each(s->redis, account, fn, ctx);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT " KEY_COLUMNS " FROM keys WHERE account = ?1 ORDER BY created_ms, key_id", -1,
                           &st, NULL) != SQLITE_OK) {
        note_error(s, "list keys");
        return SW_EIO;
    }
    sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    int rc = SQLITE_DONE, ret = SW_OK;
    while (ret == SW_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        sw_key_rec k;
        ret = read_key(s, st, &k);
        if (ret == SW_OK)
            ret = fn(&k, ctx);
    }
    if (ret == SW_OK && rc != SQLITE_DONE)
        ret = map_step_error(s, sqlite3_extended_errcode(s->db), "list keys");
    sqlite3_finalize(st);
    return ret;
}
