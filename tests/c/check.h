/* A minimal test harness for the C tests: no dependencies, one closing
 * line "N passed, N failed" that CI reads. */
#ifndef OAUTHSIG_TEST_CHECK_H
#define OAUTHSIG_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed;
static int check_failed;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (cond) {                                                            \
      check_passed++;                                                      \
    } else {                                                               \
      check_failed++;                                                      \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,     \
              #cond);                                                      \
    }                                                                      \
  } while (0)

#define CHECK_RC(expr, want)                                               \
  do {                                                                     \
    oauthsig_result check_rc_ = (expr);                                    \
    if (check_rc_ == (oauthsig_result)(want)) {                            \
      check_passed++;                                                      \
    } else {                                                               \
      char check_msg_[256];                                                \
      size_t check_len_ = 0;                                               \
      check_msg_[0] = 0;                                                   \
      oauthsig_last_error_message(check_msg_, sizeof check_msg_,           \
                                  &check_len_);                            \
      check_failed++;                                                      \
      fprintf(stderr, "%s:%d: %s returned %u (%s: %s), want %u\n",         \
              __FILE__, __LINE__, #expr, (unsigned)check_rc_,              \
              oauthsig_result_str((uint32_t)check_rc_), check_msg_,        \
              (unsigned)(want));                                           \
    }                                                                      \
  } while (0)

#define CHECK_STR(got, want)                                               \
  do {                                                                     \
    const char *check_got_ = (got);                                        \
    const char *check_want_ = (want);                                      \
    if (check_got_ && strcmp(check_got_, check_want_) == 0) {              \
      check_passed++;                                                      \
    } else {                                                               \
      check_failed++;                                                      \
      fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__,        \
              __LINE__, check_got_ ? check_got_ : "(null)", check_want_);  \
    }                                                                      \
  } while (0)

/* A (ptr, len) argument from a string literal or C string. */
#define S(s) (const uint8_t *)(s), strlen(s)

static int check_finish(void) {
  printf("%d passed, %d failed\n", check_passed, check_failed);
  return check_failed == 0 ? 0 : 1;
}

#endif
