/*
 * stepup_store.c — the SQLite tables of step-up verification (stepup_store.h).
 *
 * The tables live in the same file as accounts and keys, so one backup and
 * one fleet-wide database hold everything, but they are created here with
 * CREATE ... IF NOT EXISTS rather than through store.c's migrations: step-up
 * is an add-on that an older build simply ignores, and its schema can grow
 * without renumbering the core's. The file itself is always created by
 * whoever opens it first, with mode 0600 and in WAL mode. This open does
 * not go through sw_store_open, whose creation check opens and closes the
 * file: beside a running gateway's connections that close would drop their
 * POSIX locks (they belong to the process, not the descriptor).
 *
 * Single use is the database's job, not the caller's: a challenge is taken
 * with one DELETE ... RETURNING, so two requests racing with the same
 * challenge (on two threads or two gateways) see one row between them.
 * Likewise the counter of a credential is only ever raised by an UPDATE
 * whose WHERE clause re-checks that it grows.
 */
#include "store/stepup_store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"

#define BUSY_TIMEOUT_MS 5000

/* One transaction: the tables appear together or not at all. The gateway
 * creates them once at start, before its threads open their connections
 * (server.c): created lazily while other connections of the process were
 * reading, SQLite 3.40 in WAL mode was seen to hand those connections short
 * reads ("disk I/O error", and "file is not a database" once a CLI process
 * wrote too). On a later open the statements change nothing. */
static const char schema_sql[] =
    "BEGIN IMMEDIATE;"
    "CREATE TABLE IF NOT EXISTS stepup_credentials ("
    "  cred_id BLOB PRIMARY KEY NOT NULL CHECK (length(cred_id) BETWEEN 1 AND 1023),"
    "  account TEXT NOT NULL,"
    "  alg INTEGER NOT NULL,"
    "  public_key BLOB NOT NULL,"
    "  sign_count INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  last_used_ms INTEGER"
    ");"
    "CREATE INDEX IF NOT EXISTS stepup_credentials_by_account ON stepup_credentials(account, created_ms);"
    "CREATE TABLE IF NOT EXISTS stepup_challenges ("
    "  challenge BLOB PRIMARY KEY NOT NULL,"
    "  account TEXT NOT NULL,"
    "  purpose INTEGER NOT NULL,"
    "  expires_ms INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS stepup_passed ("
    "  account TEXT PRIMARY KEY NOT NULL,"
    "  passed_ms INTEGER NOT NULL,"
    "  until_ms INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "COMMIT;";

enum {
    ST_CH_PURGE, ST_CH_PUT, ST_CH_TAKE, ST_CRED_ADD, ST_CRED_GET, ST_CRED_USED, ST_CRED_REMOVE, ST_PASS_CLEAR,
    ST_PASS, ST_UNTIL, ST_COUNT
};

#define CRED_COLUMNS "cred_id, alg, public_key, sign_count, created_ms, last_used_ms"

static const char *const statement_sql[ST_COUNT] = {
    [ST_CH_PURGE] = "DELETE FROM stepup_challenges WHERE expires_ms <= ?1",
    [ST_CH_PUT] = "INSERT INTO stepup_challenges (challenge, account, purpose, expires_ms) VALUES (?1, ?2, ?3, ?4)",
    [ST_CH_TAKE] = "DELETE FROM stepup_challenges WHERE challenge = ?1 AND account = ?2 AND purpose = ?3"
                   " RETURNING expires_ms",
    [ST_CRED_ADD] = "INSERT INTO stepup_credentials (cred_id, account, alg, public_key, sign_count, created_ms)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_CRED_GET] = "SELECT " CRED_COLUMNS " FROM stepup_credentials WHERE cred_id = ?1 AND account = ?2",
    [ST_CRED_USED] = "UPDATE stepup_credentials SET sign_count = ?2, last_used_ms = ?3 WHERE cred_id = ?1"
                     " AND (sign_count < ?2 OR (sign_count = 0 AND ?2 = 0))",
    [ST_CRED_REMOVE] = "DELETE FROM stepup_credentials WHERE cred_id = ?1 AND account = ?2",
    [ST_PASS_CLEAR] = "DELETE FROM stepup_passed WHERE account = ?1",
    [ST_PASS] = "INSERT INTO stepup_passed (account, passed_ms, until_ms) VALUES (?1, ?2, ?3)"
                " ON CONFLICT (account) DO UPDATE SET passed_ms = excluded.passed_ms, until_ms = excluded.until_ms",
    [ST_UNTIL] = "SELECT until_ms FROM stepup_passed WHERE account = ?1",
};

struct sw_stepup_store {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
    char errmsg[256];
};

static int db_error(sw_stepup_store *s, const char *what)
{
    snprintf(s->errmsg, sizeof s->errmsg, "%s: %s", what, sqlite3_errmsg(s->db));
    return SW_EIO;
}

