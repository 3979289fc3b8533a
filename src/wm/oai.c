/*
 * oai.c — see oai.h.
 *
 * The URL is split into scheme, host, port and path; the body is written
 * with the project's JSON writer and the reply parsed with cJSON. The reply
 * is read whole (responses are a few kilobytes), then its body is located
 * after the blank line and de-chunked when the server used chunked
 * transfer encoding. TLS uses OpenSSL with the system's trust store, SNI and
 * host name checking; a certificate that does not verify fails the request.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "wm/oai.h"

typedef struct url {
    int tls;
    char host[256];
    char port[8];
    char path[1024];
} url;

static int parse_url(const char *s, const char *suffix, url *u)
{
    const char *p;
    if (!strncmp(s, "http://", 7)) {
        u->tls = 0;
        p = s + 7;
    } else if (!strncmp(s, "https://", 8)) {
        u->tls = 1;
        p = s + 8;
    } else {
        return SW_EINVAL;
    }
    size_t hl = strcspn(p, ":/");
    if (hl == 0 || hl >= sizeof u->host)
        return SW_EINVAL;
    memcpy(u->host, p, hl);
    u->host[hl] = '\0';
    p += hl;
    snprintf(u->port, sizeof u->port, "%s", u->tls ? "443" : "80");
    if (*p == ':') {
        size_t pl = strcspn(++p, "/");
        if (pl == 0 || pl >= sizeof u->port)
            return SW_EINVAL;
        memcpy(u->port, p, pl);
        u->port[pl] = '\0';
        p += pl;
    }
    size_t n = strlen(p);
    while (n && p[n - 1] == '/')
        n--;
    if ((size_t)snprintf(u->path, sizeof u->path, "%.*s%s", (int)n, p, suffix) >= sizeof u->path)
        return SW_EINVAL;
    return SW_OK;
}

static int connect_to(const url *u, int timeout_s, char *err, size_t errsz)
{
    struct addrinfo hints = {0}, *res;
    hints.ai_socktype = SOCK_STREAM;
    int g = getaddrinfo(u->host, u->port, &hints, &res);
    if (g) {
        snprintf(err, errsz, "%s:%s: %s", u->host, u->port, gai_strerror(g));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0)
            continue;
        struct timeval tv = {.tv_sec = timeout_s};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    if (fd < 0)
        snprintf(err, errsz, "%s:%s: cannot connect: %s", u->host, u->port, strerror(errno));
    freeaddrinfo(res);
    return fd;
}

/* One connection, plain or TLS. */
typedef struct conn {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
} conn;

static int conn_open(conn *c, const url *u, int timeout_s, char *err, size_t errsz)
{
    memset(c, 0, sizeof *c);
    c->fd = connect_to(u, timeout_s, err, errsz);
    if (c->fd < 0)
        return SW_EIO;
    if (!u->tls)
        return SW_OK;
    c->ctx = SSL_CTX_new(TLS_client_method());
    if (!c->ctx || SSL_CTX_set_default_verify_paths(c->ctx) != 1)
        goto tls_fail;
    SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
    c->ssl = SSL_new(c->ctx);
    if (!c->ssl || SSL_set_tlsext_host_name(c->ssl, u->host) != 1 || SSL_set1_host(c->ssl, u->host) != 1 ||
        SSL_set_fd(c->ssl, c->fd) != 1 || SSL_connect(c->ssl) != 1)
        goto tls_fail;
    return SW_OK;
tls_fail:
    snprintf(err, errsz, "%s:%s: TLS: %s", u->host, u->port, ERR_reason_error_string(ERR_get_error()));
    return SW_EIO;
}

static void conn_close(conn *c)
{
    if (c->ssl) {
        SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
    }
    SSL_CTX_free(c->ctx);
    if (c->fd >= 0)
        close(c->fd);
}

static int conn_write(conn *c, const char *p, size_t n)
{
    while (n) {
        long w = c->ssl ? SSL_write(c->ssl, p, (int)n) : (long)write(c->fd, p, n);
        if (w <= 0) {
            if (!c->ssl && w < 0 && errno == EINTR)
                continue;
            return SW_EIO;
        }
        p += w;
        n -= (size_t)w;
    }
    return SW_OK;
}

static int conn_read_all(conn *c, sw_buf *out)
{
    char tmp[16384];
    for (;;) {
        long r = c->ssl ? SSL_read(c->ssl, tmp, sizeof tmp) : (long)read(c->fd, tmp, sizeof tmp);
        if (r == 0)
            return SW_OK;
        if (r < 0) {
            if (!c->ssl && errno == EINTR)
                continue;
            /* a TLS peer that closes without close_notify ends the body too */
            return c->ssl && out->len ? SW_OK : SW_EIO;
        }
        sw_buf_append(out, tmp, (size_t)r);
        if (out->len > (64u << 20))
            return SW_EIO;
    }
}

/* De-chunks body[0..n) in place; returns the new length or -1. */
static long dechunk(char *body, size_t n)
{
    size_t in = 0, out = 0;
    for (;;) {
        char *end;
        unsigned long len = strtoul(body + in, &end, 16);
        if (end == body + in)
            return -1;
        char *nl = memchr(end, '\n', n - (size_t)(end - body));
        if (!nl)
            return -1;
        in = (size_t)(nl - body) + 1;
        if (len == 0)
            return (long)out;
        if (len > n - in)
            return -1;
        memmove(body + out, body + in, len);
        out += len;
        in += len;
        while (in < n && (body[in] == '\r' || body[in] == '\n'))
            in++;
    }
}

