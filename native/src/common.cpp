// The one thread-local error message of the library, the helper that raises errors, and the
// admission of entry points into OpenBLAS at their thread count (BlasThreads).
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <mutex>

#include "common_internal.h"

namespace ams {

namespace {
thread_local std::string g_error;

// BlasThreads' state: callers in flight and the thread count they run at; tickets keep the
// admission in arrival order.
std::mutex g_blas_mu;
std::condition_variable g_blas_cv;
int g_blas_count = 0;
int64_t g_blas_active = 0;
uint64_t g_blas_next = 0, g_blas_serving = 0;
}  // namespace

void blas_enter(int n) {
  std::unique_lock<std::mutex> lock(g_blas_mu);
  const uint64_t ticket = g_blas_next++;
  g_blas_cv.wait(lock, [&] {
    return g_blas_serving == ticket && (g_blas_active == 0 || g_blas_count == n);
  });
  if (g_blas_active == 0) {
    g_blas_count = n;
    // nobody of ours is inside OpenBLAS now: the count can change without touching a call
    if (openblas_get_num_threads() != n) openblas_set_num_threads(n);
  }
  ++g_blas_active;
  ++g_blas_serving;
  lock.unlock();
  g_blas_cv.notify_all();  // the next ticket may run at the same count
}

void blas_leave() {
  std::lock_guard<std::mutex> lock(g_blas_mu);
  if (--g_blas_active == 0) g_blas_cv.notify_all();
}

std::string& last_error() { return g_error; }

void fail(int code, const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  throw Error{code, buf};
}

}  // namespace ams

extern "C" const char* ams_last_error(void) { return ams::last_error().c_str(); }
