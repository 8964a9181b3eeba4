// Internals shared by all native modules (nn, gp): the error type thrown inside the library,
// the C-boundary guard that turns it into a return code plus the thread-local
// ams_last_error() message, and per-call BLAS thread control. Not part of the C API.
#ifndef AMS_COMMON_INTERNAL_H
#define AMS_COMMON_INTERNAL_H

#include <cblas.h>

#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <type_traits>

#include "ams/error.h"

namespace ams {

// Thrown inside the library, turned into a negative return code plus the thread-local
// ams_last_error() message at the C boundary.
struct Error {
  int code;
  std::string msg;
};
enum : int {
  ERR_ARG = -1,       // bad argument (NULL, range, enum)
  ERR_STATE = -2,     // call not valid in the object's current state
  ERR_MISMATCH = -3,  // data / checkpoint does not fit the network
  ERR_MEMORY = -4,    // allocation failure
  ERR_INTERNAL = -5,  // unexpected exception
  ERR_NOT_PD = -6,    // matrix not positive definite even after jitter escalation (gp)
  ERR_CANCELLED = -7, // stopped by a cancel request (AMS_CANCELLED)
};
[[noreturn]] void fail(int code, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

// The calling thread's last error message (backs ams_last_error()).
std::string& last_error();

constexpr int32_t kMaxThreads = 1024;

// OpenBLAS has ONE thread count for the whole process (openblas_set_num_threads_local sets
// the same global as openblas_set_num_threads), every BLAS call reads it when it starts, and
// sgemm's sums round differently at 1 and at 2 threads. So a training must never run while
// another caller sets a different count: that changed its results (issue #10).
// BlasThreads admits an entry point into BLAS for its duration with thread count n: callers
// asking for the count in force run side by side; a caller asking for another count waits
// until those in flight have left, then sets the count. Admission is first come, first
// served, so neither count starves the other. Entry points hold it for their whole call and
// never nest.
void blas_enter(int n);
void blas_leave();

class BlasThreads {
 public:
  explicit BlasThreads(int n) { blas_enter(n); }
  ~BlasThreads() { blas_leave(); }
  BlasThreads(const BlasThreads&) = delete;
  BlasThreads& operator=(const BlasThreads&) = delete;
};

// Runs f and converts every failure into the thread-local message (prefixed with the
// entry point's name) and an error value: NULL for pointers, the negative code otherwise.
template <class F>
auto guard(const char* fn, F f) -> decltype(f()) {
  using R = decltype(f());
  auto err = [](int code) -> R {
    if constexpr (std::is_pointer_v<R>) {
      (void)code;
      return nullptr;
    } else {
      return R(code);
    }
  };
  std::string& msg = last_error();
  msg.clear();
  try {
    return f();
  } catch (const Error& e) {
    msg = std::string(fn) + ": " + e.msg;
    return err(e.code);
  } catch (const std::bad_alloc&) {
    msg = std::string(fn) + ": out of memory";
    return err(ERR_MEMORY);
  } catch (const std::exception& e) {
    msg = std::string(fn) + ": internal error: " + e.what();
    return err(ERR_INTERNAL);
  } catch (...) {
    msg = std::string(fn) + ": internal error (unknown exception)";
    return err(ERR_INTERNAL);
  }
}

inline void need(bool ok, const char* what) {
  if (!ok) fail(ERR_ARG, "%s", what);
}

inline void check_threads(int32_t threads) {
  if (threads < 1 || threads > kMaxThreads) fail(ERR_ARG, "threads must be in [1, %d] (got %d)", kMaxThreads, threads);
}

}  // namespace ams

#endif