/* The cached statement, reset and unbound; NULL when it cannot be prepared. */
static sqlite3_stmt *stmt(sw_stepup_store *s, int id)
{
    if (!s->st[id] &&
        sqlite3_prepare_v3(s->db, statement_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->st[id], NULL) != SQLITE_OK) {
        db_error(s, "prepare");
        return NULL;
    }
    sqlite3_reset(s->st[id]);
    sqlite3_clear_bindings(s->st[id]);
    return s->st[id];
}

/* Runs a statement that returns no row. */
static int run(sw_stepup_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return SW_OK;
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
        db_error(s, what);
        return SW_EEXIST;
    }
    return db_error(s, what);
}

int sw_stepup_store_open(sw_stepup_store **out, const char *dir, char *err, size_t errsz)
{
    *out = NULL;
    char path[4096];
    if (!dir || !*dir || (size_t)snprintf(path, sizeof path, "%s/stillwatch.db", dir) >= sizeof path) {
        snprintf(err, errsz, "bad state directory");
        return SW_EINVAL;
    }
    /* Owner-only like the core's file, should this open be the first. Only
     * a missing file is touched: closing a descriptor of a file that other
     * connections of this process have open would drop their POSIX locks. */
    struct stat st;
    if (stat(path, &st) != 0) {
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) {
            snprintf(err, errsz, "cannot create %s: %s", path, strerror(errno));
            return SW_EIO;
        }
        if (fd >= 0)
            close(fd);
    }
    sw_stepup_store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errsz, "out of memory");
        return SW_ENOMEM;
    }
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_extended_result_codes(s->db, 1) != SQLITE_OK ||
        sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS) != SQLITE_OK ||
        sqlite3_exec(s->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errsz, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
        if (s->db)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        sw_stepup_store_close(s);
        return SW_EIO;
    }
    *out = s;
    return SW_OK;
}

void sw_stepup_store_close(sw_stepup_store *s)
{
    if (!s)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    free(s);
}

const char *sw_stepup_store_errmsg(const sw_stepup_store *s)
{
    return s && s->errmsg[0] ? s->errmsg : "no error";
}

/* ---- challenges ---- */

int sw_stepup_challenge_put(sw_stepup_store *s, const uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN], const char *account,
                            sw_stepup_purpose purpose, int64_t expires_ms, int64_t now_ms)
{
    sqlite3_stmt *st = stmt(s, ST_CH_PURGE);
    if (!st)
        return SW_EIO;
    sqlite3_bind_int64(st, 1, now_ms);
    int rc = run(s, st, "forget expired challenges");
    if (rc != SW_OK || !(st = stmt(s, ST_CH_PUT)))
        return SW_EIO;
    sqlite3_bind_blob(st, 1, ch, SW_WEBAUTHN_CHALLENGE_LEN, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, (int)purpose);
    sqlite3_bind_int64(st, 4, expires_ms);
    return run(s, st, "store a challenge");
}

int sw_stepup_challenge_take(sw_stepup_store *s, const uint8_t ch[SW_WEBAUTHN_CHALLENGE_LEN], const char *account,
                             sw_stepup_purpose purpose, int64_t now_ms)
{
    sqlite3_stmt *st = stmt(s, ST_CH_TAKE);
    if (!st)
        return SW_EIO;
    sqlite3_bind_blob(st, 1, ch, SW_WEBAUTHN_CHALLENGE_LEN, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, (int)purpose);
    int step = sqlite3_step(st);
    int64_t expires = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    /* RETURNING: the delete is complete only once the statement has run to
     * its end */
    while (step == SQLITE_ROW)
        step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return db_error(s, "take a challenge");
    if (expires == 0)
        return SW_ENOTFOUND;
    return expires > now_ms ? SW_OK : SW_EINVAL;
}

/* ---- credentials ---- */

int sw_stepup_cred_add(sw_stepup_store *s, const char *account, const sw_passkey *c, int64_t now_ms)
{
    sqlite3_stmt *st = stmt(s, ST_CRED_ADD);
    if (!st)
        return SW_EIO;
    sqlite3_bind_blob(st, 1, c->id, (int)c->id_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, c->alg);
    sqlite3_bind_blob(st, 4, c->pubkey, (int)c->pubkey_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, c->sign_count);
    sqlite3_bind_int64(st, 6, now_ms);
    return run(s, st, "store a passkey");
}

/* A credential from a row of CRED_COLUMNS; SW_EIO when the row is not one
 * this code could have written. */