static void build_body(const sw_wm_oai_request *req, sw_buf *b)
{
    sw_json_obj_begin(b);
    sw_json_key(b, "model");
    sw_json_str(b, req->model);
    if (req->chat) {
        sw_json_key(b, "messages");
        sw_json_arr_begin(b);
        sw_json_obj_begin(b);
        sw_json_key(b, "role");
        sw_json_str(b, "user");
        sw_json_key(b, "content");
        sw_json_str(b, req->prompt);
        sw_json_obj_end(b);
        sw_json_arr_end(b);
    } else {
        sw_json_key(b, "prompt");
        sw_json_str(b, req->prompt);
    }
    sw_json_key(b, "max_tokens");
    sw_json_int(b, req->max_tokens);
    sw_json_key(b, "temperature");
    sw_json_num(b, req->temperature);
    if (req->seed >= 0) {
        sw_json_key(b, "seed");
        sw_json_int(b, req->seed);
    }
    sw_json_obj_end(b);
}

static int extract_text(const char *body, size_t n, int chat, char **text, char *err, size_t errsz)
{
    cJSON *root = cJSON_ParseWithLength(body, n);
    if (!root) {
        snprintf(err, errsz, "response is not JSON");
        return SW_EPARSE;
    }
    cJSON *choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
    cJSON *first = cJSON_IsArray(choices) ? cJSON_GetArrayItem(choices, 0) : NULL;
    cJSON *t = NULL;
    if (first) {
        if (chat) {
            cJSON *msg = cJSON_GetObjectItemCaseSensitive(first, "message");
            t = msg ? cJSON_GetObjectItemCaseSensitive(msg, "content") : NULL;
        } else {
            t = cJSON_GetObjectItemCaseSensitive(first, "text");
        }
    }
    int rc = SW_OK;
    if (!cJSON_IsString(t)) {
        snprintf(err, errsz, "response has no choices[0].%s", chat ? "message.content" : "text");
        rc = SW_EPARSE;
    } else if (!(*text = strdup(t->valuestring))) {
        rc = SW_ENOMEM;
    }
    cJSON_Delete(root);
    return rc;
}

int sw_wm_oai_complete(const sw_wm_oai_request *req, char **text, char *err, size_t errsz)
{
    *text = NULL;
    url u;
    if (parse_url(req->base_url, req->chat ? "/chat/completions" : "/completions", &u) != SW_OK) {
        snprintf(err, errsz, "'%s' is not an http:// or https:// URL", req->base_url);
        return SW_EINVAL;
    }
    sw_buf body, msg, reply;
    sw_buf_init(&body);
    sw_buf_init(&msg);
    sw_buf_init(&reply);
    build_body(req, &body);
    sw_buf_printf(&msg, "POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: stillwatch-wm\r\n"
                        "Content-Type: application/json\r\nAccept: application/json\r\n"
                        "Content-Length: %zu\r\nConnection: close\r\n",
                  u.path, u.host, body.len);
    if (req->api_key)
        sw_buf_printf(&msg, "Authorization: Bearer %s\r\n", req->api_key);
    sw_buf_puts(&msg, "\r\n");
    sw_buf_append(&msg, body.data, body.len);

    conn c;
    int rc = conn_open(&c, &u, req->timeout_s > 0 ? req->timeout_s : 300, err, errsz);
    if (rc == SW_OK && (conn_write(&c, msg.data, msg.len) != SW_OK || conn_read_all(&c, &reply) != SW_OK)) {
        snprintf(err, errsz, "%s:%s: connection failed or timed out", u.host, u.port);
        rc = SW_EIO;
    }
    conn_close(&c);
    if (rc == SW_OK) {
        sw_buf_putc(&reply, '\0');
        char *head_end = strstr(reply.data, "\r\n\r\n");
        int status = 0;
        if (!head_end || sscanf(reply.data, "HTTP/%*s %d", &status) != 1) {
            snprintf(err, errsz, "%s:%s: malformed HTTP response", u.host, u.port);
            rc = SW_EIO;
        } else {
            *head_end = '\0';
            char *b = head_end + 4;
            long n = (long)(reply.len - 1 - (size_t)(b - reply.data));
            char *te = strcasestr(reply.data, "\ntransfer-encoding:");
            if (te && strcasestr(te, "chunked"))
                n = dechunk(b, (size_t)n);
            if (n < 0) {
                snprintf(err, errsz, "%s:%s: malformed chunked body", u.host, u.port);
                rc = SW_EIO;
            } else if (status != 200) {
                snprintf(err, errsz, "%s%s: HTTP %d: %.200s", u.host, u.path, status, b);
                rc = SW_EIO;
            } else {
                rc = extract_text(b, (size_t)n, req->chat, text, err, errsz);
            }
        }
    }
    sw_buf_free(&body);
    sw_buf_free(&msg);
    sw_buf_free(&reply);
    return rc;
}
