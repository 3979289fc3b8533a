/*
 * sw_test.h — the assertion header of the unit tests.
 *
 * Each test file defines functions registered with SW_TEST_RUN in main().
 * A failed CHECK prints file:line and the expression, marks the test failed
 * and goes on (so one run shows every failure); main returns non-zero if any
 * check failed, which CTest reports. The last line is "N passed, N failed".
 */
#ifndef SW_TEST_H
#define SW_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int sw_test_failed_checks;
static int sw_test_passed, sw_test_failed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            sw_test_failed_checks++;                                                               \
        }                                                                                          \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
    do {                                                                                           \
        long long sw_a_ = (long long)(a), sw_b_ = (long long)(b);                                  \
        if (sw_a_ != sw_b_) {                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld != %lld)\n", __FILE__, __LINE__,  \
                    #a, #b, sw_a_, sw_b_);                                                         \
            sw_test_failed_checks++;                                                               \
        }                                                                                          \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                         \
    do {                                                                                           \
        const char *sw_a_ = (a), *sw_b_ = (b);                                                     \
        if (!sw_a_ || !sw_b_ || strcmp(sw_a_, sw_b_) != 0) {                                       \
            fprintf(stderr, "%s:%d: CHECK failed: %s == %s (\"%s\" != \"%s\")\n", __FILE__,        \
                    __LINE__, #a, #b, sw_a_ ? sw_a_ : "(null)", sw_b_ ? sw_b_ : "(null)");         \
            sw_test_failed_checks++;                                                               \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double sw_a_ = (a), sw_b_ = (b);                                                           \
        if (!(fabs(sw_a_ - sw_b_) <= (tol))) {                                                     \
            fprintf(stderr, "%s:%d: CHECK failed: %s ~= %s (%g vs %g, tol %g)\n", __FILE__,        \
                    __LINE__, #a, #b, sw_a_, sw_b_, (double)(tol));                                \
            sw_test_failed_checks++;                                                               \
        }                                                                                          \
    } while (0)

#define SW_TEST_RUN(fn)                                                                            \
    do {                                                                                           \
        int sw_before_ = sw_test_failed_checks;                                                    \
        fn();                                                                                      \
        if (sw_test_failed_checks == sw_before_) {                                                 \
            sw_test_passed++;                                                                      \
        } else {                                                                                   \
            sw_test_failed++;                                                                      \
            fprintf(stderr, "FAIL %s\n", #fn);                                                     \
        }                                                                                          \
    } while (0)

#define SW_TEST_END()                                                                              \
    (printf("%d passed, %d failed\n", sw_test_passed, sw_test_failed), sw_test_failed ? 1 : 0)

#endif
