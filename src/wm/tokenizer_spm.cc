/*
 * tokenizer_spm.cc — the C shim over libsentencepiece (see tokenizer_spm.h).
 *
 * Kept as small as the job allows: each function converts its arguments,
 * calls SentencePieceProcessor, and turns a failed Status or a C++ exception
 * into an error code, so that no exception ever crosses into C. Results are
 * copied into malloc'd memory, which C callers free with free().
 */
#include "wm/tokenizer_spm.h"

#include <sentencepiece_processor.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "core/error.h"

struct sw_spm {
    sentencepiece::SentencePieceProcessor proc;
};

extern "C" int sw_spm_open(struct sw_spm **out, const char *path, char *err, size_t errsz)
{
    *out = nullptr;
    try {
        FILE *f = std::fopen(path, "rb"); // tell "missing" apart from "not a model"
        if (!f) {
            if (err && errsz)
                std::snprintf(err, errsz, "%s: no such file", path);
            return SW_ENOTFOUND;
        }
        std::fclose(f);
        sw_spm *m = new sw_spm;
        auto st = m->proc.Load(path);
        if (!st.ok()) {
            if (err && errsz)
                std::snprintf(err, errsz, "%s: %s", path, st.ToString().c_str());
            delete m;
            return SW_EPARSE;
        }
        *out = m;
        return SW_OK;
    } catch (const std::bad_alloc &) {
        return SW_ENOMEM;
    } catch (...) {
        return SW_EPARSE;
    }
}

extern "C" void sw_spm_free(struct sw_spm *m)
{
    delete m;
}

extern "C" uint32_t sw_spm_vocab_size(const struct sw_spm *m)
{
    return (uint32_t)m->proc.GetPieceSize();
}

extern "C" int sw_spm_encode(const struct sw_spm *m, const char *text, size_t n, uint32_t **ids, size_t *nids)
{
    try {
        std::vector<int> v;
        auto st = m->proc.Encode(std::string_view(text, n), &v);
        if (!st.ok())
            return SW_EINVAL;
        uint32_t *a = static_cast<uint32_t *>(std::malloc((v.size() ? v.size() : 1) * sizeof *a));
        if (!a)
            return SW_ENOMEM;
        for (size_t i = 0; i < v.size(); i++)
            a[i] = (uint32_t)v[i];
        *ids = a;
        *nids = v.size();
        return SW_OK;
    } catch (const std::bad_alloc &) {
        return SW_ENOMEM;
    } catch (...) {
        return SW_EINVAL;
    }
}

extern "C" int sw_spm_decode(const struct sw_spm *m, const uint32_t *ids, size_t nids, char **out, size_t *outlen)
{
    try {
        std::vector<int> v(nids);
        uint32_t size = sw_spm_vocab_size(m);
        for (size_t i = 0; i < nids; i++) {
            if (ids[i] >= size)
                return SW_EINVAL; // the library does not check: an id past the end is read as is
            v[i] = (int)ids[i];
        }
        std::string s;
        if (!m->proc.Decode(v, &s).ok())
            return SW_EINVAL;
        char *p = static_cast<char *>(std::malloc(s.size() + 1));
        if (!p)
            return SW_ENOMEM;
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
        *out = p;
        *outlen = s.size();
        return SW_OK;
    } catch (const std::bad_alloc &) {
        return SW_ENOMEM;
    } catch (...) {
        return SW_EINVAL;
    }
}
