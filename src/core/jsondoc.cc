/*
 * jsondoc.cc — the C interface over simdjson's DOM parser (see jsondoc.h).
 *
 * simdjson parses a whole document into a "tape" (one 64-bit word per value,
 * strings unescaped into a side buffer) in a few hundred nanoseconds per KB,
 * and its element and iterator types are just (document, tape index) pairs.
 * They are trivially copyable, so a C handle (sw_jv, sw_jv_iter) holds
 * their bytes and each accessor copies them back into the C++ type: no
 * allocation, no virtual call, nothing to free.
 *
 * simdjson reads up to SIMDJSON_PADDING bytes past the end of its input, so
 * every line is first copied into a buffer owned by the document with that
 * much slack (a memcpy of a line costs far less than asking the library to
 * allocate a padded copy per call). The library validates UTF-8 as it
 * parses; when a line fails only that check, invalid bytes are replaced by
 * U+FFFD in the copy and the line is parsed again (see jsondoc.h for why).
 *
 * No C++ exception crosses into C: simdjson's error-code API is used
 * throughout and allocations go through new (std::nothrow).
 */
#include "core/jsondoc.h"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <new>
#include <type_traits>

extern "C" {
#include "core/buf.h"
}
#include "core/error.h"

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

static_assert(std::is_trivially_copyable<element>::value && sizeof(element) <= sizeof(sw_jv),
              "an element fits in sw_jv");
static_assert(std::is_trivially_copyable<object::iterator>::value &&
                  std::is_trivially_copyable<array::iterator>::value &&
                  2 * sizeof(object::iterator) + sizeof(uintptr_t) <= sizeof(sw_jv_iter) &&
                  2 * sizeof(array::iterator) + sizeof(uintptr_t) <= sizeof(sw_jv_iter),
              "two iterators and a kind fit in sw_jv_iter");

struct sw_jsondoc {
    simdjson::dom::parser parser;
    char *buf = nullptr; /* the input copy, padded */
    size_t cap = 0;
};

extern "C" int sw_jsondoc_new(sw_jsondoc **out)
{
    *out = new (std::nothrow) sw_jsondoc;
    return *out ? SW_OK : SW_ENOMEM;
}

extern "C" void sw_jsondoc_free(sw_jsondoc *d)
{
    if (!d)
        return;
    std::free(d->buf);
    delete d;
}

static bool reserve(sw_jsondoc *d, size_t n)
{
    size_t want = n + simdjson::SIMDJSON_PADDING;
    if (want <= d->cap)
        return true;
    size_t cap = d->cap ? d->cap : 4096;
    while (cap < want)
        cap *= 2;
    char *b = static_cast<char *>(std::realloc(d->buf, cap));
    if (!b)
        return false;
    d->buf = b;
    d->cap = cap;
    return true;
}

/* Copies text into d->buf with every byte that starts no well-formed
 * sequence replaced by U+FFFD; returns the new length, or 0 on OOM. */