static int read_cred(sw_stepup_store *s, sqlite3_stmt *st, sw_passkey *out)
{
    memset(out, 0, sizeof *out);
    int id_len = sqlite3_column_bytes(st, 0), pk_len = sqlite3_column_bytes(st, 2);
    const void *id = sqlite3_column_blob(st, 0), *pk = sqlite3_column_blob(st, 2);
    int64_t count = sqlite3_column_int64(st, 3);
    if (!id || !pk || id_len < 1 || id_len > SW_WEBAUTHN_CRED_ID_MAX || pk_len < 1 ||
        pk_len > SW_WEBAUTHN_PUBKEY_MAX || count < 0 || count > UINT32_MAX) {
        snprintf(s->errmsg, sizeof s->errmsg, "a stored passkey record is damaged");
        return SW_EIO;
    }
    memcpy(out->id, id, (size_t)id_len);
    out->id_len = (size_t)id_len;
    out->alg = sqlite3_column_int(st, 1);
    memcpy(out->pubkey, pk, (size_t)pk_len);
    out->pubkey_len = (size_t)pk_len;
    out->sign_count = (uint32_t)count;
    out->created_ms = sqlite3_column_int64(st, 4);
    out->last_used_ms = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 5);
    return SW_OK;
}

int sw_stepup_cred_get(sw_stepup_store *s, const char *account, const uint8_t *id, size_t id_len,
                       sw_passkey *out)
{
    if (id_len < 1 || id_len > SW_WEBAUTHN_CRED_ID_MAX)
        return SW_ENOTFOUND;
    sqlite3_stmt *st = stmt(s, ST_CRED_GET);
    if (!st)
        return SW_EIO;
    sqlite3_bind_blob(st, 1, id, (int)id_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    int rc = step == SQLITE_ROW ? read_cred(s, st, out) : step == SQLITE_DONE ? SW_ENOTFOUND
                                                                              : db_error(s, "read a passkey");
    sqlite3_reset(st);
    return rc;
}

int sw_stepup_cred_each(sw_stepup_store *s, const char *account, int (*fn)(const sw_passkey *, void *),
                        void *ctx)
{
    /* a statement of its own, so that fn may call back into the store */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT " CRED_COLUMNS " FROM stepup_credentials WHERE account = ?1 ORDER BY created_ms",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(s, "prepare");
    sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    int rc = SW_OK, step;
    sw_passkey c;
    while (rc == SW_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = read_cred(s, st, &c)) == SW_OK)
            rc = fn(&c, ctx);
    if (rc == SW_OK && step != SQLITE_DONE)
        rc = db_error(s, "list passkeys");
    sqlite3_finalize(st);
    return rc;
}

int sw_stepup_cred_remove(sw_stepup_store *s, const char *account, const uint8_t *id, size_t id_len)
{
    if (id_len < 1 || id_len > SW_WEBAUTHN_CRED_ID_MAX)
        return SW_ENOTFOUND;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(s, "begin");
    sqlite3_stmt *st = stmt(s, ST_CRED_REMOVE);
    int rc = st ? SW_OK : SW_EIO;
    if (rc == SW_OK) {
        sqlite3_bind_blob(st, 1, id, (int)id_len, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
        rc = run(s, st, "remove a passkey");
    }
    if (rc == SW_OK && sqlite3_changes(s->db) != 1)
        rc = SW_ENOTFOUND;
    if (rc == SW_OK) {
        st = stmt(s, ST_PASS_CLEAR);
        rc = st ? SW_OK : SW_EIO;
        if (rc == SW_OK) {
            sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
            rc = run(s, st, "clear the step-up pass");
        }
    }
    if (rc == SW_OK && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_error(s, "commit");
    if (rc != SW_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int sw_stepup_cred_used(sw_stepup_store *s, const uint8_t *id, size_t id_len, uint32_t count, int64_t now_ms)
{
    sqlite3_stmt *st = stmt(s, ST_CRED_USED);
    if (!st)
        return SW_EIO;
    sqlite3_bind_blob(st, 1, id, (int)id_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, count);
    sqlite3_bind_int64(st, 3, now_ms);
    int rc = run(s, st, "record a passkey's use");
    if (rc == SW_OK && sqlite3_changes(s->db) != 1)
        return SW_EINVAL;
    return rc;
}

/* ---- who stepped up ---- */

int sw_stepup_pass(sw_stepup_store *s, const char *account, int64_t until_ms, int64_t now_ms)
{
    sqlite3_stmt *st = stmt(s, ST_PASS);
    if (!st)
        return SW_EIO;
    sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now_ms);
    sqlite3_bind_int64(st, 3, until_ms);
    return run(s, st, "record a step-up");
}

int sw_stepup_until(sw_stepup_store *s, const char *account, int64_t *until_ms)
{
    sqlite3_stmt *st = stmt(s, ST_UNTIL);
    if (!st)
        return SW_EIO;
    sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    int rc = SW_ENOTFOUND;
    if (step == SQLITE_ROW) {
        *until_ms = sqlite3_column_int64(st, 0);
        rc = SW_OK;
    } else if (step != SQLITE_DONE) {
        rc = db_error(s, "read a step-up");
    }
    sqlite3_reset(st);
    return rc;
}
