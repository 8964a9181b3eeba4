// The one thread-local error message of the library and the helper that raises errors.
#include <cstdarg>
#include <cstdio>

#include "common_internal.h"

namespace ams {

namespace {
thread_local std::string g_error;
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