static size_t copy_repaired(sw_jsondoc *d, const char *text, size_t n)
{
    if (!reserve(d, 3 * n)) /* each bad byte grows to three */
        return 0;
    const unsigned char *s = reinterpret_cast<const unsigned char *>(text);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = sw_utf8_len(s + i, n - i);
        if (k) {
            std::memcpy(d->buf + o, s + i, k);
            o += k;
            i += k;
        } else {
            std::memcpy(d->buf + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    return o;
}

static void set_err(char *err, size_t errsz, simdjson::error_code e)
{
    if (err && errsz)
        std::snprintf(err, errsz, "%s", simdjson::error_message(e));
}

extern "C" int sw_jsondoc_parse(sw_jsondoc *d, const char *text, size_t n, sw_jv *root, char *err, size_t errsz)
{
    std::memset(root, 0, sizeof *root);
    if (!reserve(d, n))
        return SW_ENOMEM;
    std::memcpy(d->buf, text, n);
    element e;
    simdjson::error_code rc = d->parser.parse(d->buf, n, false).get(e);
    if (rc == simdjson::UTF8_ERROR) {
        size_t m = copy_repaired(d, text, n);
        if (!m)
            return SW_ENOMEM;
        rc = d->parser.parse(d->buf, m, false).get(e);
    }
    if (rc == simdjson::MEMALLOC) {
        set_err(err, errsz, rc);
        return SW_ENOMEM;
    }
    if (rc != simdjson::SUCCESS) {
        set_err(err, errsz, rc);
        return SW_EPARSE;
    }
    std::memcpy(root, &e, sizeof e);
    return SW_OK;
}

static bool is_absent(sw_jv v)
{
    return v.opaque[0] == 0;
}

static element elem(sw_jv v)
{
    element e;
    std::memcpy(static_cast<void *>(&e), &v, sizeof e);
    return e;
}

extern "C" sw_jv_type_t sw_jv_type(sw_jv v)
{
    if (is_absent(v))
        return SW_JV_ABSENT;
    switch (elem(v).type()) {
    case element_type::ARRAY:
        return SW_JV_ARRAY;
    case element_type::OBJECT:
        return SW_JV_OBJECT;
    case element_type::STRING:
        return SW_JV_STRING;
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
        return SW_JV_NUMBER;
    case element_type::BOOL:
        return SW_JV_BOOL;
    case element_type::NULL_VALUE:
        return SW_JV_NULL;
    }
    return SW_JV_ABSENT;
}

extern "C" const char *sw_jv_str(sw_jv v, size_t *len)
{
    if (is_absent(v))
        return nullptr;
    std::string_view s;
    if (elem(v).get_string().get(s) != simdjson::SUCCESS)
        return nullptr;
    if (len)
        *len = s.size();
    return s.data(); /* simdjson NUL-terminates strings in its buffer */
}

extern "C" bool sw_jv_num(sw_jv v, double *out)
{
    if (is_absent(v))
        return false;
    element e = elem(v);
    if (!e.is_number())
        return false;
    return e.get_double().get(*out) == simdjson::SUCCESS;
}

extern "C" bool sw_jv_is_true(sw_jv v)
{
    bool b = false;
    return !is_absent(v) && elem(v).get_bool().get(b) == simdjson::SUCCESS && b;
}

extern "C" size_t sw_jv_array_size(sw_jv v)
{
    if (is_absent(v))
        return 0;
    array a;
    if (elem(v).get_array().get(a) != simdjson::SUCCESS)
        return 0;
    return a.size();
}

enum { ITER_NONE, ITER_OBJECT, ITER_ARRAY };

/* sw_jv_iter layout: kind, then the current and the end iterator. */
template <typename It> static void iter_store(sw_jv_iter *it, uintptr_t kind, const It &cur, const It &end)
{
    unsigned char *p = reinterpret_cast<unsigned char *>(it->opaque);
    std::memcpy(p, &kind, sizeof kind);
    std::memcpy(p + sizeof kind, &cur, sizeof cur);
    std::memcpy(p + sizeof kind + sizeof cur, &end, sizeof end);
}

template <typename It> static void iter_load(const sw_jv_iter *it, It *cur, It *end)
{
    const unsigned char *p = reinterpret_cast<const unsigned char *>(it->opaque);
    std::memcpy(static_cast<void *>(cur), p + sizeof(uintptr_t), sizeof *cur);
    std::memcpy(static_cast<void *>(end), p + sizeof(uintptr_t) + sizeof *cur, sizeof *end);
}

extern "C" bool sw_jv_iter_init(sw_jv v, sw_jv_iter *it)
{
    std::memset(it, 0, sizeof *it);
    if (is_absent(v))
        return false;
    element e = elem(v);
    object o;
    if (e.get_object().get(o) == simdjson::SUCCESS) {
        iter_store(it, ITER_OBJECT, o.begin(), o.end());
        return true;
    }
    array a;
    if (e.get_array().get(a) == simdjson::SUCCESS) {
        iter_store(it, ITER_ARRAY, a.begin(), a.end());
        return true;
    }
    return false;
}

extern "C" bool sw_jv_next(sw_jv_iter *it, const char **key, size_t *keylen, sw_jv *val)
{
    uintptr_t kind;
    std::memcpy(&kind, it->opaque, sizeof kind);
    if (kind == ITER_OBJECT) {
        object::iterator cur, end;
        iter_load(it, &cur, &end);
        if (!(cur != end))
            return false;
        if (key)
            *key = cur.key_c_str();
        if (keylen)
            *keylen = cur.key_length();
        element e = cur.value();
        std::memcpy(val, &e, sizeof e);
        ++cur;
        iter_store(it, kind, cur, end);
        return true;
    }
    if (kind == ITER_ARRAY) {
        array::iterator cur, end;
        iter_load(it, &cur, &end);
        if (!(cur != end))
            return false;
        if (key)
            *key = nullptr;
        if (keylen)
            *keylen = 0;
        element e = *cur;
        std::memcpy(val, &e, sizeof e);
        ++cur;
        iter_store(it, kind, cur, end);
        return true;
    }
    return false;
}

extern "C" sw_jv sw_jv_member(sw_jv v, const char *name)
{
    sw_jv_iter it;
    sw_jv val, none;
    std::memset(&none, 0, sizeof none);
    if (sw_jv_type(v) != SW_JV_OBJECT || !sw_jv_iter_init(v, &it))
        return none;
    size_t want = std::strlen(name), keylen;
    const char *key;
    while (sw_jv_next(&it, &key, &keylen, &val))
        if (keylen == want && std::memcmp(key, name, want) == 0)
            return val;
    return none;
}

extern "C" int64_t sw_jv_count(sw_jv v)
{
    double d;
    if (!sw_jv_num(v, &d) || !std::isfinite(d) || d < 0 || d > 9e15)
        return -1;
    return static_cast<int64_t>(d);
}
